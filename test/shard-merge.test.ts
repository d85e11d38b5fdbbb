// Sharding through the real CLI: an unsharded run and the same run as shards 1/2 and 2/2 (same
// --seed) against the embedded reference server; `merge` of the two shard directories gives the
// unsharded run's results in the same order, one Playwright HTML report holding every test, and
// the screenshots of the docs suite. A missing shard, or one cut short, makes the merge untestable
// (exit 3); shards of different runs (exit 2 from the CLI), a shard given twice or a directory
// that is no shard's are usage errors; shards holding a failure merge to exit 1, and no file of
// theirs holds the token; a shard with no checks exits 0.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startReferenceServer } from '../reference-server/server.ts';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import { runCli } from './helpers/cli.ts';
import type { CliRun } from './helpers/cli.ts';
import { unzipEmbeddedReport } from './helpers/playwright-report.ts';
import { UsageError, parseOptions } from '../bin/args.ts';
import type { Options } from '../bin/args.ts';
import { mergeMain } from '../bin/merge.ts';

const TOKEN = 'shard-secret-token-51c9';
const RUN = ['--suites', 'headers,fuzz,openapi,docs', '--seed', '4242', '--fuzz-runs', '30'];
const work = mkdtempSync(path.join(os.tmpdir(), 'bc-shard-'));
const out = (name: string) => path.join(work, name);
const merge = (dirs: string[], reportDir: string, ...extra: string[]) =>
  runCli(['merge', ...dirs, ...extra], { reportDir, timeoutMs: 120_000 });
const verdicts = (r: ConformanceReport) => r.results.map((x) => `${x.id} ${x.level} ${x.verdict}`);
const errors = (run: CliRun) => (existsSync(path.join(run.reportDir, 'conformance.json')) ? run.report().results.filter((r) => r.verdict === 'error').map((r) => `${r.id}: ${r.message}`) : []);
const expectExit = (run: CliRun, code: number) => assert.equal(run.code, code, `${run.stdout.slice(-1500)}\n${run.stderr}\n${errors(run).join('\n')}`);

let unsharded: CliRun;
let shard1: CliRun;
let shard2: CliRun;

before(async () => {
  [unsharded, shard1, shard2] = [
    await runCli(RUN, { reportDir: out('unsharded'), timeoutMs: 120_000 }),
    await runCli([...RUN, '--shard', '1/2'], { reportDir: out('shard-1'), timeoutMs: 120_000 }),
    await runCli([...RUN, '--shard', '2/2'], { reportDir: out('shard-2'), timeoutMs: 120_000 }),
  ];
});

test('--shard takes i/n with 1 ≤ i ≤ n, else a one-line usage error', () => {
  assert.deepEqual((parseOptions(['--shard', '2/3']) as Options).shard, { current: 2, total: 3 });
  assert.equal((parseOptions([]) as Options).shard, undefined);
  for (const bad of ['0/2', '3/2', '1/0', 'a/b', '1', '1/2/3', '1.5/2']) {
    assert.throws(() => parseOptions(['--shard', bad]), (e: Error) => e instanceof UsageError && /^--shard expects i\/n with 1 ≤ i ≤ n/.test(e.message), bad);
  }
});

test('each shard runs part of the checks and records which part it is', () => {
  expectExit(unsharded, 0);
  expectExit(shard1, 0);
  expectExit(shard2, 0);
  const [a, b, all] = [shard1.report(), shard2.report(), unsharded.report()];
  assert.deepEqual(a.shard, { current: 1, total: 2, suites: ['headers', 'fuzz', 'openapi', 'docs'], seed: 4242, embedded: true });
  assert.deepEqual(b.shard && [b.shard.current, b.shard.total], [2, 2]);
  assert.equal(all.shard, undefined);
  assert.ok(a.results.length > 0 && b.results.length > 0, `both shards hold checks: ${a.results.length}, ${b.results.length}`);
  assert.ok(a.results.length < all.results.length && b.results.length < all.results.length);
  assert.ok(existsSync(path.join(shard1.reportDir, 'blob', 'shard-1-of-2.zip')), 'shard 1 leaves its Playwright blob');
  assert.ok(existsSync(path.join(shard2.reportDir, 'blob', 'shard-2-of-2.zip')), 'shard 2 leaves its Playwright blob');
});

test('merging the shards gives the unsharded results, in order, with one Playwright report', async () => {
  const merged = await merge([shard2.reportDir, shard1.reportDir], out('merged')); // order on the command line does not matter
  expectExit(merged, 0);
  const [m, all] = [merged.report(), unsharded.report()];
  assert.deepEqual(verdicts(m), verdicts(all));
  assert.deepEqual(m.summary, all.summary);
  assert.equal(m.partial, false);
  assert.equal(m.interruption, undefined);
  assert.deepEqual(m.merged?.shards.map((s) => [s.current, s.results]), [[1, shard1.report().results.length], [2, shard2.report().results.length]]);
  assert.deepEqual(m.merged?.missing, []);
  assert.equal(m.startedAt, shard1.report().startedAt, 'the earliest start');

  const shots = m.results.flatMap((r) => (r.evidence.screenshots as string[] | undefined) ?? []);
  assert.ok(shots.length > 0, 'the docs suite took screenshots');
  for (const shot of shots) assert.ok(existsSync(path.join(merged.reportDir, shot)), `${shot} copied beside the merged index.html`);
  for (const file of ['conformance.json', 'index.html', 'junit.xml']) assert.ok(existsSync(path.join(merged.reportDir, file)), file);

  const html = path.join(merged.reportDir, 'playwright', 'index.html');
  assert.ok(existsSync(html), "Playwright's merged HTML report");
  const stats = JSON.parse(unzipEmbeddedReport(readFileSync(html, 'utf8')).get('report.json')!).stats as { total: number };
  assert.equal(stats.total, all.results.length, 'every test of both shards is in the merged Playwright report');
});

test('a missing shard, or one cut short, makes the merge partial and untestable (exit 3)', async () => {
  const missing = await merge([shard1.reportDir], out('missing'));
  expectExit(missing, 3);
  const m = missing.report();
  assert.equal(m.partial, true);
  assert.equal(m.summary.verdict, 'untestable');
  assert.match(m.interruption ?? '', /shard 2\/2 not given/);
  assert.deepEqual(m.merged?.missing, [2]);
  assert.deepEqual(verdicts(m), verdicts(shard1.report()));

  const cut = await runCli([...RUN, '--shard', '2/2', '--max-requests', '5'], { reportDir: out('shard-2-cut'), timeoutMs: 120_000 });
  expectExit(cut, 3);
  assert.equal(cut.report().partial, true);
  const merged = await merge([shard1.reportDir, cut.reportDir], out('cut'));
  expectExit(merged, 3);
  assert.equal(merged.report().partial, true);
  assert.match(merged.report().interruption ?? '', /shard 2\/2 \(.*shard-2-cut\) did not finish: .*--max-requests 5/);
  assert.deepEqual(merged.report().merged?.missing, []);
});

test('shards given twice, not shards, or missing are usage errors', async () => {
  const cases: [string[], RegExp][] = [
    [[shard1.reportDir, shard1.reportDir], /shard 1\/2 is given twice/],
    [[unsharded.reportDir], /is not a shard's report/],
    [[out('nowhere')], /cannot read .*conformance\.json: not found/],
    [[], /merge needs the report directories/],
    [[shard1.reportDir, '--bogus'], /^merge: Unknown option '--bogus'$/],
    [[shard1.reportDir, shard2.reportDir, '--report', shard1.reportDir], /is one of the shard directories/],
  ];
  for (const [args, pattern] of cases) {
    await assert.rejects(mergeMain([...args, ...(args.includes('--report') ? [] : ['--report', out('refused')])]), (e: Error) => e instanceof UsageError && pattern.test(e.message), pattern.source);
  }
});

let server: Awaited<ReturnType<typeof startReferenceServer>>;
before(async () => {
  server = await startReferenceServer({ port: 0, mode: 'fastapi@0.92', quiet: true });
});
after(async () => server.close());

test('failing shards merge to exit 1; an empty shard exits 0; shards of another profile do not merge', async () => {
  const headers = ['--target', server.url, '--suites', 'headers', '--seed', '4242', '--token', TOKEN];
  const fail1 = await runCli([...headers, '--profile', 'documented', '--shard', '1/2'], { reportDir: out('fail-1'), timeoutMs: 120_000 });
  const empty2 = await runCli([...headers, '--profile', 'documented', '--shard', '2/2'], { reportDir: out('fail-2'), timeoutMs: 120_000 });
  expectExit(fail1, 1);
  expectExit(empty2, 0);
  assert.equal(empty2.report().results.length, 0, 'one suite file: shard 2/2 gets nothing');
  assert.match(empty2.stdout, /shard 2\/2 got no checks/);

  const merged = await merge([fail1.reportDir, empty2.reportDir], out('fail-merged'));
  expectExit(merged, 1);
  assert.equal(merged.report().summary.verdict, 'nonconformant');
  assert.ok(merged.report().results.some((r) => r.id === 'headers.empty-token' && r.verdict === 'fail'), 'FastAPI 0.92 accepts an empty token');
  assert.ok(!merged.allReportText().includes(TOKEN), 'the token is in no merged file, Playwright\'s merged report unpacked');
  assert.ok(fail1.allReportText().includes('"method":"onTestEnd"'), "the shard's blob zip is unpacked by the search below");
  assert.ok(!fail1.allReportText().includes(TOKEN), "the token is in no file of the shard's report directory, its blob zip unpacked");

  const baseline = path.join(work, 'baseline.json');
  const accepted = await merge([fail1.reportDir, empty2.reportDir], out('fail-baseline'), '--baseline', baseline, '--update-baseline');
  expectExit(accepted, 0);
  assert.ok(existsSync(baseline), 'merge --update-baseline writes the baseline');

  const other = await runCli([...headers, '--profile', 'fastapi', '--shard', '2/2'], { reportDir: out('other-2'), timeoutMs: 120_000 });
  expectExit(other, 0);
  const mismatch = await merge([fail1.reportDir, other.reportDir], out('mismatch'));
  expectExit(mismatch, 2);
  assert.match(mismatch.stderr, /not from one run: profile is documented in .* but fastapi in /);
});
