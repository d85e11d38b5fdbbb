// The docs suite reads the OpenAPI document the way the openapi suite does (issue 16, class 5): an
// answer that is not an OpenAPI document gives its checks nothing to compare the page with, so they
// skip with the status and reason; only a fetch that got no answer at all is could-not-test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from '@playwright/test';
import type { APIRequestContext } from '@playwright/test';
import { loadDocument } from '../suites/docs/operations.ts';
import { classify } from '../suites/checks/verdict.ts';

const JSON_TYPE = { 'content-type': 'application/json' };
const ANSWERS: Record<string, { status: number; headers: Record<string, string>; body: string }> = {
  '/behind-auth.json': { status: 401, headers: { ...JSON_TYPE, 'www-authenticate': 'Bearer' }, body: '{"detail":"Not authenticated"}' },
  '/missing.json': { status: 404, headers: JSON_TYPE, body: '{"detail":"Not Found"}' },
  '/error.json': { status: 200, headers: JSON_TYPE, body: '{"error":"no such route"}' },
  '/page.json': { status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>app</title>' },
  '/openapi.json': { status: 200, headers: JSON_TYPE, body: '{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{}}' },
};

let server: http.Server;
let base: string;
let api: APIRequestContext;
before(async () => {
  server = http.createServer((req, res) => {
    const a = ANSWERS[req.url ?? ''] ?? { status: 500, headers: {}, body: '' };
    res.writeHead(a.status, a.headers).end(a.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = await request.newContext();
});
after(async () => {
  await api.dispose();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

for (const [path, why] of [['/behind-auth.json', /answered 401 .*behind authentication/], ['/missing.json', /answered 404 .*not a 2xx/], ['/error.json', /without an `openapi` or `swagger` member/], ['/page.json', /the body is not JSON/]] as const) {
  test(`the docs suite's document at ${path}: skip, naming the answer`, async () => {
    const verdict = await loadDocument(api, base + path, 3000).then(() => undefined, (err: unknown) => classify(err));
    assert.equal(verdict?.verdict, 'skip', JSON.stringify(verdict));
    assert.match(verdict!.message, why);
  });
}

test('an OpenAPI document is read; nothing listening is could-not-test', async () => {
  assert.deepEqual(await loadDocument(api, `${base}/openapi.json`, 3000), JSON.parse(ANSWERS['/openapi.json']!.body));
  const down = await loadDocument(api, 'http://127.0.0.1:9/openapi.json', 3000).then(() => undefined, (err: unknown) => classify(err));
  assert.equal(down?.verdict, 'error');
});
