// Issue 17 part 4: FastAPI's HTTPBearer on Debian's 0.92 (interop/fastapi/http_bearer.py), whose
// OpenAPI document declares `type: http, scheme: bearer`. Judged as that release documents it
// (403 without a challenge), it conforms under fastapi@0.92; `documented` (401 promised) and
// fastapi@0.122.0 (401 + Bearer) fail it at MUST. Under CI a missing FastAPI is a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interopTarget } from '../interop/targets.ts';
import { runCli } from './helpers/cli.ts';

const FAST = ['--no-docs', '--seed', '1', '--fuzz-runs', '200', '--fuzz-time', '10', '--timeout', '15000'];
const target = interopTarget('fastapi-0.92 http-bearer')!;
const missing = await target.unavailable();
if (missing && process.env.CI) throw new Error(`CI needs the interop target ${target.name}: ${missing}`);

test('HTTPBearer on FastAPI 0.92: conformant under fastapi@0.92, failing headers.missing under documented and fastapi@0.122.0', { skip: missing ?? false, timeout: 900_000 }, async () => {
  const running = await target.start();
  try {
    const dated = await runCli(['--target', running.url, '--profile', 'fastapi@0.92', ...FAST], { timeoutMs: 600_000 });
    const failing = dated.report().results.filter((r) => r.verdict === 'fail' && r.level === 'MUST').map((r) => `${r.id}: ${r.message}`);
    assert.equal(dated.code, 0, failing.join('\n') + dated.stderr);
    const missingHeader = dated.report().results.find((r) => r.id === 'headers.missing')!;
    assert.equal(missingHeader.verdict, 'pass');
    assert.equal((missingHeader.evidence as { scheme?: string }).scheme, 'http-bearer-403');
    for (const profile of ['documented', 'fastapi@0.122.0']) {
      const run = await runCli(['--target', running.url, '--profile', profile, '--suites', 'headers', ...FAST], { timeoutMs: 300_000 });
      assert.equal(run.code, 1, profile + run.stderr);
      const result = run.report().results.find((r) => r.id === 'headers.missing')!;
      assert.deepEqual([result.verdict, result.level], ['fail', 'MUST'], profile);
      assert.match(result.message ?? '', /got 403/, profile);
    }
  } finally {
    await running.close();
  }
});
