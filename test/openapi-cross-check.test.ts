import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CouldNotTest } from '../suites/checks/failures.ts';
import { assertCrossCheck, judgeCrossCheck, planCrossCheck, runCrossCheck } from '../suites/openapi/index.ts';
import type { CrossCheckExchange, CrossCheckFinding, PlannedOperation } from '../suites/openapi/index.ts';
import { fixture, outcome } from './fixtures/openapi/helpers.ts';

const ok = { description: 'OK' };
const secured = [{ OAuth2PasswordBearer: [] }];
const SCHEMES = { securitySchemes: { OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { tokenUrl: 'token', scopes: {} } } } } };

function doc(paths: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { openapi: '3.1.0', info: { title: 't', version: '1' }, paths, components: SCHEMES, ...extra };
}

function find(plan: PlannedOperation[], label: string): PlannedOperation {
  const op = plan.find((o) => o.label === label);
  assert.ok(op, `no ${label} in ${plan.map((o) => o.label).join(', ')}`);
  return op;
}

function verdicts(findings: CrossCheckFinding[]): Record<string, string> {
  return Object.fromEntries(findings.map((f) => [f.id, f.verdict]));
}

test("FastAPI's document plans one GET without credentials to /items/ under the target's prefix", () => {
  const [op, ...rest] = planCrossCheck(fixture('fastapi-0.92'), 'http://h/api/v1/');
  assert.equal(rest.length, 0);
  assert.deepEqual(op!.request, { method: 'GET', url: 'http://h/api/v1/items/', headers: {} });
  assert.deepEqual(op!.securedBy, ['OAuth2PasswordBearer']);
  assert.deepEqual(op!.documentedResponses, ['200']);
});

test('path parameters get a placeholder or their example; required query parameters their example, default or 1', () => {
  const plan = planCrossCheck(doc({
    '/items/{item_id}': {
      parameters: [{ name: 'item_id', in: 'path', required: true, schema: { type: 'integer' } }],
      get: { security: secured, responses: { 200: ok }, parameters: [
        { name: 'q', in: 'query', required: true, schema: { type: 'string', default: 'abc' } },
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer' } },
        { $ref: '#/components/parameters/Lang' },
      ] },
    },
    '/users/{user_id}/files/{name}': { get: { responses: { 200: ok }, parameters: [
      { name: 'user_id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      { name: 'name', in: 'path', required: true, example: 'a b.txt', schema: { type: 'string' } },
    ] } },
  }, { components: { ...SCHEMES, parameters: { Lang: { name: 'lang', in: 'query', required: true, schema: { enum: ['en', 'de'] } } } } }), 'http://h');
  assert.equal(find(plan, 'GET /items/{item_id}').request!.url, 'http://h/items/1?q=abc&lang=en');
  assert.equal(find(plan, 'GET /users/{user_id}/files/{name}').request!.url, 'http://h/users/00000000-0000-4000-8000-000000000001/files/a%20b.txt');
});

test('unsafe methods, cookies, Authorization parameters and required bodies are skipped with a reason', () => {
  const d = doc({
    '/items/': {
      post: { security: secured, responses: { 200: ok } },
      put: { security: secured, responses: { 200: ok }, requestBody: { required: true, content: { 'application/json': { schema: {} } } } },
    },
    '/me': { get: { security: secured, responses: { 200: ok }, parameters: [{ name: 'session', in: 'cookie', required: true }] } },
    '/raw': { get: { responses: { 200: ok }, parameters: [{ name: 'Authorization', in: 'header', required: true, schema: { type: 'string' } }] } },
    '/h': { get: { responses: { 200: ok }, parameters: [{ name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string', example: 't1' } }] } },
  });
  const safeOnly = planCrossCheck(d, 'http://h');
  assert.match(find(safeOnly, 'POST /items/').skip!, /not a safe method; pass --allow-unsafe-methods/);
  assert.match(find(safeOnly, 'GET /me').skip!, /cookie/);
  assert.match(find(safeOnly, 'GET /raw').skip!, /Authorization/);
  assert.deepEqual(find(safeOnly, 'GET /h').request!.headers, { 'x-tenant': 't1' });
  const unsafe = planCrossCheck(d, 'http://h', { allowUnsafeMethods: true });
  assert.equal(find(unsafe, 'POST /items/').request!.method, 'POST');
  assert.match(find(unsafe, 'PUT /items/').skip!, /request body/);
});

test('effective security: the operation overrides the top level; `[]` and `[{}]` are public', () => {
  const plan = planCrossCheck(doc({
    '/a': { get: { responses: { 200: ok } } },
    '/b': { get: { security: [], responses: { 200: ok } } },
    '/c': { get: { security: [{}, { OAuth2PasswordBearer: [] }], responses: { 200: ok } } },
  }, { security: secured }), 'http://h');
  assert.deepEqual(plan.map((o) => o.securedBy), [['OAuth2PasswordBearer'], [], []]);
});

function exchange(op: Partial<PlannedOperation>, status?: number): CrossCheckExchange {
  const full: PlannedOperation = { method: 'GET', path: '/x', label: 'GET /x', securedBy: [], documentedResponses: ['200'], request: { method: 'GET', url: 'http://h/x', headers: {} }, ...op };
  return { op: full, ...(status !== undefined ? { response: { status, headers: {}, body: '' } } : {}) };
}

test('judge: a secured operation answering 2xx without credentials fails the MUST; 401 and 403 pass; other statuses cannot tell', () => {
  const securedOp = { securedBy: ['OAuth2PasswordBearer'], documentedResponses: ['200', '401'] };
  const leaky = judgeCrossCheck(exchange(securedOp, 200), 'documented');
  assert.deepEqual(verdicts(leaky), { 'openapi.secured-requires-credentials': 'fail', 'openapi.under-declared': 'skip', 'openapi.401-documented': 'pass' });
  assert.match(leaky[0]!.message, /declared secured by OAuth2PasswordBearer but answered 200 to GET http:\/\/h\/x without credentials/);
  for (const status of [401, 403]) assert.equal(judgeCrossCheck(exchange(securedOp, status), 'documented')[0]!.verdict, 'pass');
  const notFound = judgeCrossCheck(exchange(securedOp, 404), 'documented')[0]!;
  assert.equal(notFound.verdict, 'skip');
  assert.match(notFound.message, /answered 404 without credentials, which neither grants nor refuses access/);
});

test('judge: a public operation answering 401 is under-declared (SHOULD); 2xx is fine', () => {
  const f = judgeCrossCheck(exchange({}, 401), 'documented');
  assert.deepEqual(verdicts(f), { 'openapi.secured-requires-credentials': 'skip', 'openapi.under-declared': 'fail', 'openapi.401-documented': 'skip' });
  assert.equal(judgeCrossCheck(exchange({}, 200), 'documented')[1]!.verdict, 'pass');
});

test('judge: a secured operation documents 401, 4XX or default, else INFO fail; judged even when not probed', () => {
  const none = judgeCrossCheck(exchange({ securedBy: ['S'], request: undefined, skip: 'POST is not a safe method' }), 'documented');
  assert.deepEqual(verdicts(none), { 'openapi.secured-requires-credentials': 'skip', 'openapi.under-declared': 'skip', 'openapi.401-documented': 'fail' });
  assert.match(none[0]!.message, /was not probed: POST is not a safe method/);
  for (const key of ['401', '4XX', '4xx', 'default']) {
    assert.equal(judgeCrossCheck(exchange({ securedBy: ['S'], documentedResponses: ['200', key] }, 401), 'documented')[2]!.verdict, 'pass', key);
  }
});

test('judge: a transport problem is could-not-test for the response checks of that operation only', () => {
  const ex: CrossCheckExchange = { ...exchange({ securedBy: ['S'] }), error: new CouldNotTest('GET /x: no response within 100 ms') };
  assert.deepEqual(verdicts(judgeCrossCheck(ex, 'documented')), { 'openapi.secured-requires-credentials': 'error', 'openapi.under-declared': 'skip', 'openapi.401-documented': 'fail' });
});

test('assertCrossCheck: one failing operation fails the requirement and the evidence lists every operation', async () => {
  const findings = [
    ...judgeCrossCheck(exchange({ label: 'GET /a', securedBy: ['S'] }, 401), 'documented'),
    ...judgeCrossCheck(exchange({ label: 'GET /b', securedBy: ['S'] }, 200), 'documented'),
  ];
  const r = await outcome((evidence) => assertCrossCheck('openapi.secured-requires-credentials', findings, 'documented', evidence));
  assert.equal(r.verdict, 'fail');
  assert.equal(r.level, 'MUST');
  assert.deepEqual((r.evidence.operations as { operation: string; verdict: string }[]).map((o) => [o.operation, o.verdict]), [['GET /a', 'pass'], ['GET /b', 'fail']]);
  const passing = await outcome((evidence) => assertCrossCheck('openapi.under-declared', findings, 'documented', evidence));
  assert.equal(passing.verdict, 'skip', 'no public operation: nothing to judge');
});

/** A small API whose document and behaviour disagree. */
async function startApi(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const authorized = (req.headers.authorization ?? '').startsWith('Bearer ');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/items/' || path === '/secret/') return authorized ? send(200, []) : send(401, { detail: 'Not authenticated' }, { 'www-authenticate': 'Bearer' });
    if (path === '/leaky/' || path === '/public/') return send(200, []);
    if (path === '/slow/') return; // never answers
    send(404, { detail: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

test('end to end: a secured operation that ignores auth fails, an undeclared one answering 401 is under-declared, a hang is could-not-test', async () => {
  const api = await startApi();
  try {
    const d = doc({
      '/items/': { get: { security: secured, responses: { 200: ok, 401: ok } }, post: { security: secured, responses: { 200: ok } } },
      '/leaky/': { get: { security: secured, responses: { 200: ok } } },
      '/secret/': { get: { responses: { 200: ok } } },
      '/public/': { get: { responses: { 200: ok } } },
      '/slow/': { get: { security: secured, responses: { 200: ok } } },
    });
    const plan = planCrossCheck(d, api.url);
    // the hang costs one timeout; 2 s keeps a loaded machine's answers inside it (300 ms made GET /items/ an error under load)
    const exchanges = await runCrossCheck(plan, { timeoutMs: 2000, concurrency: 2 });
    const byOp = Object.fromEntries(exchanges.map((ex) => [ex.op.label, verdicts(judgeCrossCheck(ex, 'documented'))]));
    assert.deepEqual(byOp['GET /items/'], { 'openapi.secured-requires-credentials': 'pass', 'openapi.under-declared': 'skip', 'openapi.401-documented': 'pass' });
    assert.equal(byOp['POST /items/']!['openapi.secured-requires-credentials'], 'skip');
    assert.equal(byOp['GET /leaky/']!['openapi.secured-requires-credentials'], 'fail');
    assert.equal(byOp['GET /secret/']!['openapi.under-declared'], 'fail');
    assert.equal(byOp['GET /public/']!['openapi.under-declared'], 'pass');
    assert.equal(byOp['GET /slow/']!['openapi.secured-requires-credentials'], 'error');
    assert.match(exchanges.find((ex) => ex.op.label === 'GET /slow/')!.error!.message, /no complete response within 2000 ms/);
    assert.equal(exchanges.find((ex) => ex.op.label === 'GET /leaky/')!.response!.status, 200);
  } finally {
    await api.close();
  }
});
