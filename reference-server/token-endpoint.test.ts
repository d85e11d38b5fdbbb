// POST /token (RFC 6749 §4.3 password grant) and --validate-tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { B64TOKEN } from './credentials.ts';
import { rawRequest } from './raw-client.ts';
import { startReferenceServer } from './server.ts';
import type { ReferenceServerOptions } from './server.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const ALICE = 'grant_type=password&username=alice&password=wonderland';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown>;
}

async function withServer(opts: ReferenceServerOptions, body: (base: string, port: number) => Promise<void>): Promise<void> {
  const server = await startReferenceServer({ port: 0, quiet: true, ...opts });
  try {
    await body(server.url, server.port);
  } finally {
    await server.close();
  }
}

async function post(url: string, body: string, headers: Record<string, string> = FORM): Promise<Answer> {
  const res = await request(url, { method: 'POST', headers, body });
  return { status: res.statusCode, headers: res.headers, json: (await res.body.json()) as Record<string, unknown> };
}

function assertNoStore(a: Answer): void {
  assert.equal(a.headers['cache-control'], 'no-store');
  assert.equal(a.headers.pragma, 'no-cache');
}

function assertRefused(a: Answer, status: number, error: string): void {
  assert.equal(a.status, status, JSON.stringify(a.json));
  assert.equal(a.json.error, error);
  assert.match(String(a.json.error_description), /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
  assertNoStore(a);
}

test('a password grant for a demo user gets a b64token bearer token, not to be cached', async () => {
  await withServer({}, async (base) => {
    const a = await post(`${base}/token`, ALICE);
    assert.equal(a.status, 200);
    assert.equal(a.headers['content-type'], 'application/json');
    assert.deepEqual(Object.keys(a.json), ['access_token', 'token_type']);
    assert.equal(a.json.token_type, 'bearer');
    assert.match(String(a.json.access_token), B64TOKEN);
    assertNoStore(a);
    const again = await post(`${base}/token`, 'grant_type=password&username=bob&password=builder', { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' });
    assert.equal(again.status, 200);
    assert.notEqual(again.json.access_token, a.json.access_token);
  });
});

test("Swagger UI's default Authorization: Basic Og==, other client credentials, scope and extra fields are accepted", async () => {
  await withServer({}, async (base) => {
    assert.equal((await post(`${base}/token`, ALICE, { ...FORM, authorization: 'Basic Og==' })).status, 200);
    assert.equal((await post(`${base}/token`, ALICE, { ...FORM, authorization: 'Basic bXktY2xpZW50OnMzY3IzdA==' })).status, 200);
    assert.equal((await post(`${base}/token`, `${ALICE}&scope=items:read+items:write`)).status, 200);
    assert.equal((await post(`${base}/token`, `${ALICE}&client_id=my-client&client_secret=s3cr3t&foo=bar`)).status, 200);
    assert.equal((await post(`${base}/token`, 'username=alice&password=wonder%6Cand&grant_type=password')).status, 200);
  });
});

test('malformed grants get 400 invalid_request (RFC 6749 §5.2)', async () => {
  await withServer({}, async (base) => {
    const cases: [string, Record<string, string>][] = [
      [JSON.stringify({ grant_type: 'password', username: 'alice', password: 'wonderland' }), { 'content-type': 'application/json' }],
      [ALICE, { 'content-type': 'text/plain' }],
      [ALICE, {}],
      ['grant_type=password&password=wonderland', FORM],
      ['grant_type=password&username=alice&password=', FORM],
      ['grant_type=password&username=alice', FORM],
      ['username=alice&password=wonderland', FORM],
      [`${ALICE}&username=bob`, FORM],
      [`${ALICE}&grant_type=password`, FORM],
      ['', FORM],
    ];
    for (const [body, headers] of cases) assertRefused(await post(`${base}/token`, body, headers), 400, 'invalid_request');
  });
});

test('another grant type gets unsupported_grant_type; wrong credentials get invalid_grant', async () => {
  await withServer({}, async (base) => {
    assertRefused(await post(`${base}/token`, 'grant_type=client_credentials&username=alice&password=wonderland'), 400, 'unsupported_grant_type');
    assertRefused(await post(`${base}/token`, 'grant_type=PASSWORD&username=alice&password=wonderland'), 400, 'unsupported_grant_type');
    for (const credentials of ['username=alice&password=builder', 'username=ALICE&password=wonderland', 'username=J%C3%BCrgen&password=x', 'username=__proto__&password=x', 'username=constructor&password=x']) {
      assertRefused(await post(`${base}/token`, `grant_type=password&${credentials}`), 400, 'invalid_grant');
    }
  });
});

test('only POST: other methods get 405 with allow: POST; bodies over 16 KiB get 413', async () => {
  await withServer({}, async (base, port) => {
    const get = await request(`${base}/token`);
    assert.equal(get.statusCode, 405);
    assert.equal(get.headers.allow, 'POST');
    assert.deepEqual(await get.body.json(), { detail: 'Method Not Allowed' });
    assertRefused(await post(`${base}/token`, `${ALICE}&pad=${'x'.repeat(17 * 1024)}`), 413, 'invalid_request');
    const declared = await rawRequest(port, { method: 'POST', path: '/token', lines: ['Content-Type: application/x-www-form-urlencoded', `Content-Length: ${1 << 30}`] });
    assert.equal(declared.status, 413);
  });
});

test('with --validate-tokens only issued tokens open /items/; others get 401 "Could not validate credentials"', async () => {
  await withServer({ validateTokens: true, rootPath: '/api/v1' }, async (base) => {
    const issued = String((await post(`${base}/token`, ALICE)).json.access_token);
    const ok = await request(`${base}/items/`, { headers: { authorization: `Bearer ${issued}` } });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(await ok.body.json(), { token: issued });
    for (const wrong of [issued.toLowerCase(), `${issued}x`, issued.slice(1), 'abc']) {
      const res = await request(`${base}/items/`, { headers: { authorization: `Bearer ${wrong}` } });
      assert.equal(res.statusCode, 401);
      assert.equal(res.headers['www-authenticate'], 'Bearer');
      assert.deepEqual(await res.body.json(), { detail: 'Could not validate credentials' });
    }
  });
});

test('rfc6750 with --validate-tokens: an unknown token gets error="invalid_token"; issueToken mints accepted tokens', async () => {
  const server = await startReferenceServer({ port: 0, mode: 'rfc6750', validateTokens: true, quiet: true });
  try {
    const unknown = await request(`${server.url}/items/`, { headers: { authorization: 'Bearer abc' } });
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.headers['www-authenticate'], 'Bearer realm="bearer-conformance", error="invalid_token"');
    await unknown.body.dump();
    const token = server.issueToken('bob');
    const ok = await request(`${server.url}/items/`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.statusCode, 200);
    await ok.body.dump();
    // a signed JWT naming the user; the same claims unsigned are not a token it issued
    const [header, payload, signature] = token.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(header!, 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
    assert.equal((JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { sub: string }).sub, 'bob');
    assert.equal(Buffer.from(signature!, 'base64url').length, 32);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    const forged = await request(`${server.url}/items/`, { headers: { authorization: `Bearer ${unsigned}` } });
    assert.equal(forged.statusCode, 401);
    await forged.body.dump();
    assert.throws(() => server.issueToken('mallory'), RangeError);
  } finally {
    await server.close();
  }
});

test('without --validate-tokens any token is accepted, as in the tutorial', async () => {
  await withServer({ mode: 'fastapi' }, async (base) => {
    const res = await request(`${base}/items/`, { headers: { authorization: 'Bearer anything-at-all' } });
    assert.deepEqual(await res.body.json(), { token: 'anything-at-all' });
  });
});
