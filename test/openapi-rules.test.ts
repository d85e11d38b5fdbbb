import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CouldNotTest } from '../suites/checks/failures.ts';
import { DOCUMENT_RULES, fetchOpenApi, requirementFor, resolveAsOpenApi, resolveAsSwaggerUi, runRule } from '../suites/openapi/index.ts';
import type { ProfileName } from '../suites/model/types.ts';
import { failing, fixture, judgeDocument, outcome, served } from './fixtures/openapi/helpers.ts';

const PROFILES: ProfileName[] = ['documented', 'fastapi', 'fastapi@0.92', 'rfc6750'];

function mustRules(profile: ProfileName): string[] {
  return Object.keys(DOCUMENT_RULES).filter((id) => requirementFor(id, profile).level === 'MUST');
}

for (const [name, profile] of [['fastapi-0.92', 'fastapi@0.92'], ['fastapi-current', 'fastapi'], ['fastapi-0.92', 'documented'], ['fastapi-current', 'documented']] as const) {
  test(`${name} passes every document rule under ${profile}`, async () => {
    const results = await judgeDocument(fixture(name), { profile });
    for (const id of mustRules(profile)) assert.equal(results.get(id)?.verdict, 'pass', `${id}: ${results.get(id)?.message}`);
    assert.deepEqual(failing(results), []);
  });
}

const FAULTS: [fixture: string, rule: string, words: string][] = [
  ['faulty/no-security-schemes', 'openapi.bearer-scheme-declared', 'declares no components.securitySchemes'],
  ['faulty/public-only', 'openapi.operations-secured', 'an operation without security'],
  ['faulty/missing-token-url', 'openapi.schema-valid', "/components/securitySchemes/OAuth2PasswordBearer/flows/password must have required property 'tokenUrl'"],
  ['faulty/missing-token-url', 'openapi.token-url-present', '/components/securitySchemes/OAuth2PasswordBearer/flows/password/tokenUrl is missing'],
  ['faulty/implicit-flow', 'openapi.bearer-scheme-declared', 'OAuth2PasswordBearer: oauth2 with flows implicit'],
  ['faulty/basic-scheme', 'openapi.bearer-scheme-declared', 'HTTPBasic: http scheme "basic"'],
  ['faulty/absolute-token-url', 'openapi.token-url-relative', '"https://auth.example.com/token" is an absolute URL'],
  ['faulty/undefined-scheme-ref', 'openapi.security-refs', '/paths/~1items~1/get/security/0/OAuth2 names "OAuth2", which components.securitySchemes does not declare'],
];

for (const [name, rule, words] of FAULTS) {
  test(`${name} is caught by ${rule}`, async () => {
    const results = await judgeDocument(fixture(name));
    const r = results.get(rule)!;
    assert.equal(r.verdict, 'fail', `${rule}: ${r.verdict} ${r.message}`);
    assert.ok(r.message.includes(words), r.message);
    assert.equal(r.level, requirementFor(rule, 'documented').level);
  });
}

test('an absolute tokenUrl fails only the SHOULD rule: every MUST rule passes', async () => {
  const results = await judgeDocument(fixture('faulty/absolute-token-url'));
  assert.deepEqual(failing(results), ['openapi.token-url-relative']);
  assert.equal(results.get('openapi.token-url-relative')!.level, 'SHOULD');
});

test('a `/`-rooted tokenUrl is not relative to where the API is mounted either', async () => {
  const doc = fixture('fastapi-current') as { components: { securitySchemes: { OAuth2PasswordBearer: { flows: { password: { tokenUrl: string } } } } } };
  doc.components.securitySchemes.OAuth2PasswordBearer.flows.password.tokenUrl = '/token';
  const r = (await judgeDocument(doc)).get('openapi.token-url-relative')!;
  assert.equal(r.verdict, 'fail');
  assert.ok(r.message.includes('rooted at "/"'), r.message);
});

test('rules that need a password flow skip, with a reason, when there is none', async () => {
  const results = await judgeDocument(fixture('faulty/basic-scheme'));
  for (const id of ['openapi.token-url-present', 'openapi.scopes-object', 'openapi.token-url-relative', 'openapi.token-url-resolution', 'openapi.operations-secured']) {
    assert.equal(results.get(id)!.verdict, 'skip', id);
    assert.ok(results.get(id)!.message.length > 0);
  }
});

test('http bearer (any case) is a bearer scheme', async () => {
  const doc = fixture('faulty/basic-scheme') as { components: { securitySchemes: Record<string, unknown> }; paths: { '/items/': { get: { security: unknown } } } };
  doc.components.securitySchemes = { HTTPBearer: { type: 'http', scheme: 'BEARER' } };
  doc.paths['/items/'].get.security = [{ HTTPBearer: [] }];
  const results = await judgeDocument(doc);
  assert.deepEqual(failing(results), []);
  assert.equal(results.get('openapi.operations-secured')!.verdict, 'pass');
});

test('operation security overrides the top level: `[]` and a list containing `{}` are public', async () => {
  const doc = fixture('fastapi-current') as Record<string, unknown> & { paths: { '/items/': { get: Record<string, unknown> } } };
  doc.security = [{ OAuth2PasswordBearer: [] }];
  doc.paths['/items/'].get.security = [];
  assert.equal((await judgeDocument(doc)).get('openapi.operations-secured')!.verdict, 'fail');
  doc.paths['/items/'].get.security = [{}, { OAuth2PasswordBearer: [] }];
  assert.equal((await judgeDocument(doc)).get('openapi.operations-secured')!.verdict, 'fail');
  delete doc.paths['/items/'].get.security;
  assert.equal((await judgeDocument(doc)).get('openapi.operations-secured')!.verdict, 'pass', 'the top-level security applies');
});

test('scopes that are not a map of strings fail openapi.scopes-object', async () => {
  const doc = fixture('fastapi-current') as { components: { securitySchemes: { OAuth2PasswordBearer: { flows: { password: Record<string, unknown> } } } } };
  doc.components.securitySchemes.OAuth2PasswordBearer.flows.password.scopes = ['read'];
  const r = (await judgeDocument(doc)).get('openapi.scopes-object')!;
  assert.equal(r.verdict, 'fail');
  assert.ok(r.message.includes('/flows/password/scopes is ["read"]'), r.message);
});

test('served-without-credentials: a 401 for the document fails, a file is skipped', async () => {
  const doc = fixture('fastapi-current');
  const refused = { location: 'http://h/openapi.json', status: 401, headers: { 'content-type': 'application/json' }, body: '{"detail":"Not authenticated"}' };
  const r = (await judgeDocument(doc, { fetched: refused })).get('openapi.served-without-credentials')!;
  assert.equal(r.verdict, 'fail');
  assert.ok(r.message.includes('answered 401 without credentials'), r.message);
  const html = { ...served(doc), headers: { 'content-type': 'text/html' } };
  assert.equal((await judgeDocument(doc, { fetched: html })).get('openapi.served-without-credentials')!.verdict, 'fail');
  const file = { location: 'openapi.json', headers: {}, body: JSON.stringify(doc), doc };
  assert.equal((await judgeDocument(doc, { fetched: file })).get('openapi.served-without-credentials')!.verdict, 'skip');
});

test('without a parsed document every document rule skips with a reason', async () => {
  for (const [id, rule] of Object.entries(DOCUMENT_RULES).filter(([, x]) => x.needs === 'document')) {
    const r = await outcome((evidence) => runRule(rule, undefined, { profile: 'documented', documentUrl: 'http://h/openapi.json', docsUrl: 'http://h/docs', evidence }));
    assert.equal(r.verdict, 'skip', id);
    assert.ok(r.message.includes('no parsed OpenAPI document'), r.message);
  }
});

test('tokenUrl resolution: OpenAPI merges against servers[0].url, Swagger UI against the docs page (D-15)', () => {
  const doc = fixture('fastapi-root-path');
  assert.equal(resolveAsOpenApi('token', doc, 'https://example.com/api/v1/openapi.json'), 'https://example.com/api/token');
  assert.equal(resolveAsSwaggerUi('token', doc, 'https://example.com/api/v1/docs'), 'https://example.com/api/v1/token');
  const noServers = fixture('fastapi-current');
  assert.equal(resolveAsOpenApi('token', noServers, 'http://h/openapi.json'), 'http://h/token');
  assert.equal(resolveAsSwaggerUi('token', noServers, 'http://h/docs'), 'http://h/token');
  const absolute = { servers: [{ url: 'https://example.com/api/v1' }] };
  assert.equal(resolveAsSwaggerUi('token', absolute, 'http://docs.local/docs'), 'https://example.com/api/token', 'an absolute server URL is the base (S-01)');
  const trailing = { servers: [{ url: 'https://{host}/api/v1/', variables: { host: { default: 'example.com' } } }] };
  assert.equal(resolveAsOpenApi('token', trailing, 'http://x/openapi.json'), 'https://example.com/api/v1/token');
});

test('behind a proxy (servers /api/v1) the two readings differ and the INFO rule says where each tool POSTs', async () => {
  const results = await judgeDocument(fixture('fastapi-root-path'), { target: 'https://example.com/api/v1' });
  const r = results.get('openapi.token-url-resolution')!;
  assert.equal(r.verdict, 'fail');
  assert.equal(r.level, 'INFO');
  assert.ok(r.message.includes('POSTs to https://example.com/api/token'), r.message);
  assert.ok(r.message.includes('Swagger UI at https://example.com/api/v1/docs POSTs to https://example.com/api/v1/token'), r.message);
  assert.deepEqual((r.evidence.resolutions as { openApi: string; swaggerUi: string }[])[0], {
    scheme: 'OAuth2PasswordBearer', tokenUrl: 'token', server: '/api/v1', openApi: 'https://example.com/api/token', swaggerUi: 'https://example.com/api/v1/token',
  });
  assert.deepEqual(failing(results), ['openapi.token-url-resolution']);
});

test('a target mounted under a prefix without servers: OpenAPI says /token, Swagger UI /api/v1/token', async () => {
  const r = (await judgeDocument(fixture('fastapi-current'), { target: 'http://h/api/v1' })).get('openapi.token-url-resolution')!;
  assert.equal(r.verdict, 'fail');
  assert.ok(r.message.includes('POSTs to http://h/token') && r.message.includes('POSTs to http://h/api/v1/token'), r.message);
});

test('format assertion is INFO and separate from schema validity', async () => {
  const doc = fixture('fastapi-current') as { info: Record<string, unknown> };
  doc.info.contact = { email: 'nope' };
  const results = await judgeDocument(doc);
  assert.equal(results.get('openapi.schema-valid')!.verdict, 'pass');
  assert.equal(results.get('openapi.format-assertion')!.verdict, 'fail');
  assert.equal(results.get('openapi.format-assertion')!.level, 'INFO');
});

for (const profile of PROFILES) {
  test(`document rule levels do not depend on the profile (${profile})`, () => {
    for (const id of Object.keys(DOCUMENT_RULES)) assert.equal(requirementFor(id, profile).level, requirementFor(id, 'documented').level);
  });
}

test('fetchOpenApi sends no credentials and hands the response to served-without-credentials', async () => {
  const seen: http.IncomingHttpHeaders[] = [];
  const body = readFileSync(new URL('./fixtures/openapi/fastapi-0.92.json', import.meta.url), 'utf8').trim();
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === '/openapi.json') res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    else res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end('{"detail":"Not authenticated"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const good = await fetchOpenApi(`${base}/openapi.json`, { timeoutMs: 2000 });
    assert.equal(good.status, 200);
    assert.equal(good.body, body);
    assert.deepEqual(good.doc, JSON.parse(body));
    assert.deepEqual(failing(await judgeDocument(good.doc, { target: base, fetched: good })), []);
    const locked = await fetchOpenApi(`${base}/private/openapi.json`, { timeoutMs: 2000 });
    assert.equal((await judgeDocument(locked.doc, { target: base, fetched: locked })).get('openapi.served-without-credentials')!.verdict, 'fail');
    assert.ok(seen.every((h) => h.authorization === undefined && h.cookie === undefined));
    await assert.rejects(fetchOpenApi('http://127.0.0.1:1/openapi.json', { timeoutMs: 500 }), CouldNotTest);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
