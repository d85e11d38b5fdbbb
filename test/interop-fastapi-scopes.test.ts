// FastAPI's "OAuth2 scopes" tutorial app (interop/fastapi/oauth2_scopes.py, Debian's FastAPI 0.92)
// with `--scopes ""`: a token granted no scope must be refused where the OpenAPI document declares
// "me" and "items". The tutorial refuses it with 401 `Bearer scope="items me"` and is conformant; a
// faulty variant that ignores scopes (oauth2_scopes_ignored.py) lets it in and fails the MUST.
// Under CI a missing FastAPI is a failure, not a silent skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interopTarget } from '../interop/targets.ts';
import { startFastApi } from '../interop/fastapi/launch.ts';
import type { FastApiApp } from '../interop/fastapi/launch.ts';
import { runCli } from './helpers/cli.ts';
import type { CliRun } from './helpers/cli.ts';

const TUTORIAL = interopTarget('fastapi-0.92 oauth2-scopes')!;
const missing = await TUTORIAL.unavailable();
if (missing && process.env.CI) throw new Error(`CI needs the interop target ${TUTORIAL.name}: ${missing}`);

/** One endpoint that declares both scopes, and the headers suite only: the scope checks are under test. */
const ARGS = ['--endpoint', 'GET /users/me/items/', '--suites', 'headers', '--seed', '1', '--timeout', '15000', '--username', 'johndoe', '--password', 'secret', '--scopes', ''];

async function runAgainst(app: FastApiApp, profile: string): Promise<CliRun> {
  const running = await startFastApi({ app });
  try {
    return await runCli(['--target', running.url, '--profile', profile, ...ARGS], { timeoutMs: 300_000 });
  } finally {
    await running.close();
  }
}

function verdicts(run: CliRun): Record<string, string> {
  return Object.fromEntries(run.report().results.filter((r) => r.id.startsWith('scopes.')).map((r) => [r.id, `${r.level} ${r.verdict}`]));
}

function failingMusts(run: CliRun): string[] {
  return run.report().results.filter((r) => r.verdict === 'fail' && r.level === 'MUST').map((r) => r.id);
}

test('the scopes tutorial refuses a token without its scopes as FastAPI documents: conformant', { skip: missing ?? false, timeout: 400_000 }, async () => {
  const run = await runAgainst('oauth2_scopes', 'documented');
  assert.equal(run.code, 0, `${failingMusts(run).join(', ')}\n${run.stdout}\n${run.stderr}`);
  assert.deepEqual(verdicts(run), { 'scopes.insufficient-refused': 'MUST pass', 'scopes.insufficient-answer': 'SHOULD pass' });
  assert.equal(run.report().results.find((r) => r.id === 'headers.canonical')?.verdict, 'pass', "the run's own token carries the declared scopes");
  assert.match(run.stdout, /with scope "items me"/);
  assert.ok(!run.allReportText().includes('password=secret'), 'the password leaked');
});

test('a variant that ignores scopes lets the token in: scopes.insufficient-refused fails, exit 1', { skip: missing ?? false, timeout: 400_000 }, async () => {
  const run = await runAgainst('oauth2_scopes_ignored', 'documented');
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.deepEqual(failingMusts(run), ['scopes.insufficient-refused']);
  assert.deepEqual(verdicts(run), { 'scopes.insufficient-refused': 'MUST fail', 'scopes.insufficient-answer': 'SHOULD fail' });
});

test("the docs suite logs in through Swagger UI with the scopes the operation asks for: docs.password-flow passes", { skip: missing ?? false, timeout: 400_000 }, async () => {
  const running = await startFastApi({ app: 'oauth2_scopes' });
  try {
    // Before: the dialog logged in without ticking a scope, the tutorial refused the token (401), and
    // docs.password-flow failed at MUST on a correct app (the interop matrix showed it).
    const run = await runCli(['--target', running.url, '--suites', 'docs', '--seed', '1', '--timeout', '15000', '--username', 'johndoe', '--password', 'secret'], { timeoutMs: 300_000 });
    const flow = run.report().results.find((r) => r.id === 'docs.password-flow');
    assert.equal(flow?.verdict, 'pass', `${flow?.message}\n${run.stdout}`);
    assert.deepEqual((flow?.evidence as { scopes?: string[] }).scopes, ['me']);
    assert.ok(!run.allReportText().includes('password=secret'), 'the password leaked');
  } finally {
    await running.close();
  }
});
