// Every relative link in README.md, DESIGN-NOTES.md and docs/**/*.md resolves in a clone: to a file
// or folder of the repository, and, when it names an anchor in a Markdown file, to a heading or an
// `<a id>` there. Public URLs (http:, https:, mailto:) are not followed; nothing outside the repo is allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/root.ts';

/** The Markdown pages a reader of a clone meets. */
function pages(): string[] {
  const docs = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? docs(path.join(dir, e.name)) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : [],
    );
  return [path.join(ROOT, 'README.md'), path.join(ROOT, 'DESIGN-NOTES.md'), ...docs(path.join(ROOT, 'docs'))];
}

/** Inline links `[text](target)` outside fenced code blocks and code spans. */
export function links(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '``');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/ /g, '-');
}

/** The anchors a Markdown page offers: its headings' slugs (numbered when repeated) and `<a id>`s. */
export function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const m of prose.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of markdown.matchAll(/<a (?:id|name)="([^"]+)"/g)) out.add(m[1]!);
  return out;
}

/** Why a link from `page` does not resolve, or undefined when it does. */
function broken(page: string, target: string): string | undefined {
  if (/^(?:https?|mailto):/.test(target)) return undefined;
  if (/^[a-z][\w+.-]*:/i.test(target)) return 'not a public URL';
  const [file, anchor] = target.split('#', 2) as [string, string | undefined];
  const resolved = file === '' ? page : path.resolve(path.dirname(page), decodeURIComponent(file));
  if (path.relative(ROOT, resolved).startsWith('..')) return 'points outside the repository';
  if (!existsSync(resolved)) return 'no such file';
  if (anchor === undefined || !resolved.endsWith('.md') || statSync(resolved).isDirectory()) return undefined;
  return anchors(readFileSync(resolved, 'utf8')).has(anchor) ? undefined : `no anchor #${anchor}`;
}

test('every relative link in README.md, DESIGN-NOTES.md and docs/ resolves inside the repository', () => {
  const problems: string[] = [];
  let count = 0;
  for (const page of pages()) {
    for (const target of links(readFileSync(page, 'utf8'))) {
      count++;
      const why = broken(page, target);
      if (why) problems.push(`${path.relative(ROOT, page)}: (${target}) ${why}`);
    }
  }
  assert.ok(count >= 20, `the pages link each other (${count} links found)`);
  assert.deepEqual(problems, []);
});

test('the link check sees what it must refuse', () => {
  const page = path.join(ROOT, 'README.md');
  assert.deepEqual(links('[a](docs/ci.md) `[b](x.md)` [c](https://example.com "t")\n```\n[d](y.md)\n```\n'), ['docs/ci.md', 'https://example.com']);
  assert.equal(broken(page, '../shared/DESIGN.md'), 'points outside the repository');
  assert.equal(broken(page, 'docs/no-such-page.md'), 'no such file');
  assert.equal(broken(page, 'docs/ci.md#no-such-heading'), 'no anchor #no-such-heading');
  assert.equal(broken(page, 'file:///etc/passwd'), 'not a public URL');
  assert.equal(broken(page, 'docs/ci.md#replay'), undefined);
  assert.equal(slug('Baselines and the CI summary (issue 8)'), 'baselines-and-the-ci-summary-issue-8');
  assert.equal(slug('Whole-API runs (issue 14, parts 1–3)'), 'whole-api-runs-issue-14-parts-13');
});
