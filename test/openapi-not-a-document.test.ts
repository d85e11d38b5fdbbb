// Class 5 of issue #16: whatever answers at the document URL used to be judged as an OpenAPI
// document (a 401 `{"detail":…}` failed openapi.schema-valid and passed openapi.security-refs).
// Each mutant below serves something that is not a document; every document rule must skip with
// the status and the reason, and only a document behind authentication fails a rule.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOCUMENT_RULES, fetchOpenApi, readOpenApiFile } from '../suites/openapi/index.ts';
import { fixture, judgeDocument, served } from './fixtures/openapi/helpers.ts';
import { runCli } from './helpers/cli.ts';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const CHALLENGE = { ...JSON_TYPE, 'www-authenticate': 'Bearer' };

/** path -> what the mutant serves there instead of an OpenAPI document */
const MUTANTS: Record<string, Answer & { reason: RegExp }> = {
  '/behind-auth.json': { status: 401, headers: CHALLENGE, body: '{"detail":"Not authenticated"}', reason: /answered 401 \(application\/json, a Bearer challenge\): not an OpenAPI document; the document is behind authentication/ },
  '/missing.json': { status: 404, headers: JSON_TYPE, body: '{"detail":"Not Found"}', reason: /answered 404 \(application\/json\): not an OpenAPI document \(not a 2xx answer\)/ },
  '/crashing.json': { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error', reason: /answered 500 \(text\/plain\): not an OpenAPI document \(not a 2xx answer\)/ },
  '/error-object.json': { status: 200, headers: JSON_TYPE, body: '{"error":"no such route"}', reason: /answered 200 \(application\/json\): not an OpenAPI document \(a JSON object without an `openapi` or `swagger` member \(members: "error"\)\)/ },
  '/page.json': { status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>app</title>', reason: /answered 200 \(text\/html\): not an OpenAPI document \(the body is not JSON/ },
  '/truncated.json': { status: 200, headers: JSON_TYPE, body: '{"openapi":"3.1.0","info":', reason: /answered 200 \(application\/json\): not an OpenAPI document \(the body is not JSON/ },
};

let server: http.Server;
let base: string;
before(async () => {
  server = http.createServer((req, res) => {
    const m = MUTANTS[req.url ?? ''] ?? { status: 401, headers: CHALLENGE, body: '{"detail":"Not authenticated"}' };
    res.writeHead(m.status, m.headers).end(m.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

for (const [path, mutant] of Object.entries(MUTANTS)) {
  test(`GET ${path} answers ${mutant.status} ${mutant.body.slice(0, 30)}: no document rule passes or fails on it, except served-without-credentials behind auth`, async () => {
    const fetched = await fetchOpenApi(`${base}${path}`, { timeoutMs: 2000 });
    const results = await judgeDocument(fetched.doc, { target: base, fetched });
    const behindAuth = mutant.status === 401;
    for (const id of Object.keys(DOCUMENT_RULES)) {
      const r = results.get(id)!;
      if (behindAuth && id === 'openapi.served-without-credentials') {
        assert.equal(r.verdict, 'fail', `${id}: ${r.message}`);
        assert.equal(r.level, 'MUST');
        continue;
      }
      assert.equal(r.verdict, 'skip', `${id}: ${r.verdict} ${r.message}`);
      assert.ok(r.message.startsWith(`GET ${base}${path} answered ${mutant.status}`), `${id}: ${r.message}`);
      assert.match(r.message, mutant.reason, id);
    }
  });
}

test('a file that is not an OpenAPI document: every document rule skips, naming the file', async () => {
  const fetched = await readOpenApiFile(new URL('./fixtures/openapi/helpers.ts', import.meta.url).pathname);
  const results = await judgeDocument(fetched.doc, { fetched });
  for (const [id, r] of results) {
    assert.equal(r.verdict, 'skip', id);
    assert.ok(id === 'openapi.served-without-credentials' || /helpers\.ts: not an OpenAPI document \(the body is not JSON/.test(r.message), `${id}: ${r.message}`);
  }
});

test('an OpenAPI document with no `security` anywhere: security-refs skips (nothing to check), it does not pass', async () => {
  const doc = fixture('faulty/public-only');
  const r = (await judgeDocument(doc, { fetched: served(doc) })).get('openapi.security-refs')!;
  assert.equal(r.verdict, 'skip', r.message);
  assert.match(r.message, /no `security`/);
});

test('a document that names a wrong version is still a document: schema-valid fails it', async () => {
  const doc = { openapi: 3, info: { title: 't', version: '1' }, paths: {} };
  const fetched = { ...served(doc), body: JSON.stringify(doc) };
  const results = await judgeDocument(fetched.doc, { fetched });
  assert.equal(results.get('openapi.schema-valid')!.verdict, 'fail');
});

test('CLI, openapi suite, every URL behind auth: served-without-credentials fails (exit 1); cross-check and token checks skip, naming the answer', async () => {
  const run = await runCli(['--target', base, '--openapi', 'behind-auth.json', '--suites', 'openapi', '--timeout', '3000'], { timeoutMs: 120_000 });
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const results = run.report().results;
  assert.deepEqual(results.filter((r) => r.verdict === 'fail').map((r) => r.id), ['openapi.served-without-credentials']);
  assert.deepEqual(results.filter((r) => r.verdict === 'pass').map((r) => r.id), []);
  for (const r of results.filter((x) => x.id !== 'openapi.served-without-credentials')) {
    assert.equal(r.verdict, 'skip', `${r.id}: ${r.verdict} ${r.message}`);
    assert.match(r.message, /answered 401 .*not an OpenAPI document/, r.id);
  }
});
