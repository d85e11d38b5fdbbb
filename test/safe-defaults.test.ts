// Safe by default against production, measured at the target (a counting proxy in front of the
// reference server, test/fixtures/hostile/server.ts): 429 Retry-After slows the run instead of
// failing it; --max-requests caps the requests that reach the target, across suites and
// Playwright's worker restarts; --rate holds for every suite; unsafe methods only when asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReferenceServer } from '../reference-server/server.ts';
import type { ReferenceServer } from '../reference-server/server.ts';
import { runCli } from './helpers/cli.ts';
import { startHostile } from './fixtures/hostile/server.ts';
import type { HostileOptions, HostileServer } from './fixtures/hostile/server.ts';

const QUICK = ['--timeout', '2000', '--fuzz-runs', '30', '--fuzz-time', '10'];

async function withTarget<T>(opts: Omit<HostileOptions, 'upstream'>, fn: (target: HostileServer, ref: ReferenceServer) => Promise<T>): Promise<T> {
  const ref = await startReferenceServer({ quiet: true });
  const target = await startHostile({ ...opts, upstream: ref.url });
  try {
    return await fn(target, ref);
  } finally {
    await target.close();
    await ref.close();
  }
}

test('429 with Retry-After: 1 slows the run (the preflight and a suite request wait, then resend) and the run still passes', async (t) => {
  // request 1 is the preflight's GET /; 10 and 11 fall in the headers suite
  await withTarget({ fault: 'too-many-requests', faulty: (n) => n === 1 || n === 10 || n === 11 }, async (target) => {
    const started = performance.now();
    const run = await runCli(['--target', target.url, ...QUICK, '--suites', 'headers']);
    const ms = performance.now() - started;
    t.diagnostic(`429 target: exit ${run.code} in ${Math.round(ms)} ms, ${target.requests()} requests`);
    assert.equal(run.code, 0, run.stdout.slice(-3000));
    assert.equal(run.report().summary.verdict, 'conformant');
    assert.ok(ms >= 3000, `three Retry-After: 1 waited for: ${ms} ms`);
    assert.ok(!JSON.stringify(run.report()).includes('Too Many Requests'), 'no 429 was judged as an answer');
  });
});

test('--max-requests N: the target never sees more than N requests; the checks left are "not run", the run untestable', async (t) => {
  await withTarget({ fault: 'forward' }, async (target) => {
    const run = await runCli(['--target', target.url, ...QUICK, '--suites', 'headers,fuzz,openapi', '--max-requests', '25']);
    t.diagnostic(`--max-requests 25: exit ${run.code}, ${target.requests()} requests at the target`);
    assert.ok(target.requests() <= 25, `${target.requests()} requests reached the target`);
    assert.ok(target.requests() >= 20, `the budget was used: ${target.requests()}`);
    assert.equal(run.code, 3, run.stderr);
    const report = run.report();
    assert.equal(report.summary.verdict, 'untestable');
    assert.match(report.interruption ?? '', /--max-requests 25 reached/);
    assert.match(run.stderr, /--max-requests 25 reached/);
    const notRun = report.results.filter((r) => r.message === 'not run: --max-requests 25 reached');
    assert.ok(notRun.length > 10 && notRun.every((r) => r.verdict === 'error'), `${notRun.length} not run`);
  });
});

test('--max-requests holds across worker restarts (every check fails here), and a failure keeps the run non-conformant', async (t) => {
  await withTarget({ fault: 'always-500' }, async (target) => {
    const run = await runCli(['--target', target.url, ...QUICK, '--suites', 'headers', '--max-requests', '6']);
    t.diagnostic(`--max-requests 6 against always-500: exit ${run.code}, ${target.requests()} requests at the target`);
    assert.equal(target.requests(), 6);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.report().summary.verdict, 'nonconformant');
    assert.ok(run.report().results.filter((r) => r.verdict === 'fail').length >= 2, 'checks failed, each restarting the worker');
  });
});

test('--rate N: the requests of the headers, fuzz and openapi suites arrive at most N a second', async (t) => {
  await withTarget({ fault: 'forward' }, async (target) => {
    const rate = 25;
    const run = await runCli(['--target', target.url, ...QUICK, '--suites', 'headers,fuzz,openapi', '--rate', String(rate)]);
    const times = target.arrivals();
    const lines = target.requestLines();
    const busiest = Math.max(...times.map((start) => times.filter((x) => x >= start && x < start + 1000).length));
    const overall = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
    t.diagnostic(`--rate ${rate}: exit ${run.code}, ${times.length} requests, ${overall.toFixed(1)}/s overall, at most ${busiest} in any second`);
    assert.equal(run.code, 0, run.stdout.slice(-3000));
    assert.ok(busiest <= rate + 2, `${busiest} requests within one second`);
    assert.ok(overall <= rate * 1.05, `${overall} requests per second`);
    // every suite's requests went through the pacing: the headers catalogue, fuzz, the document, the token endpoint
    assert.ok(times.length >= 80, `${times.length} requests`);
    assert.ok(lines.includes('POST /token') && lines.includes('GET /openapi.json'), lines.join(', '));
  });
});

test('only safe methods unless --allow-unsafe-methods, even when the document secures a DELETE', async (t) => {
  const ref = await startReferenceServer({ quiet: true });
  const doc = await (await fetch(`${ref.url}/openapi.json`)).json() as { paths: Record<string, Record<string, unknown>> };
  const items = doc.paths['/items/']!;
  items.delete = { ...(items.get as object), operationId: 'delete_items' };
  await ref.close();
  const serve = { 'GET /openapi.json': JSON.stringify(doc) };
  const methods = (lines: string[]) => new Set(lines.filter((l) => l !== 'POST /token').map((l) => l.split(' ')[0]));
  await withTarget({ fault: 'forward', serve }, async (target) => {
    const run = await runCli(['--target', target.url, ...QUICK, '--suites', 'headers,openapi']);
    t.diagnostic(`no --allow-unsafe-methods: exit ${run.code}, methods ${[...methods(target.requestLines())]}`);
    assert.deepEqual([...methods(target.requestLines())], ['GET']);
    assert.match(run.stdout, /not testing unsafe methods without --allow-unsafe-methods: DELETE \/items\//);
  });
  await withTarget({ fault: 'forward', serve }, async (target) => {
    // openapi only: the reference server answers 405 to DELETE, and every failing headers check would restart the worker
    const run = await runCli(['--target', target.url, ...QUICK, '--suites', 'openapi', '--allow-unsafe-methods']);
    assert.match(run.stdout, /endpoints GET \/items\/, DELETE \/items\//);
    assert.ok(methods(target.requestLines()).has('DELETE'), 'with the flag the DELETE is sent');
  });
  const refused = await runCli(['--target', 'http://127.0.0.1:9', '--endpoint', 'DELETE /items/']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /not a safe method; pass --allow-unsafe-methods/);
});
