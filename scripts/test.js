// npm test: type-check, then every *.test.ts under test/, reference-server/ and suites/ with
// node's test runner through tsx. Node 20's --test does not expand globs, so we list the files.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const ROOTS = ['test', 'reference-server', 'suites'];
const only = process.argv.slice(2);

function testFiles(dir) {
  let out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out = out.concat(testFiles(p));
    else if (entry.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = only.length ? only : ROOTS.flatMap((r) => testFiles(r)).sort();
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('npm test: tsc --noEmit failed');
  process.exit(tsc.status ?? 1);
}
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
