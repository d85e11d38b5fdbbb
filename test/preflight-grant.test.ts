// The CLI's password grant goes through the openapi suite's token client (one client): the same
// form on the wire, the same token, the same exit-code classes for a missing endpoint, refused
// credentials and an endpoint that cannot be reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CannotTest, TokenEndpointMissing, TokenRefused, passwordGrant } from '../bin/preflight.ts';

const NET = { timeoutMs: 3000, insecure: false };
const ISSUED = 'issued-abc.def';

async function tokenServer(): Promise<{ url: string; bodies: string[]; close: () => Promise<void> }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(`${req.headers['content-type']} ${body}`);
      const form = new URLSearchParams(body);
      const [status, json] = req.url === '/missing' ? [404, { detail: 'Not Found' }]
        : form.get('password') === 'wonderland' ? [200, { access_token: ISSUED, token_type: 'bearer' }]
        : [400, { detail: 'Incorrect username or password' }];
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, bodies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('the preflight password grant: form on the wire, issued token, scopes only when given', async () => {
  const s = await tokenServer();
  try {
    assert.equal(await passwordGrant(`${s.url}/token`, 'alice', 'wonderland', NET), ISSUED);
    assert.equal(await passwordGrant(`${s.url}/token`, 'alice', 'wonderland', { ...NET, scopes: ['me', 'items'] }), ISSUED);
    assert.deepEqual(s.bodies, [
      'application/x-www-form-urlencoded grant_type=password&username=alice&password=wonderland',
      'application/x-www-form-urlencoded grant_type=password&username=alice&password=wonderland&scope=me+items',
    ]);
  } finally {
    await s.close();
  }
});

test('the preflight password grant: missing endpoint, refused credentials, unreachable endpoint', async () => {
  const s = await tokenServer();
  try {
    await assert.rejects(passwordGrant(`${s.url}/missing`, 'alice', 'wonderland', NET), (e) => e instanceof TokenEndpointMissing && /answers 404/.test(e.message));
    await assert.rejects(passwordGrant(`${s.url}/token`, 'alice', 'wrong', NET),
      (e) => e instanceof TokenRefused && e.message.endsWith('did not issue a token for "alice": 400 Incorrect username or password'));
  } finally {
    await s.close();
  }
  await assert.rejects(passwordGrant('http://127.0.0.1:9/token', 'alice', 'wonderland', NET),
    (e) => e instanceof CannotTest && e.message.startsWith('could not reach the token endpoint http://127.0.0.1:9/token: ') && !e.message.includes('POST'));
});
