// The project's tests, in three tiers (node's test runner through tsx; Node 20's --test does not
// expand globs, so the files are listed here):
//   fast  (npm test)          tsc, then pure and in-process tests: the model, the checks, the
//                             transports, the suites' runners against in-process targets, the
//                             reference server's unit tests. Files run two at a time.
//   e2e   (npm run test:e2e)  the CLI end to end, the browser, real FastAPI and the interop apps.
//   soak  (npm run test:soak) attack and volume runs; their volume from BEARER_CONFORMANCE_SOAK_SCALE.
//   all   (npm run test:all)  tsc and every tier, what .ci/run runs.
// `node scripts/test.js [--tier fast|e2e|soak|all] [FILE…]`: files given run alone, after tsc.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const ROOTS = ['test', 'reference-server', 'suites'];

/** Tests that start the CLI, a browser, real FastAPI or an interop app: minutes, not seconds. */
const E2E = [
  'test/action.test.ts',
  'test/baseline.test.ts',
  'test/catalogue-registered.test.ts',
  'test/ci-recipe.test.ts',
  'test/cli.test.ts',
  'test/docs-faults.test.ts',
  'test/docs.test.ts',
  'test/fuzz-levels.test.ts',
  'test/hostile-targets.test.ts',
  'test/interop-fastapi-scopes.test.ts',
  'test/interop-fastapi-http-bearer.test.ts',
  'test/interop-fastapi-jwt.test.ts',
  'test/install.test.ts',
  'test/interop-fastapi-tutorials.test.ts',
  'test/interop-fastapi.test.ts',
  'test/interop-targets.test.ts',
  'test/matrix.test.ts',
  'test/nothing-lost.test.ts',
  'test/replay.test.ts',
  'test/reporter.test.ts',
  'test/safe-defaults.test.ts',
  'test/secrets.test.ts',
  'test/shard-merge.test.ts',
  'test/token-oracles.test.ts',
  'test/whole-api.test.ts',
];

/** Volume: hundreds of thousands of requests. */
const SOAK = ['reference-server/attack.test.ts'];

/** How many test files run at once in each tier (the e2e and soak tiers measure time and load). */
const CONCURRENCY = { fast: 2, e2e: 1, soak: 1 };

function testFiles(dir) {
  let out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out = out.concat(testFiles(p));
    else if (entry.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function tierFiles(tier) {
  const all = ROOTS.flatMap((r) => testFiles(r)).sort();
  if (tier === 'e2e') return E2E;
  if (tier === 'soak') return SOAK;
  return all.filter((f) => !E2E.includes(f) && !SOAK.includes(f));
}

function parseArgs(argv) {
  const i = argv.indexOf('--tier');
  const tier = i < 0 ? 'fast' : argv[i + 1];
  const files = argv.filter((a, j) => a !== '--tier' && j !== i + 1);
  if (!['fast', 'e2e', 'soak', 'all'].includes(tier)) {
    console.error(`npm test: unknown tier "${tier}" (fast, e2e, soak, all)`);
    process.exit(2);
  }
  return { tier, files };
}

function run(files, concurrency, label) {
  console.log(`\n# tier ${label}: ${files.length} files, ${concurrency} at a time`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit' });
  console.log(`# tier ${label}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return result.status ?? 1;
}

const { tier, files } = parseArgs(process.argv.slice(2));
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('npm test: tsc --noEmit failed');
  process.exit(tsc.status ?? 1);
}
if (files.length) process.exit(run(files, 1, 'files'));
const tiers = tier === 'all' ? ['fast', 'e2e', 'soak'] : [tier];
let status = 0;
for (const t of tiers) status = run(tierFiles(t), CONCURRENCY[t], t) || status;
process.exit(status);
