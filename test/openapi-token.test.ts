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
    for (const c of TOKEN_CHECKS) results.set(c.id, await outcome((evidence) => runTokenCheck(c, session, evidence)));
  } finally {
    await session.close();
    await target.close();
  }
  return { results, issued: target.issued, received: target.received };
}

function summary(results: Map<string, Outcome>): Record<string, string> {
  return Object.fromEntries([...results].map(([id, r]) => [id, r.verdict]));
}

const ALL_PASS = Object.fromEntries(TOKEN_CHECKS.map((c) => [c.id, 'pass']));

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

test('no Cache-Control: no-store is caught: MUST by default, INFO under the fastapi profiles', async () => {
  for (const [profile, level] of [['documented', 'MUST'], ['rfc6750', 'MUST'], ['fastapi', 'INFO'], ['fastapi@0.92', 'INFO']] as const) {
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

test('a 200 and a token for a wrong password is caught by token.invalid-grant in every profile', async () => {
  for (const profile of ['documented', 'fastapi'] as const) {
    const r = (await runTokenChecks({ acceptWrongPassword: true }, { profile })).results.get('token.invalid-grant')!;
    assert.equal(r.verdict, 'fail', profile);
    assert.equal(r.level, 'MUST');
    assert.match(r.message, /a wrong password for "alice": answered 200 and issued a token/);
  }
});

test("FastAPI's tutorial shape: fine under the fastapi profiles (422s recorded as deviations), failing RFC 6749 §5.2 under documented", async () => {
  const fastapi = await runTokenChecks({ fastapi: true }, { profile: 'fastapi@0.92' });
  assert.deepEqual(summary(fastapi.results), { ...ALL_PASS, 'token.no-store': 'fail', 'token.pragma-no-cache': 'fail' });
  assert.equal(fastapi.results.get('token.no-store')!.level, 'INFO');
  assert.match(String(fastapi.results.get('token.invalid-request')!.evidence.deviation), /^422 without an RFC 6749 error code instead of 400 \{"error":"invalid_request"\}/);
  assert.match(String(fastapi.results.get('token.invalid-grant')!.evidence.deviation), /^400 without an RFC 6749 error code/);
  const documented = await runTokenChecks({ fastapi: true }, { profile: 'documented' });
  for (const id of ['token.invalid-grant', 'token.invalid-request', 'token.unsupported-grant-type']) {
    assert.equal(documented.results.get(id)!.verdict, 'fail', id);
    assert.equal(documented.results.get(id)!.level, 'MUST');
  }
  assert.match(documented.results.get('token.invalid-request')!.message, /answered 422; expected 400 \{"error":"invalid_request"\}/);
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
  assert.equal(level('token.no-store', 'documented'), 'MUST');
  assert.equal(level('token.no-store', 'fastapi@0.92'), 'INFO');
  assert.equal(level('token.pragma-no-cache', 'rfc6750'), 'MUST');
  assert.notEqual(requirementFor('token.invalid-request', 'fastapi').title, requirementFor('token.invalid-request', 'documented').title);
});
