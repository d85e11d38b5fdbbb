// docs/requirements.md, rendered from the catalogue: per requirement, under each profile, its level,
// what is sent and expected (the check's title; for header cases the model's prediction), its source
// and quote. Pure: scripts/docs-requirements.ts writes it, test/catalogue-page.test.ts keeps it current.
import path from 'node:path';
import { PROFILES } from '../model/profiles.ts';
import type { ProfileName } from '../model/types.ts';
import { SUITES } from '../results.ts';
import { allRequirements } from './requirements.ts';
import type { ProfileClause, Requirement } from './requirement.ts';
import { locateSource } from './sources.ts';

export const PAGE_PATH = 'docs/requirements.md';

const HEADER = `# Requirements

Generated from the catalogue (\`suites/catalogue/requirements.ts\`) by \`npm run docs:requirements\`;
do not edit by hand (\`test/catalogue-page.test.ts\` fails when this page is stale). \`bearer-conformance
--list --profile P\` prints the same list. Each requirement shows, per profile, its level, what is sent
and expected, and where that comes from with a verbatim quote (the texts are in [sources/](sources/README.md)).
Header cases are listed as a run without \`--token\` judges them (the demo token \`<token>\`).
`;

/** A table cell: pipes escaped, `<` escaped outside code spans (`<token>` is not an HTML tag), whitespace runs one space. */
function cell(s: string): string {
  const escaped = s.split('`').map((part, i) => (i % 2 === 0 ? part.replaceAll('<', '&lt;') : part)).join('`');
  return escaped.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

/** The source's ref linked to its in-repo text (and its RFC's public URL). */
function sourceCell(c: ProfileClause): string {
  const where = locateSource(c.source);
  if (!where) return cell(c.source.ref);
  const href = path.posix.relative(path.posix.dirname(PAGE_PATH), where.files[0]!) + (where.anchor ? `#${where.anchor}` : '');
  return `[${cell(c.source.ref)}](${href})${where.url ? ` ([text](${where.url}))` : ''}`;
}

/** Profiles that judge the requirement alike (same level, title and source) share one row. */
function rows(r: Requirement): string[] {
  const groups = new Map<string, { profiles: ProfileName[]; clause: ProfileClause }>();
  for (const p of PROFILES) {
    const c = r.profiles[p];
    if (!c) continue;
    const key = JSON.stringify([c.level, c.title, c.source]);
    const group = groups.get(key) ?? { profiles: [], clause: c };
    group.profiles.push(p);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ profiles, clause: c }) =>
    `| ${profiles.map((p) => `\`${p}\``).join(', ')} | ${c.level} | ${cell(c.title)}${c.clause ? ` (clause \`${c.clause}\`)` : ''} | ${sourceCell(c)}: “${cell(c.source.quote)}” |`);
}

function section(r: Requirement): string {
  const absent = PROFILES.filter((p) => !r.profiles[p]);
  return [
    `### \`${r.id}\``,
    '',
    ...(r.when ? [`Registered only ${r.when}.`, ''] : []),
    ...(absent.length ? [`Not judged under ${absent.map((p) => `\`${p}\``).join(', ')}.`, ''] : []),
    '| profiles | level | sends; expects | source: quote |',
    '|---|---|---|---|',
    ...rows(r),
    '',
  ].join('\n');
}

export function renderRequirementsPage(): string {
  const all = allRequirements();
  const parts = SUITES.flatMap((suite) => {
    const here = all.filter((r) => r.suite === suite);
    return here.length ? [`## The ${suite} suite (${here.length})\n`, ...here.map(section)] : [];
  });
  return [HEADER, ...parts].join('\n');
}
