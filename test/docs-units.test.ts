// The docs suite's pure parts, without a browser: which operations carry locks, where Try it out
// sends a request, what a correct token request looks like, and which Chromium is chosen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseBrowser, NO_BROWSER_MESSAGE, SYSTEM_CHROMIUM_ARGS } from '../suites/browser.ts';
import { operations } from '../suites/openapi/document.ts';
import { chooseSecuredGet, describesPost, lockExpectation, operationUrl } from '../suites/docs/operations.ts';
import { LOCAL_DISTS, allowedHost, chooseDist, parseCdnAsset } from '../suites/docs/offline.ts';
import { isPasswordGrant } from '../suites/docs/token-route.ts';
import { tokenRequestProblems } from '../suites/docs/checks/password-flow.ts';

const A = { OAuth2PasswordBearer: [] };
const ok = { responses: {} };
const DOC = {
  openapi: '3.1.0',
  security: [A],
  paths: {
    '/items/': { get: ok },
    '/open': { get: { ...ok, security: [] } },
    '/anon': { get: { ...ok, security: [{}] } },
    '/maybe': { get: { ...ok, security: [{}, A] } },
    '/items/{id}': { get: ok },
    '/search': { get: { ...ok, parameters: [{ name: 'q', in: 'query', required: true }] } },
    '/token': { post: { ...ok, security: [] } },
  },
};

function op(method: string, path: string) {
  return operations(DOC).find((o) => o.method === method && o.path === path)!;
}

test('lock expectations: inherited security is required; [] and [{}] are public; {} beside a scheme is optional', () => {
  assert.equal(lockExpectation(DOC, op('GET', '/items/')), 'required');
  assert.equal(lockExpectation(DOC, op('GET', '/open')), 'public');
  assert.equal(lockExpectation(DOC, op('GET', '/anon')), 'public');
  assert.equal(lockExpectation(DOC, op('GET', '/maybe')), 'optional');
  assert.equal(lockExpectation({ paths: DOC.paths }, op('GET', '/items/')), 'public');
});

test('Try it out executes a secured GET without required parameters, preferring the run\'s endpoint', () => {
  assert.equal(chooseSecuredGet(DOC, [])?.path, '/items/');
  const withEndpoint = { ...DOC, paths: { ...DOC.paths, '/users/me': { get: ok } } };
  assert.equal(chooseSecuredGet(withEndpoint, [{ method: 'GET', path: '/users/me' }])?.path, '/users/me');
  assert.equal(chooseSecuredGet(DOC, [], 'OtherScheme'), undefined);
  assert.equal(chooseSecuredGet({ paths: { '/search': DOC.paths['/search'] }, security: [A] }, []), undefined);
});

test('operation URLs follow swagger-client: first server resolved against the document, trailing slash dropped', () => {
  const items = op('GET', '/items/');
  assert.equal(operationUrl(DOC, items, 'http://h:1/api/v1/openapi.json'), 'http://h:1/items/');
  assert.equal(operationUrl({ ...DOC, servers: [{ url: '/api/v1' }] }, items, 'http://h:1/api/v1/openapi.json'), 'http://h:1/api/v1/items/');
  assert.equal(operationUrl({ ...DOC, servers: [{ url: 'http://o:2/{base}/', variables: { base: { default: 'v2' } } }] }, items, 'http://h:1/openapi.json'), 'http://o:2/v2/items/');
  const own = operations({ paths: { '/x': { servers: [{ url: '/p' }], get: { ...ok, servers: [{ url: '/q' }] } } } })[0]!;
  assert.equal(operationUrl({}, own, 'http://h:1/openapi.json'), 'http://h:1/q/x');
  assert.ok(describesPost(DOC, 'http://h:1/token', 'http://h:1/openapi.json'));
  assert.ok(!describesPost(DOC, 'http://h:1/api/v1/token', 'http://h:1/openapi.json'));
});

test('a token request is judged on URL, content type and the three form fields', () => {
  const creds = { username: 'al ice', password: 'p&w=d', from: 'secrets' as const };
  const good = { url: 'http://h/token', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, postData: 'grant_type=password&username=al+ice&password=p%26w%3Dd' };
  assert.deepEqual(tokenRequestProblems(good, 'http://h/token', creds), []);
  assert.ok(isPasswordGrant(good.method, good.postData));
  assert.ok(!isPasswordGrant('GET', good.postData));
  const bad = { ...good, url: 'http://h/api/token', headers: { 'content-type': 'application/json' }, postData: 'grant_type=client_credentials&username=al+ice' };
  assert.deepEqual(tokenRequestProblems(bad, 'http://h/token', creds), [
    'posted to http://h/api/token, not http://h/token', 'Content-Type "application/json"', 'form field grant_type is "client_credentials"', 'form field password is null',
  ]);
});

test('the browser stays on loopback and the run\'s own origins', () => {
  const origins = new Set(['https://api.example.com']);
  assert.ok(allowedHost(new URL('http://127.0.0.1:9/docs'), origins));
  assert.ok(allowedHost(new URL('http://[::1]:9/docs'), origins));
  assert.ok(allowedHost(new URL('https://api.example.com/token'), origins));
  assert.ok(!allowedHost(new URL('https://fastapi.tiangolo.com/img/favicon.png'), origins));
});

test('CHROMIUM_PATH picks the browser; a missing one means no browser, with a message that says what to install', () => {
  assert.equal(chooseBrowser({ CHROMIUM_PATH: '/nonexistent' }), undefined);
  assert.match(NO_BROWSER_MESSAGE, /npx playwright install chromium.*apt-get install chromium.*CHROMIUM_PATH/);
  const node = chooseBrowser({ CHROMIUM_PATH: process.execPath });
  assert.deepEqual(node, { executablePath: process.execPath, args: SYSTEM_CHROMIUM_ARGS, description: `system Chromium (${process.execPath})` });
});

test('CDN asset URLs: jsDelivr, unpkg and cdnjs name a version and a file; other URLs are not assets', () => {
  assert.deepEqual(parseCdnAsset('https://cdn.jsdelivr.net/npm/swagger-ui-dist@4/swagger-ui-bundle.js'), { requested: '4', file: 'swagger-ui-bundle.js' });
  assert.deepEqual(parseCdnAsset('https://unpkg.com/swagger-ui-dist@5.9.0/swagger-ui.css'), { requested: '5.9.0', file: 'swagger-ui.css' });
  assert.deepEqual(parseCdnAsset('https://cdnjs.cloudflare.com/ajax/libs/swagger-ui/4.15.5/swagger-ui.css'), { requested: '4.15.5', file: 'swagger-ui.css' });
  assert.deepEqual(parseCdnAsset('https://cdn.jsdelivr.net/npm/swagger-ui-dist/swagger-ui.css'), { requested: '', file: 'swagger-ui.css' });
  assert.equal(parseCdnAsset('https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js'), undefined);
  assert.equal(parseCdnAsset('https://fastapi.tiangolo.com/img/favicon.png'), undefined);
});

test('the local swagger-ui-dist for a requested version: exact when installed, else the same major, never another major', () => {
  const dists = [{ dir: '/v5', version: '5.35.0' }, { dir: '/v4', version: '4.19.1' }];
  assert.equal(chooseDist('4', dists)?.version, '4.19.1');
  assert.equal(chooseDist('5', dists)?.version, '5.35.0');
  assert.equal(chooseDist('4.19.1', dists)?.version, '4.19.1');
  assert.equal(chooseDist('5.9.0', dists)?.version, '5.35.0');
  assert.equal(chooseDist('^4.1.0', dists)?.version, '4.19.1');
  assert.equal(chooseDist('4.x', dists)?.version, '4.19.1');
  assert.equal(chooseDist('', dists)?.version, '5.35.0');
  assert.equal(chooseDist('latest', dists)?.version, '5.35.0');
  assert.equal(chooseDist('3', dists), undefined);
  assert.equal(chooseDist('3.52.5', dists), undefined);
  assert.equal(chooseDist('6.0.0', dists), undefined);
  // Both majors are installed here (package.json: swagger-ui-dist and its alias swagger-ui-dist-v4).
  assert.deepEqual(LOCAL_DISTS.map((d) => d.version.split('.')[0]).sort(), ['4', '5']);
});
