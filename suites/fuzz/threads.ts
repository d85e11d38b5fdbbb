// A fuzz run spread over worker threads (--fuzz-threads, off by default). One thread sending,
// predicting and judging ran 97 % of the time; these threads do that work side by side, which pays
// where cores are to spare (on this project's 2-core machine, shared with the target, it did not:
// DESIGN-NOTES "Fuzz throughput"). The thread that starts them keeps everything that makes a
// run one run: it draws the requests and hands them out in index order (fuzz/campaign.ts
// Dispatch), keeps the gate (every thread's requests pass it: transport/gate-relay.ts), and adds
// up the tallies. A thread asks for more requests before its queue runs dry, so it never waits on
// a round trip; it drops what it holds once the time is up or the gate has closed.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RawRequest } from '../model/types.ts';
import { admitAhead, serveGate } from '../transport/gate-relay.ts';
import { targetGate } from '../transport/gate.ts';
import { TransportError } from '../transport/wire.ts';
import type { CampaignThreads, Dispatch, Tally, TallyCounts } from './campaign.ts';
import type { FuzzTarget, Trial } from './trial.ts';

/**
 * Runs smaller than this stay in one thread even when threads are asked for: starting a thread
 * loads its own module graph (about a second from the TypeScript sources, under one from dist/);
 * a run of 10,000 against an in-process reference server took 46 s with threads, 36 s without
 * (test/fuzz-reference.test.ts). The default 2,000 take under a second on loopback.
 */
export const THREADED_MIN_RUNS = 20_000;
/** A thread that has not started within this long is not used (the run goes on in this one). */
const START_TIMEOUT_MS = 30_000;

/** The FuzzTarget without what cannot cross threads (the clients: each thread opens its own). */
export type ThreadTarget = Omit<FuzzTarget, 'client' | 'rawPool'>;

/** What a thread is started with: the run's gate's 429 rule (its other rules are kept here). */
export interface ThreadData {
  retryOn429: boolean;
}

export type ToThread =
  | { fuzz: 'run'; target: ThreadTarget; concurrency: number; deadlineEpochMs: number }
  | { fuzz: 'items'; items: { index: number; value: RawRequest }[]; more: boolean };

export type FromThread =
  | { fuzz: 'ready' }
  | { fuzz: 'want'; count: number; unanswered: number }
  | { fuzz: 'done'; sent: number; tally: TallyCounts; gateReason?: string; timedOut: boolean };

/**
 * The threads a run of `runs` requests gets when `asked` (--fuzz-threads): 1 under --rate (the gate
 * is the limit) or for a small run, and no more than the cores. Off by default: on this project's
 * 2-core machine, where the target shares the cores, threads did not raise throughput measurably.
 */
export function threadsFor(runs: number, asked: number, rate = targetGate().rate): number {
  if (rate > 0 || runs < THREADED_MIN_RUNS) return 1;
  return Math.max(1, Math.min(asked, availableParallelism()));
}

/** The worker's module: from the TypeScript sources through tsx (a clone), or dist/ as built. */
function spawn(): Worker {
  const workerData: ThreadData = { retryOn429: targetGate().retriesOn429 };
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './thread.ts' : './thread.js', import.meta.url);
  if (!fromSources) return new Worker(entry, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true, workerData });
}

/** Buffers arrive as Uint8Arrays and errors as plain objects: the trial as this thread's code expects it. */
function revive(trial: Trial): Trial {
  const buffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (trial.outcome.kind === 'unanswered') {
    const e = trial.outcome.error as { code: TransportError['code']; message: string };
    return { ...trial, outcome: { kind: 'unanswered', error: new TransportError(e.code, e.message) } };
  }
  const { exchange } = trial.outcome;
  return {
    ...trial,
    outcome: { ...trial.outcome, exchange: { ...exchange, requestBytes: buffer(exchange.requestBytes), response: { ...exchange.response, body: buffer(exchange.response.body) } } },
  };
}

function reviveCounts(counts: TallyCounts): TallyCounts {
  const failures = Object.fromEntries(Object.entries(counts.failures).map(([id, f]) => [id, { ...f, first: { ...f.first, trial: revive(f.first.trial) } }]));
  return { ...counts, failures };
}

export class FuzzThreads implements CampaignThreads {
  private constructor(private readonly workers: Worker[]) {}

  /** Starts `count` threads; undefined when they cannot start here (the run then stays in one thread). */
  static async start(count: number): Promise<FuzzThreads | undefined> {
    if (count <= 1) return undefined;
    const workers: Worker[] = [];
    try {
      for (let i = 0; i < count; i++) workers.push(spawn());
      await Promise.all(workers.map((w) => ready(w)));
      return new FuzzThreads(workers);
    } catch {
      await Promise.all(workers.map((w) => w.terminate()));
      return undefined;
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** The run on every thread, `concurrency` requests in flight in all; their tallies added to `tally`. */
  async run(target: FuzzTarget, dispatch: Dispatch<RawRequest>, tally: Tally, concurrency: number): Promise<number> {
    const { client: _client, rawPool: _rawPool, ...portable } = target;
    const unanswered = this.workers.map(() => 0);
    const gate = targetGate();
    // Each request is admitted by the gate as it is handed out (the thread's first admit is free).
    let handing = Promise.resolve();
    const handOut = (count: number, unansweredSoFar: number) => {
      const next = handing.then(async () => {
        const items: { index: number; value: RawRequest }[] = [];
        while (items.length < count) {
          const item = dispatch.next(unansweredSoFar);
          if (!item) break;
          const refused = await admitAhead(gate);
          if (refused !== undefined) {
            dispatch.threadStopped(refused, false);
            break;
          }
          items.push(item);
        }
        return items;
      });
      handing = next.then(() => undefined, () => undefined);
      return next;
    };
    const sent = await Promise.all(this.workers.map((worker, i) => new Promise<number>((resolve, reject) => {
      const stopServing = serveGate(worker, gate);
      const finish = (settle: () => void) => {
        stopServing();
        worker.off('message', onMessage);
        worker.off('error', onError);
        settle();
      };
      const onError = (err: Error) => finish(() => reject(err));
      const onMessage = (m: FromThread | { gate: string }) => {
        if (!('fuzz' in m)) return;
        if (m.fuzz === 'want') {
          unanswered[i] = m.unanswered;
          void handOut(m.count, unanswered.reduce((a, b) => a + b, 0)).then(
            (items) => worker.postMessage({ fuzz: 'items', items, more: items.length === m.count } satisfies ToThread),
            onError,
          );
        } else if (m.fuzz === 'done') {
          tally.absorb(reviveCounts(m.tally));
          dispatch.threadStopped(m.gateReason, m.timedOut);
          finish(() => resolve(m.sent));
        }
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      const share = Math.max(1, Math.round(concurrency / this.workers.length));
      worker.postMessage({ fuzz: 'run', target: portable, concurrency: share, deadlineEpochMs: dispatch.deadlineEpochMs } satisfies ToThread);
    })));
    return sent.reduce((a, b) => a + b, 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function ready(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`a fuzz thread did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    worker.once('error', (err) => (clearTimeout(timer), reject(err)));
    worker.once('message', (m: FromThread) => (clearTimeout(timer), m.fuzz === 'ready' ? resolve() : reject(new Error('a fuzz thread said something before it was ready'))));
  });
}
