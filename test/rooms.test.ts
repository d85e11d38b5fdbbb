// Rooms (DESIGN-NOTES "Rooms"): a lower room never imports from a higher one. Each rule below is a
// direction issue 15 part 4 removed; the test reads the import lines of every file in the lower room
// and fails when one of them resolves into the higher room again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/root.ts';

interface Rule {
  /** the lower room: a folder or a file, relative to the repo */
  from: string;
  /** the higher room it must not import */
  to: string;
  why: string;
}

export const FORBIDDEN: readonly Rule[] = [
  { from: 'interop', to: 'bench', why: 'interop ships in dist/ (the matrix\'s targets), bench does not: the reference launcher lives in interop/' },
  { from: 'suites/fuzz', to: 'suites/headers', why: 'the echo oracle (checks/oracle.ts) and the endpoint sender (transport/endpoint.ts) are shared below both suites' },
  { from: 'suites/sweep', to: 'suites/headers', why: 'the sweep predicts (checks/predict-case.ts), sends (transport/endpoint.ts) and observes (checks/oracle.ts) from below, not through the headers runner' },
  { from: 'suites/reporters', to: 'suites/harness.ts', why: 'the reporter runs in Playwright\'s runner, the harness in its workers: annotation names live in results.ts, the run comes as reporter options' },
  { from: 'suites/transport', to: 'suites/fuzz', why: 'every transport (the raw keep-alive pool too) and the one rate limiter (the gate\'s --rate) live in transport/; the fuzz suite uses them' },
  { from: 'suites/transport', to: 'suites/config.ts', why: 'every request passes the gate; it is configured by its caller (the CLI, the harness), not by reading the plan' },
];

/** The module specifiers a TypeScript source imports or re-exports, static or dynamic. */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/\bfrom\s*['"]([^'"\n]+)['"]|\bimport\s*\(?\s*['"]([^'"\n]+)['"]/g)) found.push(m[1] ?? m[2]!);
  return found;
}

function sourceFiles(room: string): string[] {
  const abs = path.join(ROOT, room);
  if (statSync(abs).isFile()) return [room];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ts$/.test(f) && !f.split(path.sep).includes('node_modules'))
    .map((f) => path.join(room, f));
}

function inRoom(file: string, room: string): boolean {
  return file === room || file.startsWith(`${room}/`);
}

/** `file`'s imports that land in `room`, as "file → specifier". */
function importsInto(file: string, room: string): string[] {
  const specifiers = importSpecifiers(readFileSync(path.join(ROOT, file), 'utf8')).filter((s) => s.startsWith('.'));
  return specifiers
    .filter((s) => inRoom(path.relative(ROOT, path.resolve(ROOT, path.dirname(file), s)).split(path.sep).join('/'), room))
    .map((s) => `${file} → ${s}`);
}

test('the import reader finds static, type-only, multi-line, re-exported and dynamic imports', () => {
  const source = [
    "import { a } from '../headers/run.ts';",
    "import type { B } from \"../config.ts\";",
    'import {\n  c,\n  d,\n} from \'./x.ts\';',
    "export { e } from '../bench/y.ts';",
    "const m = await import('../harness.ts');",
    "import 'node:fs';",
  ].join('\n');
  assert.deepEqual(importSpecifiers(source), ['../headers/run.ts', '../config.ts', './x.ts', '../bench/y.ts', '../harness.ts', 'node:fs']);
});

for (const rule of FORBIDDEN) {
  test(`no import from ${rule.from} into ${rule.to} (${rule.why})`, () => {
    const files = sourceFiles(rule.from);
    assert.ok(files.length > 0, `${rule.from} holds no source file: the rule guards nothing`);
    assert.ok(files.some((f) => importSpecifiers(readFileSync(path.join(ROOT, f), 'utf8')).length > 0), `no import read in ${rule.from}`);
    assert.deepEqual(files.flatMap((f) => importsInto(f, rule.to)), []);
  });
}
