// FastAPI's own OAuth2 tutorial apps (interop/fastapi/simple_oauth2.py, jwt_oauth2.py; Debian's
// FastAPI 0.92) with their demo user: conformant under `documented` and `fastapi@0.92` (issue #16,
// class 8: they answer a wrong password with 400 or 401 + {"detail"}, a malformed form with 422, and
// send no Cache-Control, as FastAPI documents), and failing the token endpoint under `rfc6750`.
// Under CI a missing FastAPI is a failure, not a silent skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseOptions } from '../bin/args.ts';
import { loadMatrixConfig } from '../bin/matrix-config.ts';
import { interopTarget } from '../interop/targets.ts';
import type { InteropTarget } from '../interop/targets.ts';
import { runCli } from './helpers/cli.ts';
import { ROOT } from './helpers/root.ts';

const TUTORIALS = ['fastapi-0.92 simple-oauth2', 'fastapi-0.92 oauth2-jwt'];
/** The token endpoint's RFC 6749 rules, MUST only under rfc6750. */
const RFC6749_MUSTS = ['token.no-store', 'token.pragma-no-cache', 'token.invalid-grant', 'token.invalid-request', 'token.unsupported-grant-type'];
/** Bounded fuzzing: the verdict, not the campaign, is under test here. */
const FAST = ['--no-docs', '--seed', '1', '--fuzz-runs', '200', '--fuzz-time', '10', '--timeout', '15000'];

async function withTarget(target: InteropTarget, fn: (url: string) => Promise<void>): Promise<void> {
  const running = await target.start();
  try {
    await fn(running.url);
  } finally {
    await running.close();
  }
}

function credentials(target: InteropTarget): string[] {
  return ['--username', target.credentials!.username, '--password', target.credentials!.password];
}

for (const name of TUTORIALS) {
  const target = interopTarget(name)!;
  const missing = await target.unavailable();
  if (missing && process.env.CI) throw new Error(`CI needs the interop target ${name}: ${missing}`);

  test(`${name}: conformant under documented and fastapi@0.92, failing the token endpoint under rfc6750`, { skip: missing ?? false, timeout: 900_000 }, async () => {
    await withTarget(target, async (url) => {
      for (const profile of ['documented', 'fastapi@0.92']) {
        const run = await runCli(['--target', url, '--profile', profile, ...credentials(target), ...FAST], { timeoutMs: 600_000 });
        const failing = run.report().results.filter((r) => r.verdict === 'fail' && r.level === 'MUST').map((r) => `${r.id}: ${r.message}`);
        assert.equal(run.code, 0, `${profile}: ${failing.join('\n')}\n${run.stderr}`);
        const results = run.report().results;
        assert.equal(results.find((r) => r.id === 'token.success')?.verdict, 'pass', profile);
        assert.equal(results.find((r) => r.id === 'token.refuses-bad-grants')?.verdict, 'pass', profile);
        assert.equal(results.find((r) => r.id === 'token.invalid-grant')?.level, 'SHOULD', profile);
        assert.ok(!run.allReportText().includes(`password=${target.credentials!.password}`), 'the password leaked in a form');
      }
      const strict = await runCli(['--target', url, '--profile', 'rfc6750', ...credentials(target), '--suites', 'openapi'], { timeoutMs: 300_000 });
      assert.equal(strict.code, 1, strict.stdout + strict.stderr);
      const failing = strict.report().results.filter((r) => r.verdict === 'fail' && r.level === 'MUST').map((r) => r.id);
      assert.deepEqual(failing, RFC6749_MUSTS);
    });
  });
}

test('the example matrix lists both tutorials with their demo user, which reaches the CLI through the environment only', () => {
  const plan = loadMatrixConfig(path.join(ROOT, 'examples/matrix/interop.json'), TUTORIALS, {});
  assert.deepEqual(plan.targets.map((t) => [t.name, t.credentials?.username, t.token]), TUTORIALS.map((n) => [n, 'johndoe', undefined]));
  assert.ok(plan.targets.every((t) => !t.args.some((a) => a.includes('johndoe') || a.includes('secret'))));
  const options = parseOptions(['--target', 'http://127.0.0.1:1'], { BEARER_CONFORMANCE_USERNAME: 'johndoe', BEARER_CONFORMANCE_PASSWORD: 'secret' });
  assert.ok(options !== 'help');
  assert.deepEqual([options.username, options.password], ['johndoe', 'secret']);
});
