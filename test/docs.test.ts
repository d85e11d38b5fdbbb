// The docs suite under Playwright against conformant targets: the reference server (plain and under
// /api/v1), a fixture with known secrets, security overrides and non-default Swagger UI options, and
// the real FastAPI 0.92 (its /docs asks jsDelivr for swagger-ui-dist@4; the suite serves the local
// copy), also behind a proxy. Under CI a missing browser or FastAPI is a failure, not a skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReferenceServer } from '../reference-server/server.ts';
import { fastApiUnavailable, startFastApi } from '../interop/fastapi/launch.ts';
import { chooseBrowser } from '../suites/browser.ts';
import { DOCS_REQUIREMENTS } from '../suites/docs/requirements.ts';
import { runDocsSuite } from './fixtures/docs/run-docs.ts';
import type { DocsRun } from './fixtures/docs/run-docs.ts';
import { FIXTURE_TOKEN, FIXTURE_USER, startDocsTarget } from './fixtures/docs/target.ts';
import { startStripProxy } from './fixtures/docs/strip-proxy.ts';

const IDS = Object.values(DOCS_REQUIREMENTS).map((r) => r.id);
/** Far above the ~10 s a local run takes: only a check stuck in a timeout gets near it. */
const WALL_LIMIT_MS = 30_000;

if (!chooseBrowser() && process.env.CI) throw new Error('CI needs a Chromium for the docs suite (scripts/setup.sh installs it)');
const skipBrowser = chooseBrowser() ? false : 'no Chromium installed';
const missingFastApi = await fastApiUnavailable();
if (missingFastApi && process.env.CI) throw new Error(`CI needs the real FastAPI target: ${missingFastApi}`);
const skipFastApi = skipBrowser || (missingFastApi ? `real FastAPI unavailable: ${missingFastApi}` : false);

function verdicts(run: DocsRun): Record<string, string> {
  return Object.fromEntries(run.report.results.map((r) => [r.id, r.verdict]));
}

function allPass(): Record<string, string> {
  return Object.fromEntries(IDS.map((id) => [id, 'pass']));
}

// Evidence is free-form JSON; the tests read the fields the checks are known to write.
function evidence(run: DocsRun, id: string): Record<string, any> {
  return run.byId.get(id)!.evidence as Record<string, any>;
}

test('reference server: every docs requirement passes with the demo user, within the wall-time limit', { skip: skipBrowser }, async (t) => {
  const server = await startReferenceServer({ port: 0, validateTokens: true, quiet: true });
  try {
    const run = await runDocsSuite({ target: server.url, embedded: true });
    t.diagnostic(`docs suite wall time: ${run.wallMs} ms`);
    assert.deepEqual(verdicts(run), allPass(), run.output);
    assert.equal(evidence(run, 'docs.password-flow').credentials, 'demo user');
    assert.ok(run.wallMs < WALL_LIMIT_MS, `${run.wallMs} ms`);
    assert.ok(!run.reportText().includes('wonderland'), 'the demo password reached the report');
  } finally {
    await server.close();
  }
});

test('reference server under /api/v1: the token POST goes to /api/v1/token and every docs requirement passes', { skip: skipBrowser }, async () => {
  const server = await startReferenceServer({ port: 0, rootPath: '/api/v1', validateTokens: true, quiet: true });
  try {
    const run = await runDocsSuite({ target: server.url, embedded: true });
    assert.deepEqual(verdicts(run), allPass(), run.output);
    assert.equal(evidence(run, 'docs.password-flow').tokenRequest.url, `${server.url}/token`);
    assert.equal(evidence(run, 'docs.password-flow').apiRequest.url, `${server.url}/items/`);
  } finally {
    await server.close();
  }
});

test('fixture with security overrides, collapsed tags and Try it out pre-enabled: all pass, screenshots attached, and neither password nor token reaches any report text', { skip: skipBrowser }, async () => {
  const target = await startDocsTarget({ securityOverrides: true, swaggerUi: { docExpansion: 'none', tryItOutEnabled: true } });
  try {
    const run = await runDocsSuite({ target: target.url, secrets: { ...FIXTURE_USER } });
    assert.deepEqual(verdicts(run), allPass(), run.output);
    const locks = evidence(run, 'docs.locks-match-security');
    assert.deepEqual(locks.lockExpectations, { 'GET /items/': 'required', 'GET /users/me': 'required', 'GET /health': 'public', 'GET /status': 'public', 'GET /feed': 'optional', 'POST /token': 'public' });
    const flow = evidence(run, 'docs.password-flow');
    assert.equal(flow.tokenResponse.issuedBy, 'target');
    assert.equal(flow.apiRequest.authorization, 'Bearer [redacted]');
    assert.match(flow.tokenRequest.body, /^grant_type=password&username=carol&password=\[redacted\]$/);
    assert.deepEqual(flow.screenshots.length, 2);
    assert.equal(evidence(run, 'docs.authorize-dialog').screenshots.length, 1);
    const text = run.reportText();
    for (const secret of [FIXTURE_USER.password, FIXTURE_TOKEN, Buffer.from(`${FIXTURE_USER.username}:${FIXTURE_USER.password}`).toString('base64')]) {
      assert.ok(!text.includes(secret), `${secret} reached the report`);
    }
    assert.ok(text.includes('Bearer [redacted]'));
  } finally {
    await target.close();
  }
});

test('FastAPI 0.92 offline: the @4 CDN assets are served locally and the password flow passes with a harness-issued token', { skip: skipFastApi }, async () => {
  const fastapi = await startFastApi();
  try {
    const run = await runDocsSuite({ target: fastapi.url, secrets: { username: 'alice', password: 'wonderland' } });
    assert.deepEqual(verdicts(run), { ...allPass(), 'docs.token-url-reachable': 'skip' }, run.output);
    assert.deepEqual(evidence(run, 'docs.swagger-ui-loads').servedFromLocalSwaggerUiDist, [
      'https://cdn.jsdelivr.net/npm/swagger-ui-dist@4/swagger-ui.css', 'https://cdn.jsdelivr.net/npm/swagger-ui-dist@4/swagger-ui-bundle.js',
    ]);
    // The Swagger UI its users run: 4.x, not the 5.x that is the suite's default.
    assert.deepEqual(evidence(run, 'docs.swagger-ui-loads').swaggerUiDist, [{ requested: '4', served: '4.19.1' }]);
    assert.equal(evidence(run, 'docs.swagger-ui-loads').swaggerUi, '4.19.1');
    assert.match(run.byId.get('docs.password-flow')!.message, /harness-issued token: .*\/token answered 404/);
    assert.equal(evidence(run, 'docs.password-flow').tokenResponse.issuedBy, 'harness');
    assert.match(run.byId.get('docs.token-url-reachable')!.message, /answered 404 and the OpenAPI document describes no operation there/);
  } finally {
    await fastapi.close();
  }
});

test('FastAPI 0.92 behind a proxy at /api/v1 (root_path): Swagger UI posts to /api/v1/token and Try it out reaches /api/v1/items/', { skip: skipFastApi }, async () => {
  const fastapi = await startFastApi({ rootPath: '/api/v1' });
  const proxy = await startStripProxy(new URL(fastapi.url).origin, '/api/v1');
  try {
    const run = await runDocsSuite({ target: proxy.url, secrets: { username: 'alice', password: 'wonderland' } });
    assert.deepEqual(verdicts(run), { ...allPass(), 'docs.token-url-reachable': 'skip' }, run.output);
    const flow = evidence(run, 'docs.password-flow');
    assert.equal(flow.tokenRequest.url, `${proxy.url}/token`);
    assert.equal(flow.apiRequest.url, `${proxy.url}/items/`);
  } finally {
    await proxy.close();
    await fastapi.close();
  }
});
