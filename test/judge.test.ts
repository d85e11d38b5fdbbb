// Judging a response against a prediction (suites/checks/outcome.ts), and the rules on a 401's
// shape (suites/checks/shape.ts): what matches which outcome, and what the reports say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeObservation, describeOutcome, judge } from '../suites/checks/outcome.ts';
import { responseShapeRules } from '../suites/checks/shape.ts';
import type { ShapeRule } from '../suites/checks/shape.ts';
import { PROFILES } from '../suites/model/profiles.ts';
import type { Level, Observation, Outcome, Prediction, ProfileName, RawRequest } from '../suites/model/types.ts';

const NOT_AUTHENTICATED = '{"detail":"Not authenticated"}';

function obs(status: number, o: { challenge?: string | string[]; body?: string; token?: string } = {}): Observation {
  const challenge = typeof o.challenge === 'string' ? [o.challenge] : o.challenge;
  return { status, headers: challenge ? { 'www-authenticate': challenge } : {}, body: Buffer.from(o.body ?? '', 'latin1'), echoedToken: o.token };
}

function expecting(...acceptable: Outcome[]): Prediction {
  return { profile: 'documented', requirement: { id: 'test', level: 'MUST', source: { ref: 'test', quote: 'test' } }, acceptable, rationale: 'test' };
}

const echo = { echo: true };
const noEcho = { echo: false };

function judgeWith(p: Prediction, o: Observation) {
  return judge(p, o, noEcho);
}

test('authorized: any 2xx; with the echo oracle, exactly the token', () => {
  const p = expecting({ kind: 'authorized', token: 'abc' });
  assert.equal(judge(p, obs(200, { token: 'abc' }), echo).conforms, true);
  assert.equal(judge(p, obs(204, { token: 'abc' }), echo).conforms, true);
  assert.equal(judge(p, obs(200, { token: ' abc' }), echo).conforms, false);
  assert.equal(judge(p, obs(200), echo).conforms, false);
  assert.equal(judge(p, obs(200, { token: 'other' }), noEcho).conforms, true);
  assert.equal(judge(expecting({ kind: 'authorized', token: null }), obs(200, { token: 'any' }), echo).conforms, true);
  assert.equal(judge(p, obs(302), echo).conforms, false);
});

test('challenged: 401 with a Bearer challenge, scheme in any case, among other challenges', () => {
  const p = expecting({ kind: 'challenged', error: 'any' });
  for (const c of ['Bearer', 'bearer', 'BEARER realm="x"', 'Basic realm="x", Bearer', ['Basic realm="x"', 'Bearer error="invalid_token"']]) {
    assert.equal(judgeWith(p, obs(401, { challenge: c })).conforms, true, String(c));
  }
  for (const c of [undefined, 'Basic realm="x"', 'Bearerx', 'Bearer realm="unterminated', 'Bearer\trealm="x"']) {
    assert.equal(judgeWith(p, obs(401, { challenge: c })).conforms, false, String(c));
  }
  assert.equal(judgeWith(p, obs(403, { challenge: 'Bearer' })).conforms, false);
  assert.equal(judgeWith(p, obs(400, { challenge: 'Bearer' })).conforms, false);
});

test('challenged: the error constraint', () => {
  const absent = expecting({ kind: 'challenged', error: 'absent' });
  const invalidToken = expecting({ kind: 'challenged', error: 'invalid_token' });
  assert.equal(judgeWith(absent, obs(401, { challenge: 'Bearer realm="x"' })).conforms, true);
  assert.equal(judgeWith(absent, obs(401, { challenge: 'Bearer error="invalid_token"' })).conforms, false);
  assert.equal(judgeWith(absent, obs(401, { challenge: 'Bearer ERROR="invalid_token"' })).conforms, false);
  assert.equal(judgeWith(invalidToken, obs(401, { challenge: 'Bearer realm="x", error="invalid_token"' })).conforms, true);
  assert.equal(judgeWith(invalidToken, obs(401, { challenge: 'Bearer error=invalid_token' })).conforms, true);
  assert.equal(judgeWith(invalidToken, obs(401, { challenge: 'Bearer error="INVALID_TOKEN"' })).conforms, false);
  assert.equal(judgeWith(invalidToken, obs(401, { challenge: 'Bearer' })).conforms, false);
  assert.equal(judgeWith(invalidToken, obs(401, { challenge: 'Bearer error="invalid_request"' })).conforms, false);
});

test('invalid-request: 400 with a Bearer challenge carrying error="invalid_request", and nothing else', () => {
  const p = expecting({ kind: 'invalid-request' });
  assert.equal(judgeWith(p, obs(400, { challenge: 'Bearer realm="x", error="invalid_request"' })).conforms, true);
  assert.equal(judgeWith(p, obs(400, { challenge: 'Bearer error="invalid_token"' })).conforms, false);
  assert.equal(judgeWith(p, obs(400, { body: '{"error":"invalid_request"}' })).conforms, false);
  assert.equal(judgeWith(p, obs(401, { challenge: 'Bearer error="invalid_request"' })).conforms, false);
});

test('http-rejected: 400 or 431 without a Bearer challenge', () => {
  const p = expecting({ kind: 'http-rejected' });
  assert.equal(judgeWith(p, obs(400, { body: 'Invalid HTTP request received.' })).conforms, true);
  assert.equal(judgeWith(p, obs(431)).conforms, true);
  assert.equal(judgeWith(p, obs(400, { challenge: 'Basic realm="x"' })).conforms, true);
  assert.equal(judgeWith(p, obs(400, { challenge: 'Bearer error="invalid_request"' })).conforms, false);
  assert.equal(judgeWith(p, obs(413)).conforms, false);
  assert.equal(judgeWith(p, obs(401)).conforms, false);
});

test('a 5xx never conforms, whatever is acceptable', () => {
  const anything = expecting({ kind: 'authorized', token: null }, { kind: 'http-rejected' }, { kind: 'challenged', error: 'any' });
  for (const status of [500, 502, 503, 504]) assert.equal(judgeWith(anything, obs(status)).conforms, false);
});

test('the judgement names the matched outcome and describes both sides', () => {
  const p = expecting({ kind: 'challenged', error: 'any' }, { kind: 'authorized', token: 'a\x01b"c' });
  assert.deepEqual(judge(p, obs(200, { token: 'a\x01b"c' }), echo), {
    conforms: true,
    matched: { kind: 'authorized', token: 'a\x01b"c' },
    expected: ['401 with a Bearer challenge', '2xx, endpoint sees token "a\\x01b\\"c"'],
    actual: '200, endpoint saw token "a\\x01b\\"c"',
  });
  const failed = judge(p, obs(400, { body: 'Invalid HTTP request received.' }), echo);
  assert.deepEqual(failed, {
    conforms: false,
    expected: ['401 with a Bearer challenge', '2xx, endpoint sees token "a\\x01b\\"c"'],
    actual: '400, no WWW-Authenticate, body "Invalid HTTP request received."',
    finding: p.requirement,
  });
});

test('a nonconforming answer is a finding of the weakest waiver it matches, else of the deciding requirement', () => {
  const ref = (id: string, level: Level) => ({ id, level, source: { ref: id, quote: id } });
  const p: Prediction = {
    ...expecting({ kind: 'authorized', token: 'abc' }),
    requirement: ref('http.ows-trim', 'MUST'),
    waivers: [{ requirement: ref('bearer.multiple-sp', 'SHOULD'), acceptable: [{ kind: 'authorized', token: ' abc' }] }],
  };
  assert.equal(judge(p, obs(200, { token: 'abc' }), echo).finding, undefined);
  assert.equal(judge(p, obs(200, { token: ' abc' }), echo).finding?.id, 'bearer.multiple-sp');
  assert.equal(judge(p, obs(200, { token: 'abc ' }), echo).finding?.id, 'http.ows-trim');
  assert.equal(judge(p, obs(500), echo).finding?.id, 'http.ows-trim');
});

test('describeOutcome: every kind, control bytes and NBSP escaped', () => {
  assert.equal(describeOutcome({ kind: 'authorized', token: null }), '2xx');
  assert.equal(describeOutcome({ kind: 'authorized', token: '\t\xa0\xe9\x85' }), '2xx, endpoint sees token "\\x09\\xa0é\\x85"');
  assert.equal(describeOutcome({ kind: 'challenged', error: 'any' }), '401 with a Bearer challenge');
  assert.equal(describeOutcome({ kind: 'challenged', error: 'absent' }), '401 with a Bearer challenge without an error auth-param');
  assert.equal(describeOutcome({ kind: 'challenged', error: 'invalid_token' }), '401 with a Bearer challenge with error="invalid_token"');
  assert.equal(describeOutcome({ kind: 'invalid-request' }), '400 with a Bearer challenge carrying error="invalid_request"');
  assert.equal(describeOutcome({ kind: 'http-rejected' }), '400 or 431 from the HTTP layer (no Bearer challenge)');
});

test('describeObservation: challenge, echo, long bodies', () => {
  assert.equal(describeObservation(obs(401, { challenge: ['Bearer', 'Basic realm="x"'], body: NOT_AUTHENTICATED }), noEcho),
    '401, WWW-Authenticate: Bearer, Basic realm=\\"x\\", body "{\\"detail\\":\\"Not authenticated\\"}"');
  assert.equal(describeObservation(obs(200), echo), '200, no token echoed');
  assert.equal(describeObservation(obs(200, { token: 'abc' }), noEcho), '200');
  assert.equal(describeObservation(obs(500, { body: 'x'.repeat(100) }), noEcho), `500, body "${'x'.repeat(60)}…"`);
});

// ---- shape rules ---------------------------------------------------------------------------------

const NO_CREDENTIALS: RawRequest = { lines: [] };
const BASIC: RawRequest = { lines: ['Authorization: Basic dXNlcjpwYXNz'] };
const BAD_TOKEN: RawRequest = { lines: ['Authorization: Bearer a b'] };

function rule(profile: ProfileName, id: string): ShapeRule {
  const found = responseShapeRules(profile).find((r) => r.requirement.id === id);
  assert.ok(found, `${id} under ${profile}`);
  return found;
}

function verdict(r: ShapeRule, o: Observation, request: RawRequest = NO_CREDENTIALS): string | null | 'n/a' {
  return r.appliesTo(o) ? r.check(o, request) : 'n/a';
}

/** The challenge-grammar rules, in order, at these levels. */
const GRAMMAR = (...levels: [string, string, string, string]) =>
  ['shape.no-repeated-auth-param', 'shape.bearer-attribute-charset', 'shape.known-error-code', 'shape.no-error-without-credentials'].map((id, i) => `${id}:${levels[i]}`);

test('shape rules per profile, with levels', () => {
  const table = Object.fromEntries(PROFILES.map((p) => [p, responseShapeRules(p).map((r) => `${r.requirement.id}:${r.requirement.level}`)]));
  assert.deepEqual(table, {
    documented: ['shape.bearer-challenge:MUST', 'shape.fastapi-challenge:INFO', 'shape.fastapi-body:INFO', ...GRAMMAR('SHOULD', 'INFO', 'INFO', 'INFO')],
    fastapi: ['shape.bearer-challenge:MUST', 'shape.fastapi-challenge:MUST', 'shape.fastapi-body:MUST', ...GRAMMAR('INFO', 'INFO', 'INFO', 'INFO')],
    'fastapi@0.92': ['shape.bearer-challenge:MUST', 'shape.fastapi-challenge:MUST', 'shape.fastapi-body:MUST', ...GRAMMAR('INFO', 'INFO', 'INFO', 'INFO')],
    rfc6750: ['shape.bearer-challenge:MUST', 'shape.challenge-auth-param:SHOULD', ...GRAMMAR('MUST', 'MUST', 'SHOULD', 'SHOULD')],
  });
  for (const p of PROFILES) {
    const titles = responseShapeRules(p).map((r) => r.title);
    assert.equal(new Set(titles).size, titles.length);
    for (const r of responseShapeRules(p)) assert.ok(r.requirement.source.quote && r.title.startsWith('Sends '), r.requirement.id);
  }
});

test('shape.bearer-challenge: a 401 carries a parseable Bearer challenge', () => {
  const r = rule('documented', 'shape.bearer-challenge');
  assert.equal(verdict(r, obs(401, { challenge: 'Bearer' })), null);
  assert.equal(verdict(r, obs(401, { challenge: 'Basic realm="x", bearer realm="y"' })), null);
  assert.equal(verdict(r, obs(401)), 'the 401 has no WWW-Authenticate');
  assert.equal(verdict(r, obs(401, { challenge: 'Basic realm="x"' })), 'WWW-Authenticate "Basic realm=\\"x\\"" has no Bearer challenge');
  assert.match(String(verdict(r, obs(401, { challenge: 'Bearer realm="x' }))), /does not parse: expected "," after a token68/);
  assert.equal(verdict(r, obs(200)), 'n/a');
});

test("shape.fastapi-*: exactly FastAPI's challenge and body", () => {
  const challenge = rule('fastapi', 'shape.fastapi-challenge');
  assert.equal(verdict(challenge, obs(401, { challenge: 'Bearer' })), null);
  assert.equal(verdict(challenge, obs(401, { challenge: 'Bearer realm="api"' })), 'WWW-Authenticate is "Bearer realm=\\"api\\""');
  assert.equal(verdict(challenge, obs(401, { challenge: ['Bearer', 'Bearer'] })), 'WWW-Authenticate is "Bearer" + "Bearer"');
  assert.equal(verdict(challenge, obs(401)), 'WWW-Authenticate is absent');
  const body = rule('fastapi@0.92', 'shape.fastapi-body');
  assert.equal(verdict(body, obs(401, { challenge: 'Bearer', body: NOT_AUTHENTICATED })), null);
  assert.equal(verdict(body, obs(401, { challenge: 'Bearer', body: '{"detail": "Not authenticated"}' })), 'the body is "{\\"detail\\": \\"Not authenticated\\"}"');
});

test('shape rules of rfc6750: auth-params present, none repeated, no error code without credentials', () => {
  const params = rule('rfc6750', 'shape.challenge-auth-param');
  assert.equal(verdict(params, obs(401, { challenge: 'Bearer realm="api"' })), null);
  assert.equal(verdict(params, obs(401, { challenge: 'Bearer' })), 'a Bearer challenge has no auth-param');
  assert.equal(verdict(params, obs(401, { challenge: 'Basic realm="x"' })), 'n/a');
  const repeated = rule('rfc6750', 'shape.no-repeated-auth-param');
  assert.equal(verdict(repeated, obs(401, { challenge: 'Bearer realm="a", error="invalid_token"' })), null);
  assert.equal(verdict(repeated, obs(401, { challenge: 'Bearer realm="a", Realm="b", error="x", error="y"' })), 'repeated auth-param: realm, error');
  assert.equal(verdict(repeated, obs(401, { challenge: 'Basic realm="a", realm="b", Bearer' })), 'repeated auth-param: realm');
  const charset = rule('rfc6750', 'shape.bearer-attribute-charset');
  assert.equal(verdict(charset, obs(401, { challenge: 'Bearer error="invalid_token", error_description="expired!", scope="a b"' })), null);
  assert.equal(verdict(charset, obs(401, { challenge: 'Bearer error_description="say \\"hi\\""' })), 'character outside RFC 6750 §3\'s set in: error_description="say \\"hi\\""');
  assert.equal(verdict(charset, obs(401, { challenge: 'Bearer scope="a\\\\b", realm="\\"ok\\""' })), 'character outside RFC 6750 §3\'s set in: scope="a\\\\b"');
  const known = rule('rfc6750', 'shape.known-error-code');
  assert.equal(verdict(known, obs(401, { challenge: 'Bearer error="insufficient_scope"' })), null);
  assert.equal(verdict(known, obs(401, { challenge: 'Bearer error="Invalid_Token"' })), 'error code not defined by RFC 6750 §3.1: "Invalid_Token"');
  const noError = rule('rfc6750', 'shape.no-error-without-credentials');
  const withError = obs(401, { challenge: 'Bearer realm="api", error="invalid_token"' });
  assert.equal(verdict(noError, withError, NO_CREDENTIALS), 'error="invalid_token" although the request had no Bearer credentials');
  assert.equal(verdict(noError, withError, BASIC), 'error="invalid_token" although the request had no Bearer credentials');
  assert.equal(verdict(noError, withError, BAD_TOKEN), null);
  assert.equal(verdict(noError, obs(401, { challenge: 'Bearer realm="api"' }), BASIC), null);
});

test("FastAPI's own 401 passes the FastAPI rules and fails rfc6750's auth-param SHOULD (docs/sources/fastapi-measured.md#d-4)", () => {
  const fastapi401 = obs(401, { challenge: 'Bearer', body: NOT_AUTHENTICATED });
  for (const p of ['documented', 'fastapi', 'fastapi@0.92'] as const) {
    assert.deepEqual(responseShapeRules(p).map((r) => verdict(r, fastapi401)), [null, null, null, null, null, null, null], p);
  }
  assert.deepEqual(responseShapeRules('rfc6750').map((r) => verdict(r, fastapi401)), [null, 'a Bearer challenge has no auth-param', null, null, null, null]);
});
