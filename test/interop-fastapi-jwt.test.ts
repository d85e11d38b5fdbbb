// Issue 17 part 1: the token-validation checks of a JWT (headers.jwt-*) against FastAPI's JWT
// tutorial app (Debian's FastAPI 0.92 + python3-jwt) and two faulty variants of it: one that decodes
// without verifying the signature, one that trusts a header saying alg "none". Each check fails on
// its faulty app and passes on the tutorial and on the reference server with --validate-tokens (which
// then issues HS256 JWTs); no JWT reaches the report. Under CI a missing FastAPI
// or PyJWT is a failure, not a silent skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastApiUnavailable, startFastApi } from '../interop/fastapi/launch.ts';
import type { FastApiApp } from '../interop/fastapi/launch.ts';
import { TAMPERINGS } from '../suites/checks/jwt-tamper.ts';
import { startReferenceServer } from '../reference-server/server.ts';
import { runCli } from './helpers/cli.ts';

const JWT_IDS = TAMPERINGS.map((t) => t.id);
const MULTIPART_AND_PYJWT = [{ module: 'multipart', debian: 'python3-multipart' }, { module: 'jwt', debian: 'python3-jwt' }];
/** A JWT's first two segments (`{"` base64url-encoded opens both): the valid token or a forged one. */
const JWT_PREFIX = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\./;

const APPS: { app: FastApiApp; code: number; failing: string[] }[] = [
  { app: 'jwt_oauth2', code: 0, failing: [] },
  { app: 'jwt_no_verify', code: 1, failing: JWT_IDS },
  { app: 'jwt_alg_none', code: 1, failing: ['headers.jwt-alg-none'] },
];

const missing = await fastApiUnavailable(MULTIPART_AND_PYJWT);
if (missing && process.env.CI) throw new Error(`CI needs FastAPI with PyJWT: ${missing}`);

for (const { app, code, failing } of APPS) {
  test(`${app}: ${failing.length ? `fails ${failing.join(', ')} at MUST` : 'passes every JWT check'}`, { skip: missing ?? false, timeout: 300_000 }, async () => {
    const running = await startFastApi({ app });
    try {
      const run = await runCli(['--target', running.url, '--username', 'johndoe', '--password', 'secret', '--suites', 'headers', '--no-docs', '--endpoint', 'GET /users/me/', '--seed', '1'], { timeoutMs: 240_000 });
      const results = run.report().results;
      const jwt = results.filter((r) => JWT_IDS.includes(r.id));
      assert.equal(jwt.length, JWT_IDS.length, run.stdout + run.stderr);
      assert.deepEqual(jwt.filter((r) => r.verdict === 'fail').map((r) => `${r.id} ${r.level}`), failing.map((id) => `${id} MUST`));
      assert.ok(jwt.every((r) => r.verdict === 'pass' || r.verdict === 'fail'), jwt.map((r) => `${r.id}: ${r.verdict} ${r.message}`).join('\n'));
      assert.equal(results.find((r) => r.id === 'headers.never-issued-token')?.verdict, 'pass');
      assert.equal(run.code, code, results.filter((r) => r.verdict === 'fail' && r.level === 'MUST').map((r) => `${r.id}: ${r.message}`).join('\n') + run.stderr);
      const evidence = jwt.find((r) => r.id === 'headers.jwt-payload-altered')!.evidence as { jwt: { sent: { claims: Record<string, unknown>; signature: string } } };
      assert.equal(evidence.jwt.sent.claims.sub, 'johndoe');
      assert.equal(evidence.jwt.sent.signature, '[redacted]');
      assert.doesNotMatch(run.allReportText(), JWT_PREFIX, 'a JWT reached the report');
    } finally {
      await running.close();
    }
  });
}

for (const mode of ['documented', 'rfc6750'] as const) {
  test(`the reference server (${mode}, --validate-tokens) passes every JWT check`, { timeout: 300_000 }, async () => {
    const server = await startReferenceServer({ port: 0, mode, validateTokens: true, quiet: true });
    try {
      const run = await runCli(['--target', server.url, '--profile', mode, '--username', 'alice', '--password', 'wonderland', '--suites', 'headers', '--no-docs', '--seed', '1'], { timeoutMs: 240_000 });
      const jwt = run.report().results.filter((r) => JWT_IDS.includes(r.id));
      assert.deepEqual(jwt.map((r) => `${r.id} ${r.verdict}`), JWT_IDS.map((id) => `${id} pass`), jwt.map((r) => r.message).join('\n') + run.stderr);
      assert.doesNotMatch(run.allReportText(), JWT_PREFIX, 'a JWT reached the report');
    } finally {
      await server.close();
    }
  });
}
