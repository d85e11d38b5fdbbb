// The request gate (suites/transport/gate.ts) on its own: Retry-After parsing, the breaker, the
// request budget, state that outlives the process that wrote it, a fuzz campaign that stops as
// soon as the breaker trips, and the liveness request that tells a down target from one that
// hangs on some inputs only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { BREAKER_THRESHOLD, MAX_RETRY_AFTER_MS, NotSent, PERSIST_INTERVAL_MS, TargetGate, retryAfterMs, targetGate, useRunGate, useTargetGate } from '../suites/transport/gate.ts';
import { TransportError } from '../suites/transport/wire.ts';
import { HttpClient } from '../suites/transport/http.ts';
import { NO_ANSWER_LIMIT, runCampaign } from '../suites/fuzz/campaign.ts';
import { livenessRequest } from '../suites/transport/liveness.ts';
import { startReferenceServer } from '../reference-server/server.ts';
import { REQUESTS } from '../suites/fuzz/generate.ts';
import type { FuzzTarget } from '../suites/fuzz/trial.ts';
import { startHostile } from './fixtures/hostile/server.ts';

const ok = async () => ({ status: 200 });
const statusOf = (r: { status: number; retryAfter?: string }) => r;
const timeout = async (): Promise<{ status: number }> => {
  throw new TransportError('timeout', 'no complete response within 10 ms');
};

function stateFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'bc-gate-')), 'gate.json');
}

test('Retry-After: delta-seconds or an HTTP-date, capped at 30 s; unreadable means 1 s', () => {
  assert.equal(retryAfterMs('1'), 1000);
  assert.equal(retryAfterMs('3600'), MAX_RETRY_AFTER_MS);
  assert.equal(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 5)).toUTCString(), Date.UTC(2030, 0, 1)), 5000);
  assert.equal(retryAfterMs('soon'), 1000);
  assert.equal(retryAfterMs(undefined), 1000);
});

test('the breaker trips after 8 failures in a row, an answer resets the count, and a tripped gate sends nothing', async () => {
  const gate = new TargetGate({ breakerThreshold: BREAKER_THRESHOLD });
  for (let i = 0; i < BREAKER_THRESHOLD - 1; i++) await assert.rejects(gate.send(timeout, statusOf));
  await gate.send(ok, statusOf);
  assert.equal(gate.snapshot.consecutiveFailures, 0);
  for (let i = 0; i < BREAKER_THRESHOLD; i++) await assert.rejects(gate.send(timeout, statusOf), TransportError);
  assert.match(gate.closed() ?? '', /^target stopped answering \(8 requests in a row got no usable answer; the last: no complete response within 10 ms\)$/);
  let sent = false;
  await assert.rejects(gate.send(async () => ((sent = true), { status: 200 }), statusOf), NotSent);
  assert.equal(sent, false);
  // our own faults (bytes we could not send) say nothing about the target
  const fresh = new TargetGate({ breakerThreshold: 2 });
  for (let i = 0; i < 3; i++) await assert.rejects(fresh.send(async () => { throw new TransportError('unsendable', 'x'); }, statusOf));
  assert.equal(fresh.closed(), undefined);
});

test('--max-requests: the budget counts every send (429 retries too) and persists for the next process', async () => {
  const file = stateFile();
  const first = new TargetGate({ stateFile: file, maxRequests: 3 });
  await first.send(ok, statusOf);
  await first.send(ok, statusOf);
  // a later process (Playwright's restarted worker) reads the count and has one request left
  const second = new TargetGate({ stateFile: file, maxRequests: 3 });
  await second.send(ok, statusOf);
  await assert.rejects(second.send(ok, statusOf), /not sent: --max-requests 3 reached/);
  first.reload();
  assert.deepEqual([first.snapshot.requests, first.snapshot.refused], [3, 1]);
});

test('the state file: at most one write per PERSIST_INTERVAL_MS while requests are in flight, current whenever none is', async () => {
  const file = stateFile();
  const gate = new TargetGate({ stateFile: file, breakerThreshold: BREAKER_THRESHOLD, retryOn429: true });
  const answerSoon = () => new Promise<{ status: number }>((resolve) => setImmediate(() => resolve({ status: 200 })));
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next++ < 2000) await gate.send(answerSoon, statusOf);
  }));
  const elapsed = performance.now() - started;
  // one write per interval at most, plus the first request's and the one when the gate fell idle
  assert.ok(gate.writes <= Math.ceil(elapsed / PERSIST_INTERVAL_MS) + 2, `${gate.writes} writes in ${Math.round(elapsed)} ms`);
  assert.ok(gate.writes < 200, `${gate.writes} writes for 2000 requests`);
  assert.equal(new TargetGate({ stateFile: file }).snapshot.requests, 2000);
  // one request at a time (the headers suite): the file is current after each
  for (let i = 1; i <= 3; i++) {
    await gate.send(ok, statusOf);
    assert.equal(new TargetGate({ stateFile: file }).snapshot.requests, 2000 + i);
  }
});

test('the state file: a process that exits with requests in flight leaves its counts', () => {
  const file = stateFile();
  const gateModule = fileURLToPath(new URL('../suites/transport/gate.ts', import.meta.url));
  const script = `import { TargetGate } from ${JSON.stringify(gateModule)};
    const gate = new TargetGate({ stateFile: ${JSON.stringify(file)} });
    gate.send(() => new Promise(() => {}), (r) => r);
    for (let i = 0; i < 50; i++) await gate.send(async () => ({ status: 200 }), (r) => r);
    process.exit(0);`;
  execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 30_000 });
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).requests, 51);
});

test('--rate: the gate spreads requests evenly at the rate asked, and does not wait without one', async () => {
  const paced = new TargetGate({ rate: 200 });
  let started = performance.now();
  for (let i = 0; i < 41; i++) await paced.send(ok, statusOf);
  assert.ok(performance.now() - started >= 190, `41 requests at 200/s took ${performance.now() - started} ms`);
  const free = new TargetGate();
  started = performance.now();
  for (let i = 0; i < 1000; i++) await free.send(ok, statusOf);
  assert.ok(performance.now() - started < 500);
});

test('a 429 pauses the gate for its Retry-After and the request goes again; after 3 retries the 429 is the answer', async () => {
  const gate = new TargetGate({ retryOn429: true });
  let calls = 0;
  const started = Date.now();
  const answer = await gate.send(async () => ({ status: ++calls <= 2 ? 429 : 200, retryAfter: '1' }), statusOf);
  assert.equal(answer.status, 200);
  assert.equal(calls, 3);
  assert.ok(Date.now() - started >= 1900, `waited ${Date.now() - started} ms`);
  const stubborn = new TargetGate({ retryOn429: true });
  let tries = 0;
  assert.equal((await stubborn.send(async () => (tries++, { status: 429, retryAfter: '0' }), statusOf)).status, 429);
  assert.equal(tries, 4);
  // outside a run (no retryOn429) a 429 is just an answer
  assert.equal((await new TargetGate().send(async () => ({ status: 429, retryAfter: '5' }), statusOf)).status, 429);
});

test('a fuzz campaign stops as soon as the breaker trips, not after its budget', async () => {
  const hostile = await startHostile({ fault: 'hang' });
  const client = new HttpClient({ timeoutMs: 300, connections: 16 });
  useTargetGate(new TargetGate({ breakerThreshold: BREAKER_THRESHOLD }));
  const target: FuzzTarget = { target: hostile.url, endpoint: { method: 'GET', path: '/items/' }, profile: 'documented', token: 'abc', validToken: false, echo: false, client, timeoutMs: 300 };
  try {
    const started = performance.now();
    const result = await runCampaign(target, REQUESTS, { seed: 1, runs: 2000, timeMs: 30_000, concurrency: 16 });
    assert.equal(result.stoppedBy, 'gate');
    assert.match(result.gateReason ?? '', /target stopped answering/);
    assert.ok(result.sent <= 32, `sent ${result.sent}`);
    assert.ok(performance.now() - started < 3000, `took ${performance.now() - started} ms`);
  } finally {
    useTargetGate(undefined);
    await client.close();
    await hostile.close();
  }
});

test('before tripping, the breaker sends a liveness request through the gate: answered, the count restarts and nothing is refused', async () => {
  let probes = 0;
  const gate = new TargetGate({ breakerThreshold: BREAKER_THRESHOLD, maxRequests: 100, liveness: async () => void probes++ });
  for (let i = 0; i < 3 * BREAKER_THRESHOLD; i++) await assert.rejects(gate.send(timeout, statusOf), TransportError);
  assert.equal(gate.closed(), undefined);
  assert.equal(probes, 3);
  assert.deepEqual([gate.snapshot.aliveProbes, gate.snapshot.consecutiveFailures], [3, 0]);
  // the liveness requests count toward --max-requests like any other
  assert.equal(gate.snapshot.requests, 3 * BREAKER_THRESHOLD + 3);
  assert.equal(await gate.alive(), true);
});

test('a liveness request left unanswered too: the target is down, the breaker trips and says so', async () => {
  const gate = new TargetGate({ breakerThreshold: BREAKER_THRESHOLD, liveness: async () => { throw new TransportError('timeout', 'no complete response within 10 ms'); } });
  for (let i = 0; i < BREAKER_THRESHOLD; i++) await assert.rejects(gate.send(timeout, statusOf), TransportError);
  assert.match(gate.closed() ?? '', /^target stopped answering \(8 requests in a row got no usable answer; the last: no complete response within 10 ms; a request without credentials got none either\)$/);
  assert.equal(await gate.alive(), false);
  // concurrent failures share one liveness request
  let probes = 0;
  const shared = new TargetGate({ breakerThreshold: 2, liveness: async () => { probes++; await new Promise((r) => setTimeout(r, 50)); throw new Error('down'); } });
  await Promise.all(Array.from({ length: 6 }, () => assert.rejects(shared.send(timeout, statusOf))));
  assert.equal(probes, 1);
  assert.ok(shared.closed());
  // with the budget spent the liveness request is not sent: the gate cannot tell, and stays closed
  let probed = false;
  const spentGate = new TargetGate({ breakerThreshold: 1, maxRequests: 1, liveness: async () => void (probed = true) });
  await assert.rejects(spentGate.send(timeout, statusOf));
  assert.equal(probed, false);
  assert.match(spentGate.closed() ?? '', /^target stopped answering \(1 requests in a row got no usable answer; the last: no complete response within 10 ms\)$/);
});

test('a fuzz campaign against a target that hangs on obs-text only: not stopped by the gate, at most NO_ANSWER_LIMIT hangs, answers-in-time fails', async () => {
  const ref = await startReferenceServer({ quiet: true });
  const hostile = await startHostile({ fault: 'forward', upstream: ref.url, hangOn: /^authorization:[^\r\n]*[\x80-\xff]/im });
  const client = new HttpClient({ timeoutMs: 1000, connections: 16 });
  const endpoint = { method: 'GET', path: '/items/' };
  useTargetGate(new TargetGate({ breakerThreshold: BREAKER_THRESHOLD, liveness: livenessRequest(`${hostile.url}/items/`, { timeoutMs: 1000 }) }));
  const target: FuzzTarget = { target: hostile.url, endpoint, profile: 'documented', token: 'abc', validToken: false, echo: false, client, timeoutMs: 1000 };
  try {
    const started = performance.now();
    const result = await runCampaign(target, REQUESTS, { seed: 1, runs: 2000, timeMs: 30_000, concurrency: 16 });
    assert.notEqual(result.stoppedBy, 'gate', result.gateReason);
    assert.ok(result.failures['fuzz.answers-in-time'], JSON.stringify(result.outcomes));
    assert.ok((result.outcomes['no answer'] ?? 0) < NO_ANSWER_LIMIT + 16, JSON.stringify(result.outcomes));
    assert.ok(result.stoppedBy === 'no-answer' || result.stoppedBy === 'runs', result.stoppedBy);
    assert.equal(result.failures['fuzz.differential'], undefined);
    assert.ok(performance.now() - started < 15_000, `took ${performance.now() - started} ms`);
  } finally {
    useTargetGate(undefined);
    await client.close();
    await hostile.close();
    await ref.close();
  }
});

test('a run\'s gate comes from the plan its caller hands over (useRunGate), read on first use; a gate the CLI set wins', () => {
  const file = stateFile();
  useRunGate({ target: 'http://127.0.0.1:1', endpoints: [{ path: '/items/' }], timeoutMs: 100, insecure: false, rate: 0, maxRequests: 1, gateFile: file });
  try {
    // Written after the hand-over: an earlier worker spent the budget; the gate must see it when first asked.
    writeFileSync(file, JSON.stringify({ requests: 1 }));
    assert.equal(targetGate().closed(), '--max-requests 1 reached');
    useTargetGate(new TargetGate());
    assert.equal(targetGate().closed(), undefined, 'the gate the CLI set is the one asked');
  } finally {
    useTargetGate(undefined);
    useRunGate(undefined);
  }
  assert.equal(targetGate().closed(), undefined, 'without a plan, a pass-through gate');
  useTargetGate(undefined);
});
