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
  const run = await runCli(['--target', fastapi.url, '--profile', 'fastapi@0.92', '--suites', 'headers,openapi']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.equal(run.report().summary.verdict, 'conformant');
});

test('FastAPI 0.92 is not conformant under --profile documented, and the empty token is why', { skip }, async () => {
  const run = await runCli(['--target', fastapi.url, '--profile', 'documented', '--suites', 'headers']);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const failing = run.report().results.filter((r) => r.verdict === 'fail' && r.level === 'MUST').map((r) => r.id);
  assert.ok(failing.includes('headers.empty-token'), failing.join(', '));
  assert.match(run.stdout, /failing: .*headers\.empty-token/);
});
