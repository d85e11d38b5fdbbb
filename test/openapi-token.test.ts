import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOKEN_CHECKS, TokenSession, requirementFor, runTokenCheck, tokenEndpointFor } from '../suites/openapi/index.ts';
import type { Secrets } from '../suites/config.ts';
import type { ProfileName } from '../suites/model/types.ts';
import { Redactor } from '../suites/redact.ts';
import { fixture, outcome } from './fixtures/openapi/helpers.ts';
import type { Outcome } from './fixtures/openapi/helpers.ts';
import { USER, startTokenServer } from './fixtures/openapi/token-server.ts';
import type { TokenServerOptions } from './fixtures/openapi/token-server.ts';

interface Run {
  results: Map<string, Outcome>;
  issued: string[];
  received: { body: string; authorization?: string }[];
}

async function runTokenChecks(server: TokenServerOptions, o: { profile?: ProfileName; secrets?: Secrets; timeoutMs?: number } = {}): Promise<Run> {
  const target = await startTokenServer(server);
  const secrets = o.secrets ?? USER;
  const session = new TokenSession({
    endpoint: { declared: 'token', url: `${target.url}/token` }, profile: o.profile ?? 'documented', secrets,
    timeoutMs: o.timeoutMs ?? 2000, redactor: new Redactor([secrets.password]),
  });
  const results = new Map<string, Outcome>();
  try {
    for (const [id, c] of Object.entries(TOKEN_CHECKS)) results.set(id, await outcome((evidence) => runTokenCheck(c, session, evidence)));
  } finally {
    await session.close();
    await target.close();
  }
  return { results, issued: target.issued, received: target.received };
}

function summary(results: Map<string, Outcome>): Record<string, string> {
  return Object.fromEntries([...results].map(([id, r]) => [id, r.verdict]));
}

const ALL_PASS = Object.fromEntries(Object.keys(TOKEN_CHECKS).map((id) => [id, 'pass']));

test('a correct token endpoint passes every token check', async () => {
  const { results, received } = await runTokenChecks({});
  assert.deepEqual(summary(results), ALL_PASS, JSON.stringify([...results].filter(([, r]) => r.verdict !== 'pass')));
  assert.ok(received.some((r) => r.body === 'grant_type=password&username=alice&password=wonderland-S3cret' && r.authorization === undefined), 'the password grant is form-encoded, Swagger UI style');
  assert.ok(received.some((r) => r.authorization === 'Basic Og=='));
});

test('without --username/--password the checks that need a valid user skip with the reason; the error checks still run', async () => {
  const { results } = await runTokenChecks({}, { secrets: {} });
  for (const id of ['token.success', 'token.access-token-b64token', 'token.no-store', 'token.pragma-no-cache', 'token.basic-og']) {
    assert.equal(results.get(id)!.verdict, 'skip', id);
    assert.match(results.get(id)!.message, /pass --username\/--password/);
  }
  for (const id of ['token.invalid-grant', 'token.invalid-request', 'token.unsupported-grant-type']) assert.equal(results.get(id)!.verdict, 'pass', id);
});

test("nothing at the tokenUrl (FastAPI's first-steps app): every token check skips with the reason", async () => {
  const { results, received } = await runTokenChecks({ missing: true });
  for (const [id, r] of results) {
    assert.equal(r.verdict, 'skip', id);
    assert.match(r.message, /declares tokenUrl "token" but nothing answers there \(POST http:\/\/127\.0\.0\.1:\d+\/token answered 404; FastAPI's first-steps app declares it before creating it\)/);
  }
  assert.equal(received.length, 1, 'one presence probe, shared by every check');
});

test('no Cache-Control: no-store is caught: SHOULD under documented and the fastapi profiles (DESIGN §3), MUST under rfc6750', async () => {
  for (const [profile, level] of [['documented', 'SHOULD'], ['rfc6750', 'MUST'], ['fastapi', 'SHOULD'], ['fastapi@0.92', 'SHOULD']] as const) {
    const { results } = await runTokenChecks({ noStore: true }, { profile });
    const r = results.get('token.no-store')!;
    assert.equal(r.verdict, 'fail', profile);
    assert.equal(r.level, level, profile);
    assert.match(r.message, /no cache-control header, not no-store/);
  }
});

test('no Pragma: no-cache: SHOULD by default, MUST under rfc6750, INFO under the fastapi profiles', async () => {
  for (const [profile, level] of [['documented', 'SHOULD'], ['rfc6750', 'MUST'], ['fastapi', 'INFO']] as const) {
    const r = (await runTokenChecks({ noStore: true }, { profile })).results.get('token.pragma-no-cache')!;
    assert.equal(r.verdict, 'fail');
    assert.equal(r.level, level);
  }
});

test("a 500 for Swagger UI's default `Authorization: Basic Og==` is caught by token.basic-og", async () => {
  const { results } = await runTokenChecks({ basicOg500: true });
  const r = results.get('token.basic-og')!;
  assert.equal(r.verdict, 'fail');
  assert.equal(r.level, 'MUST');
  assert.match(r.message, /Basic Og==` the same password grant answered 500, although it succeeds without that header/);
  assert.equal(results.get('token.success')!.verdict, 'pass');
});

test('a 200 and a token for a wrong password fails token.refuses-bad-grants (MUST) and token.invalid-grant in every profile', async () => {
  for (const profile of ['documented', 'fastapi'] as const) {
    const { results } = await runTokenChecks({ acceptWrongPassword: true }, { profile });
    const must = results.get('token.refuses-bad-grants')!;
    assert.equal(must.verdict, 'fail', profile);
    assert.equal(must.level, 'MUST');
    const rfc = results.get('token.invalid-grant')!;
    assert.equal(rfc.verdict, 'fail', profile);
    assert.match(rfc.message, /a wrong password for "alice": answered 200 and issued a token/);
  }
});

test("FastAPI's 422 for a malformed form: the RFC 6749 check says what it wanted instead", async () => {
  const documented = await runTokenChecks({ fastapi: true }, { profile: 'documented' });
  assert.match(documented.results.get('token.invalid-request')!.message, /answered 422 without an RFC 6749 error code; expected 400 \{"error":"invalid_request"\}/);
  assert.match(documented.results.get('token.unsupported-grant-type')!.message, /`grant_type=client_credentials`: answered 422 without an RFC 6749 error code/);
});

test('an access_token that is not a b64token fails the SHOULD', async () => {
  const r = (await runTokenChecks({ spaceInToken: true })).results.get('token.access-token-b64token')!;
  assert.equal(r.verdict, 'fail');
  assert.equal(r.level, 'SHOULD');
  assert.match(r.message, /is not a b64token: it contains " "/);
});

test('a token endpoint that never answers is could-not-test, not a failure', async () => {
  const { results } = await runTokenChecks({ hang: true }, { timeoutMs: 200 });
  for (const [id, r] of results) assert.equal(r.verdict, 'error', id);
});

test('neither the password nor an issued token appears in any message or evidence; the form shows password=[redacted]', async () => {
  for (const server of [{}, { fastapi: true }, { basicOg500: true }, { acceptWrongPassword: true }]) {
    const { results, issued } = await runTokenChecks(server);
    assert.ok(issued.length > 0);
    const text = JSON.stringify([...results]);
    for (const secret of [USER.password, encodeURIComponent(USER.password), ...issued]) assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
    const exchange = results.get('token.success')!.evidence.exchange as { request: { body: string }; response: { body: string } };
    assert.equal(exchange.request.body, 'grant_type=password&username=alice&password=[redacted]');
    assert.match(exchange.response.body, /"access_token":"\[redacted\]"/);
  }
});

test("the tokenUrl is resolved as Swagger UI would for docs at <target>/docs", () => {
  assert.deepEqual(tokenEndpointFor(fixture('fastapi-0.92'), 'http://h:8000/docs'), { declared: 'token', url: 'http://h:8000/token' });
  assert.deepEqual(tokenEndpointFor(fixture('fastapi-root-path'), 'http://h/api/v1/docs'), { declared: 'token', url: 'http://h/api/v1/token' });
  assert.equal(tokenEndpointFor(fixture('faulty/basic-scheme'), 'http://h/docs'), undefined);
});

test('token requirement levels per profile', () => {
  const level = (id: string, p: ProfileName) => requirementFor(id, p).level;
  assert.equal(level('token.success', 'fastapi'), 'MUST');
  assert.equal(level('token.no-store', 'documented'), 'SHOULD');
  assert.equal(level('token.no-store', 'fastapi@0.92'), 'SHOULD');
  assert.equal(level('token.no-store', 'rfc6750'), 'MUST');
  assert.equal(level('token.pragma-no-cache', 'rfc6750'), 'MUST');
  for (const id of ['token.invalid-grant', 'token.invalid-request', 'token.unsupported-grant-type']) {
    for (const p of ['documented', 'fastapi', 'fastapi@0.92'] as const) assert.equal(level(id, p), 'SHOULD', `${id} ${p}`);
    assert.equal(level(id, 'rfc6750'), 'MUST', id);
  }
  for (const p of ['documented', 'fastapi', 'fastapi@0.92', 'rfc6750'] as const) assert.equal(level('token.refuses-bad-grants', p), 'MUST');
});

// Class 8 of issue #16: FastAPI's own tutorials answer a wrong password with 400 (Simple OAuth2) or
// 401 + `WWW-Authenticate: Bearer` (JWT), both with {"detail"}, a malformed form with 422, and send
// no Cache-Control. DESIGN §3: that is what `documented` and the FastAPI profiles accept (RFC 6749's
// format and no-store are SHOULD there); `rfc6750` keeps them MUST.
const RFC_FORMAT = ['token.no-store', 'token.invalid-grant', 'token.invalid-request', 'token.unsupported-grant-type'];

for (const [tutorial, server] of [['Simple OAuth2 (400)', { fastapi: true }], ['JWT (401 + challenge)', { fastapi: true, fastapiJwt: true }]] as const) {
  test(`FastAPI's ${tutorial} token endpoint: RFC 6749's format and no-store are SHOULD under documented and the fastapi profiles, MUST under rfc6750; the refusals pass everywhere`, async () => {
    for (const [profile, level] of [['documented', 'SHOULD'], ['fastapi', 'SHOULD'], ['fastapi@0.92', 'SHOULD'], ['rfc6750', 'MUST']] as const) {
      const { results } = await runTokenChecks(server, { profile });
      for (const id of RFC_FORMAT) {
        const r = results.get(id)!;
        assert.equal(r.verdict, 'fail', `${profile} ${id}: ${r.message}`);
        assert.equal(r.level, level, `${profile} ${id}`);
      }
      const mustFailures = [...results].filter(([, r]) => r.verdict === 'fail' && r.level === 'MUST').map(([id]) => id);
      assert.deepEqual(mustFailures, profile === 'rfc6750' ? ['token.no-store', 'token.pragma-no-cache', ...RFC_FORMAT.slice(1)] : [], profile);
      assert.equal(results.get('token.refuses-bad-grants')!.verdict, 'pass', `${profile}: ${results.get('token.refuses-bad-grants')!.message}`);
      assert.equal(requirementFor('token.refuses-bad-grants', profile).level, 'MUST');
    }
  });
}

test('the JWT tutorial\'s 401 for a wrong password says what RFC 6749 wants instead', async () => {
  const r = (await runTokenChecks({ fastapi: true, fastapiJwt: true }, { profile: 'documented' })).results.get('token.invalid-grant')!;
  assert.match(r.message, /a wrong password for "alice": answered 401 without an RFC 6749 error code; expected 400 \{"error":"invalid_grant"\}/);
});

test('a token for a wrong password, or a 500 for a malformed form, fails the MUST refusal check in every profile', async () => {
  for (const profile of ['documented', 'fastapi@0.92', 'rfc6750'] as const) {
    const issued = (await runTokenChecks({ fastapi: true, acceptWrongPassword: true }, { profile })).results.get('token.refuses-bad-grants')!;
    assert.equal(issued.verdict, 'fail', profile);
    assert.equal(issued.level, 'MUST');
    assert.match(issued.message, /a wrong password for "alice": answered 200 and issued a token/);
    const crashed = (await runTokenChecks({ crashOnMissingPassword: true }, { profile })).results.get('token.refuses-bad-grants')!;
    assert.equal(crashed.verdict, 'fail', profile);
    assert.match(crashed.message, /a password grant without `password`: answered 500; expected 400 or 422/);
  }
});
