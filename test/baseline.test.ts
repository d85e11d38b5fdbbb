// Baseline gating through the real CLI: a FastAPI 0.92-like target judged under the documented
// profile fails known requirements. Recorded in a baseline they pass the gate; a failure the file
// does not record fails it (exit 1); a recorded failure that now passes is reported fixed, and an
// entry no requirement produces any more is reported stale. The Markdown summary for
// $GITHUB_STEP_SUMMARY carries the same judgement and never the token.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startReferenceServer } from '../reference-server/server.ts';
import type { BaselineFile } from '../bin/baseline.ts';
import { UNEXPLAINED } from '../bin/baseline.ts';
import { runCli } from './helpers/cli.ts';

const TOKEN = 'baseline-secret-token-7f3a';
let server: Awaited<ReturnType<typeof startReferenceServer>>;
const dir = mkdtempSync(path.join(os.tmpdir(), 'bc-baseline-'));
const file = path.join(dir, 'baseline.json');

before(async () => {
  server = await startReferenceServer({ port: 0, mode: 'fastapi@0.92', quiet: true });
});
after(async () => server.close());

const run = (...extra: string[]) =>
  runCli(['--target', server.url, '--profile', 'documented', '--suites', 'headers', '--token', TOKEN, '--baseline', file, ...extra], { timeoutMs: 120_000 });
const readFile = () => JSON.parse(readFileSync(file, 'utf8')) as BaselineFile;

test('a missing baseline file is a usage error before anything is sent', async () => {
  const r = await runCli(['--suites', 'headers', '--baseline', path.join(dir, 'absent.json')], { timeoutMs: 30_000 });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /absent\.json does not exist \(create it with --update-baseline\)/);
  assert.doesNotMatch(r.stdout, /running \d+ checks/);
});

test('--update-baseline records the failures with placeholder reasons and exits 0', async () => {
  const r = await run('--update-baseline');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.report().summary.verdict, 'nonconformant', 'the target does fail: the baseline accepts that');
  const b = readFile();
  const failing = r.report().results.filter((x) => x.verdict === 'fail').map((x) => x.id).sort();
  assert.ok(failing.includes('headers.empty-token'), `FastAPI 0.92 accepts an empty token: ${failing}`);
  assert.deepEqual(Object.keys(b.entries).sort(), failing);
  for (const e of Object.values(b.entries)) assert.ok(e.reason.startsWith(UNEXPLAINED), e.reason);
  assert.equal(b.profile, 'documented');
  assert.ok(!readFileSync(file, 'utf8').includes(TOKEN), 'the token is not in the baseline file');
});

test('known failures pass the gate; fixed and stale entries are reported with their reasons', async () => {
  const b = readFile();
  b.entries['headers.empty-token']!.reason = 'FastAPI 0.92 accepts "Bearer " (fixed in 0.128.1); upgrade tracked in OPS-12';
  b.entries['headers.missing'] = { verdict: 'fail', suite: 'headers', reason: 'was broken behind the old proxy' };
  b.entries['headers.no-longer-exists'] = { verdict: 'fail', suite: 'headers', reason: 'renamed requirement' };
  b.entries['docs.not-run-here'] = { verdict: 'fail', suite: 'docs', reason: 'docs suite not run in this job' };
  writeFileSync(file, JSON.stringify(b, null, 2));
  const summary = path.join(dir, 'step-summary.md');
  writeFileSync(summary, '# earlier step\n');

  const r = await runCli(['--target', server.url, '--profile', 'documented', '--suites', 'headers', '--token', TOKEN, '--baseline', file],
    { timeoutMs: 120_000, env: { GITHUB_STEP_SUMMARY: summary } });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const section = r.report().baseline!;
  assert.deepEqual(section.newFailures, []);
  assert.ok(section.known.some((k) => k.id === 'headers.empty-token' && k.reason.includes('OPS-12')));
  assert.deepEqual(section.fixed, [{ id: 'headers.missing', reason: 'was broken behind the old proxy' }]);
  assert.deepEqual(section.stale, [{ id: 'headers.no-longer-exists', reason: 'renamed requirement' }], 'an entry of a suite that did not run is not stale');
  assert.match(r.stdout, /baseline: 0 new failure\(s\); \d+ known; 1 fixed: headers\.missing; 1 stale: headers\.no-longer-exists/);
  const html = readFileSync(path.join(r.reportDir, 'index.html'), 'utf8');
  assert.match(html, /<ul id="baseline-fixed"><li><code>headers.missing<\/code> — was broken behind the old proxy/);
  assert.match(html, /OPS-12/);

  const md = readFileSync(summary, 'utf8');
  assert.ok(md.startsWith('# earlier step\n'), 'appended, not overwritten');
  assert.match(md, /bearer-conformance: nonconformant/);
  assert.match(md, /\*\*0 new failure\(s\)\*\*/);
  assert.match(md, /`headers\.empty-token` \| MUST \| fail \(known\)/);
  assert.ok(!md.includes(TOKEN) && !r.allReportText().includes(TOKEN) && !r.stdout.includes(TOKEN));

  // --update-baseline keeps a written reason, drops the fixed and stale entries, keeps the other suite's
  const u = await run('--update-baseline');
  assert.equal(u.code, 0, u.stdout + u.stderr);
  const updated = readFile();
  assert.match(updated.entries['headers.empty-token']!.reason, /OPS-12/);
  assert.equal(updated.entries['headers.missing'], undefined);
  assert.equal(updated.entries['headers.no-longer-exists'], undefined);
  assert.equal(updated.entries['docs.not-run-here']?.reason, 'docs suite not run in this job');
});

test('a failure the baseline does not record fails the run (exit 1) and is named', async () => {
  const b = readFile();
  delete b.entries['headers.empty-token'];
  writeFileSync(file, JSON.stringify(b, null, 2));
  const summary = path.join(dir, 'step-summary-2.md');
  const r = await runCli(['--target', server.url, '--profile', 'documented', '--suites', 'headers', '--token', TOKEN, '--baseline', file],
    { timeoutMs: 120_000, env: { GITHUB_STEP_SUMMARY: summary } });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.deepEqual(r.report().baseline!.newFailures, ['headers.empty-token']);
  assert.match(r.stdout, /baseline: 1 new failure\(s\): headers\.empty-token;/);
  assert.match(readFileSync(summary, 'utf8'), /\*\*1 new failure\(s\)\*\* \(`headers\.empty-token`\)/);
});
