// A fuzz run spread over threads (suites/fuzz/threads.ts) is the same run: the same requests, the
// same tally and the same first failure as in one thread, and every thread's requests pass the run's
// gate (--max-requests, the breaker) as one run's.
import { after, before, test } from 'node:test';
import { availableParallelism } from 'node:os';
import { UsageError, parseOptions } from '../bin/args.ts';
import assert from 'node:assert/strict';
import { runCampaign } from '../suites/fuzz/campaign.ts';
import type { CampaignResult } from '../suites/fuzz/campaign.ts';
import { REQUESTS } from '../suites/fuzz/generate.ts';
import { FuzzThreads, THREADED_MIN_RUNS, threadsFor } from '../suites/fuzz/threads.ts';
import type { FuzzTarget } from '../suites/fuzz/trial.ts';
import { BREAKER_THRESHOLD, TargetGate, useTargetGate } from '../suites/transport/gate.ts';
import { HttpClient } from '../suites/transport/http.ts';
import { RawKeepAlivePool } from '../suites/transport/raw-pool.ts';
import { startMini } from './mutants/mini-http.ts';
import type { MiniHandler } from './mutants/mini-http.ts';

/** Echoes the token, lower-cased when it holds "=": a differential failure on some requests only. */
const lowercasesPadded: MiniHandler = (req) => {
  const value = req.lines.find((l) => /^authorization:/i.test(l))?.replace(/^[^:]*:[ \t]*/, '') ?? '';
  const token = /^bearer +(\S+)$/i.exec(value)?.[1];
  return token ? { status: 200, body: JSON.stringify({ token: token.includes('=') ? token.toLowerCase() : token }) } : { status: 401, headers: { 'www-authenticate': 'Bearer' } };
};

async function withTarget<T>(handler: MiniHandler, body: (target: FuzzTarget, arrivals: () => number) => Promise<T>): Promise<T> {
  let arrived = 0;
  const mini = await startMini((req) => (arrived++, handler(req)));
  const client = new HttpClient({ timeoutMs: 3000, connections: 8 });
  const rawPool = new RawKeepAlivePool({ timeoutMs: 3000 });
  const target: FuzzTarget = { target: mini.url, endpoint: { method: 'GET', path: '/items/' }, profile: 'documented', token: 'abc', validToken: false, echo: true, client, rawPool, timeoutMs: 3000 };
  try {
    return await body(target, () => arrived);
  } finally {
    await Promise.all([client.close(), rawPool.close()]);
    await mini.close();
  }
}

// One pool for every test: starting threads from the TypeScript sources costs about a second.
let threads: FuzzThreads | undefined;
before(async () => {
  threads = await FuzzThreads.start(2);
});
after(async () => threads?.close());

/** What must not depend on the threads: counts, outcomes, and each property's count and first failing index. */
function essence(r: CampaignResult) {
  const failures = Object.fromEntries(Object.entries(r.failures).map(([id, f]) => [id, { count: f!.count, index: f!.first.index, lines: f!.first.trial.request.lines, status: f!.first.trial.outcome.kind === 'answered' ? f!.first.trial.outcome.exchange.response.status : undefined }]));
  return { sent: r.sent, stoppedBy: r.stoppedBy, outcomes: r.outcomes, transports: r.transports, failures, harnessErrors: r.harnessErrors.count };
}

test('threads: the same tally and the same first failure as one thread, the failing trial whole', async () => {
  assert.ok(threads, 'two fuzz threads start from the TypeScript sources');
  await withTarget(lowercasesPadded, async (target) => {
    const budget = { seed: 11, runs: 1500, timeMs: 60_000, concurrency: 8 };
    const one = await runCampaign(target, REQUESTS, budget);
    const two = await runCampaign(target, REQUESTS, budget, threads);
    assert.equal(one.threads, 1);
    assert.equal(two.threads, 2);
    assert.ok(one.failures['fuzz.differential'], 'the mutant fails the differential property');
    assert.deepEqual(essence(two), essence(one));
    // the trial crossed threads whole: its bytes are Buffers, as evidence and shrinking expect
    const trial = two.failures['fuzz.differential']!.first.trial;
    assert.ok(trial.outcome.kind === 'answered' && Buffer.isBuffer(trial.outcome.exchange.response.body) && Buffer.isBuffer(trial.outcome.exchange.requestBytes));
  });
});

test('threads: --max-requests counts every thread\'s requests as one run\'s', async () => {
  assert.ok(threads);
  useTargetGate(new TargetGate({ maxRequests: 300 }));
  try {
    await withTarget(lowercasesPadded, async (target, arrivals) => {
      const result = await runCampaign(target, REQUESTS, { seed: 2, runs: 5000, timeMs: 60_000, concurrency: 8 }, threads);
      assert.equal(result.stoppedBy, 'gate');
      assert.match(result.gateReason ?? '', /--max-requests 300 reached/);
      assert.equal(arrivals(), 300, `${arrivals()} requests reached the target`);
    });
  } finally {
    useTargetGate(undefined);
  }
});

test('threads: the breaker trips on a target that stops answering, and the run stops', async () => {
  assert.ok(threads);
  useTargetGate(new TargetGate({ breakerThreshold: BREAKER_THRESHOLD }));
  try {
    // answers the first 100 requests, then holds every connection open without a word
    let answered = 0;
    const hangs: MiniHandler = (req) => (answered++ < 100 ? lowercasesPadded(req) : 'hang');
    await withTarget(hangs, async (target) => {
      const fast = { ...target, timeoutMs: 300 };
      const started = performance.now();
      const result = await runCampaign(fast, REQUESTS, { seed: 3, runs: 5000, timeMs: 60_000, concurrency: 8 }, threads);
      assert.equal(result.stoppedBy, 'gate', JSON.stringify({ ...result, failures: undefined }));
      assert.match(result.gateReason ?? '', /requests in a row got no usable answer/);
      assert.ok(result.sent < 300, `sent ${result.sent}`);
      assert.ok(performance.now() - started < 10_000);
    });
  } finally {
    useTargetGate(undefined);
  }
});

test('threads: a run stops handing out requests when its time is up', async () => {
  assert.ok(threads);
  await withTarget(lowercasesPadded, async (target) => {
    const started = performance.now();
    const result = await runCampaign(target, REQUESTS, { seed: 4, runs: 1_000_000, timeMs: 400, concurrency: 8 }, threads);
    assert.equal(result.stoppedBy, 'time');
    assert.ok(result.sent > 0 && performance.now() - started < 5000, `sent ${result.sent} in ${Math.round(performance.now() - started)} ms`);
  });
});

test('--fuzz-threads N: 1 unless given, 1 to 8, anything else a usage error', () => {
  const threadsOf = (argv: string[]) => {
    const o = parseOptions(['--target', 'http://127.0.0.1:1', ...argv], {});
    return o === 'help' ? undefined : o.fuzzThreads;
  };
  assert.equal(threadsOf([]), 1);
  assert.equal(threadsOf(['--fuzz-threads', '4']), 4);
  for (const bad of ['0', '9', 'two']) assert.throws(() => threadsOf(['--fuzz-threads', bad]), UsageError);
});

test('threads only when asked (--fuzz-threads), for large runs without --rate, at most one per core', () => {
  assert.equal(threadsFor(100_000, 1, 0), 1);
  assert.equal(threadsFor(THREADED_MIN_RUNS - 1, 2, 0), 1);
  assert.equal(threadsFor(100_000, 2, 50), 1);
  assert.equal(threadsFor(THREADED_MIN_RUNS, 2, 0), Math.min(2, availableParallelism()));
  assert.equal(threadsFor(THREADED_MIN_RUNS, 64, 0), availableParallelism());
});
