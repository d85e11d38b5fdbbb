// The CLI's password grant goes through the openapi suite's token client (one client): the same
// form on the wire, the same token, the same exit-code classes for a missing endpoint, refused
// credentials and an endpoint that cannot be reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CannotTest, TokenEndpointMissing, TokenRefused, passwordGrant } from '../bin/preflight.ts';
import { USER, startTokenServer } from './fixtures/openapi/token-server.ts';

const NET = { timeoutMs: 3000, insecure: false };
/** FastAPI's tutorial token endpoint: 400 {"detail": "Incorrect username or password"} for a wrong password. */
const FASTAPI_TOKEN_ENDPOINT = { fastapi: true };

test('the preflight password grant: form on the wire, issued token, scopes only when given', async () => {
  const s = await startTokenServer(FASTAPI_TOKEN_ENDPOINT);
  try {
    assert.equal(await passwordGrant(`${s.url}/token`, USER.username, USER.password, NET), s.issued[0]);
    assert.equal(await passwordGrant(`${s.url}/token`, USER.username, USER.password, { ...NET, scopes: ['me', 'items'] }), s.issued[1]);
    assert.equal(s.issued.length, 2);
    assert.deepEqual(s.received.map((r) => `${r.contentType} ${r.body}`), [
      'application/x-www-form-urlencoded grant_type=password&username=alice&password=wonderland-S3cret',
      'application/x-www-form-urlencoded grant_type=password&username=alice&password=wonderland-S3cret&scope=me+items',
    ]);
  } finally {
    await s.close();
  }
});

test('the preflight password grant: missing endpoint, refused credentials, unreachable endpoint', async () => {
  const s = await startTokenServer(FASTAPI_TOKEN_ENDPOINT);
  try {
    await assert.rejects(passwordGrant(`${s.url}/missing`, USER.username, USER.password, NET), (e) => e instanceof TokenEndpointMissing && /answers 404/.test(e.message));
    await assert.rejects(passwordGrant(`${s.url}/token`, USER.username, 'wrong', NET),
      (e) => e instanceof TokenRefused && e.message.endsWith('did not issue a token for "alice": 400 Incorrect username or password'));
  } finally {
    await s.close();
  }
  await assert.rejects(passwordGrant('http://127.0.0.1:9/token', 'alice', 'wonderland', NET),
    (e) => e instanceof CannotTest && e.message.startsWith('could not reach the token endpoint http://127.0.0.1:9/token: ') && !e.message.includes('POST'));
});
