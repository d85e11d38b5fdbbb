// Faulty targets for the docs suite, each caught by the requirement named in the test title, and a
// machine without a browser, where every docs check is `error` (could not test), never a pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../interop/fastapi/launch.ts';
import { NO_BROWSER_MESSAGE, chooseBrowser } from '../suites/browser.ts';
import { DOCS_REQUIREMENTS } from '../suites/docs/requirements.ts';
import { runDocsSuite } from './fixtures/docs/run-docs.ts';
import type { DocsRun } from './fixtures/docs/run-docs.ts';
import { FIXTURE_USER, startDocsTarget } from './fixtures/docs/target.ts';
import type { DocsTargetOptions } from './fixtures/docs/target.ts';

if (!chooseBrowser() && process.env.CI) throw new Error('CI needs a Chromium for the docs suite (scripts/setup.sh installs it)');
const skip = chooseBrowser() ? false : 'no Chromium installed';

async function runAgainst(options: DocsTargetOptions, secrets: object = { ...FIXTURE_USER }, env?: NodeJS.ProcessEnv): Promise<DocsRun> {
  const target = await startDocsTarget(options);
  try {
    return await runDocsSuite({ target: target.url, secrets, ...(env ? { env } : {}) });
  } finally {
    await target.close();
  }
}

function result(run: DocsRun, id: string) {
  const r = run.byId.get(id);
  assert.ok(r, `${id} missing from ${[...run.byId.keys()].join(', ')}`);
  return r;
}

test('a docs page that never renders Swagger UI fails docs.swagger-ui-loads; the other checks skip on that precondition', { skip }, async () => {
  const run = await runAgainst({ fault: 'no-swagger-ui' });
  const loads = result(run, 'docs.swagger-ui-loads');
  assert.equal(loads.verdict, 'fail', run.output);
  assert.match(loads.message, /no Swagger UI on the page/);
  for (const r of run.report.results.filter((x) => x.id !== loads.id)) {
    assert.equal(r.verdict, 'skip', r.id);
    assert.match(r.message, /precondition not met: .*docs\.swagger-ui-loads/);
  }
  assert.equal(run.report.summary.verdict, 'nonconformant');
});

test('a docs page that renders nothing visible fails docs.swagger-ui-loads; the screenshot that cannot be taken is noted, not an error', { skip }, async () => {
  const run = await runAgainst({ fault: 'invisible-body' });
  const loads = result(run, 'docs.swagger-ui-loads');
  assert.equal(loads.verdict, 'fail', `${loads.message}\n${run.output}`);
  assert.match(loads.message, /no Swagger UI on the page/);
  assert.match(String((loads.evidence.notCollected as Record<string, string> | undefined)?.['docs-page.png']), /\S/, JSON.stringify(loads.evidence));
  assert.equal(run.report.summary.verdict, 'nonconformant');
});

function notCollected(r: { evidence: Record<string, unknown> }): Record<string, string> {
  return (r.evidence.notCollected ?? {}) as Record<string, string>;
}

test('evidence that cannot be collected never changes a verdict: a pass and a skip stand, the failure is noted', { skip }, async () => {
  const faulty = ['docs.authorize-dialog', 'docs.try-without-auth', 'docs.password-flow'];
  const run = await runAgainst({}, {}, { BEARER_CONFORMANCE_TEST_FAULT: faulty.map((id) => `${id}:evidence`).join(',') });
  for (const [id, verdict, shot] of [['docs.authorize-dialog', 'pass', 'authorize-dialog.png'], ['docs.try-without-auth', 'pass', 'try-without-auth.png'], ['docs.password-flow', 'skip', undefined]] as const) {
    const r = result(run, id);
    assert.equal(r.verdict, verdict, `${id}: ${r.message}\n${run.output}`);
    assert.match(notCollected(r).injectedUnserialisable ?? '', /could not be serialised/, id);
    if (shot) assert.match(notCollected(r)[shot] ?? '', /injected evidence fault/, id);
  }
  assert.equal(result(run, 'docs.swagger-ui-loads').evidence.notCollected, undefined);
});

test('an OpenAPI document without the security scheme (no Authorize button) fails docs.swagger-ui-loads', { skip }, async () => {
  const run = await runAgainst({ fault: 'no-security-scheme' });
  const loads = result(run, 'docs.swagger-ui-loads');
  assert.equal(loads.verdict, 'fail', run.output);
  assert.match(loads.message, /without an Authorize button/);
  assert.equal(result(run, 'docs.authorize-dialog').verdict, 'skip');
});

test('an operation shown without a lock that answers 401 fails docs.locks-match-security; without credentials the flow checks skip', { skip }, async () => {
  const run = await runAgainst({ fault: 'public-but-protected' }, {});
  const locks = result(run, 'docs.locks-match-security');
  assert.equal(locks.verdict, 'fail', run.output);
  assert.match(locks.message, /GET \/users\/me lets callers without a token in .* but answers 401/);
  for (const id of ['docs.swagger-ui-loads', 'docs.authorize-dialog', 'docs.try-without-auth']) assert.equal(result(run, id).verdict, 'pass', id);
  for (const id of ['docs.password-flow', 'docs.token-url-reachable']) {
    assert.equal(result(run, id).verdict, 'skip', id);
    assert.match(result(run, id).message, /no --username\/--password given/);
  }
});

test('a token URL Swagger UI cannot reach fails docs.token-url-reachable (and the password flow)', { skip }, async () => {
  const deadTokenUrl = `http://127.0.0.1:${await freePort()}/token`;
  const run = await runAgainst({ fault: 'unreachable-token-url', deadTokenUrl });
  const reachable = result(run, 'docs.token-url-reachable');
  assert.equal(reachable.verdict, 'fail', run.output);
  assert.match(reachable.message, /could not reach the token URL .*: net::ERR_CONNECTION_REFUSED/);
  assert.equal(result(run, 'docs.password-flow').verdict, 'fail');
  for (const id of ['docs.swagger-ui-loads', 'docs.authorize-dialog', 'docs.locks-match-security', 'docs.try-without-auth']) assert.equal(result(run, id).verdict, 'pass', id);
});

test('a page asking for a Swagger UI no local copy has (swagger-ui-dist@3) is error "cannot serve", not tested on another version', { skip }, async () => {
  const run = await runAgainst({ swaggerUiVersion: '3' });
  for (const r of run.report.results) {
    assert.equal(r.verdict, 'error', `${r.id}: ${r.message}`);
    assert.match(r.message, /could not test: cannot serve swagger-ui-dist@3 offline: .*installed copies are 5\.\d+\.\d+, 4\.19\.1/, r.id);
  }
  assert.deepEqual(result(run, 'docs.swagger-ui-loads').evidence.swaggerUiDist, [{ requested: '3' }]);
  assert.equal(run.report.summary.verdict, 'untestable');
});

test('a page asking for swagger-ui-dist@4 gets the local 4.x, and every docs check passes on it', { skip }, async () => {
  const run = await runAgainst({ swaggerUiVersion: '4' });
  for (const r of run.report.results) assert.equal(r.verdict, 'pass', `${r.id}: ${r.message}`);
  const loads = result(run, 'docs.swagger-ui-loads');
  assert.deepEqual(loads.evidence.swaggerUiDist, [{ requested: '4', served: '4.19.1' }]);
  assert.equal(loads.evidence.swaggerUi, '4.19.1');
});

test('without a browser (CHROMIUM_PATH=/nonexistent) every docs check is an error with the install hint', async () => {
  const run = await runAgainst({}, { ...FIXTURE_USER }, { CHROMIUM_PATH: '/nonexistent', BEARER_CONFORMANCE_TEST_FAULT: 'docs.swagger-ui-loads:evidence' });
  // The evidence fault on one check: a could-not-test verdict stands too.
  assert.match(notCollected(result(run, 'docs.swagger-ui-loads')).injectedUnserialisable ?? '', /could not be serialised/);
  assert.deepEqual(run.report.results.map((r) => r.id).sort(), Object.values(DOCS_REQUIREMENTS).map((r) => r.id).sort());
  for (const r of run.report.results) {
    assert.equal(r.verdict, 'error', r.id);
    assert.equal(r.message, `could not test: ${NO_BROWSER_MESSAGE}`);
  }
  assert.equal(run.report.summary.verdict, 'untestable');
});
