// Real FastAPI (Debian's 0.92, the tutorial app of the seeds) as a target: conformant under its own
// profile, and not under `documented`, whose empty-token promise FastAPI breaks. Under CI a missing
// FastAPI is a failure, not a silent skip.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fastApiUnavailable, startFastApi } from '../interop/fastapi/launch.ts';
import type { RunningFastApi } from '../interop/fastapi/launch.ts';
import { runCli } from './helpers/cli.ts';

const missing = await fastApiUnavailable();
if (missing && process.env.CI) throw new Error(`CI needs the real FastAPI target: ${missing}`);
const skip = missing ? `real FastAPI unavailable: ${missing}` : false;

let fastapi: RunningFastApi;
before(async () => {
  if (!skip) fastapi = await startFastApi();
});
after(async () => fastapi?.close());

test('FastAPI 0.92 is conformant under --profile fastapi@0.92', { skip }, async () => {
  assert.equal(fastapi.version, '0.92.0');
  // The first-steps app has no /token: any credentials do, and the docs suite answers the token request itself.
  const run = await runCli(['--target', fastapi.url, '--profile', 'fastapi@0.92', '--username', 'someone', '--password', 'not-a-real-secret']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const report = run.report();
  assert.equal(report.summary.verdict, 'conformant');
  const docs = report.results.filter((r) => r.suite === 'docs');
  assert.ok(docs.length >= 5);
  assert.equal(docs.find((r) => r.id === 'docs.password-flow')?.verdict, 'pass');
  assert.match(docs.find((r) => r.id === 'docs.password-flow')!.message, /answered the token request itself|intercept/i);
  assert.ok(!run.allReportText().includes('not-a-real-secret'));
});

test('FastAPI 0.92 is not conformant under --profile documented, and the empty token is why', { skip }, async () => {
  const run = await runCli(['--target', fastapi.url, '--profile', 'documented', '--suites', 'headers']);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const failing = run.report().results.filter((r) => r.verdict === 'fail' && r.level === 'MUST').map((r) => r.id);
  assert.ok(failing.includes('headers.empty-token'), failing.join(', '));
  assert.match(run.stdout, /failing: .*headers\.empty-token/);
});

test('FastAPI 0.92 (first steps: accepts any token) run with --token: judged as without one, exit 0, and it says so', { skip }, async () => {
  const run = await runCli(['--target', fastapi.url, '--profile', 'fastapi@0.92', '--suites', 'headers,fuzz', '--token', 'some-user-token-1234', '--seed', '1', '--fuzz-runs', '300']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /does not validate tokens/);
  const failing = run.report().results.filter((r) => r.verdict === 'fail').map((r) => `${r.id} (${r.level})`);
  assert.deepEqual(failing, ['headers.never-issued-token (INFO)']);
  assert.ok(!run.allReportText().includes('some-user-token-1234'));
});
