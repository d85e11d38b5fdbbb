// Fuzz throughput beside a baseline taken in the same run: generated requests per second (drawn,
// predicted, sent, judged) against the reference server in documented mode, and autocannon's
// req/s on the same endpoint with a canonical token. Runs alternate, median of 3 each. Also the
// wall time of the default fuzz budget: the three fuzz requirements, end to end. The ratio is a
// run as the CLI sends it by default (one thread); beside it the same runs with --fuzz-threads at
// one per core (fuzz/threads.ts), the threads started before the clock, as a session starts them
// during its probes, and their start-up printed apart.
import { fileURLToPath } from 'node:url';
import { autocannon, median } from './autocannon.ts';
import { startReferenceProcess } from '../interop/reference-process.ts';
import { runCampaign } from '../suites/fuzz/campaign.ts';
import { REQUESTS } from '../suites/fuzz/generate.ts';
import { RawKeepAlivePool } from '../suites/transport/raw-pool.ts';
import { FuzzThreads, threadsFor } from '../suites/fuzz/threads.ts';
import { availableParallelism } from 'node:os';
import { DEFAULT_CONCURRENCY, DEFAULT_FUZZ_BUDGET, FuzzSession } from '../suites/fuzz/session.ts';
import { FUZZ_REQUIREMENTS } from '../suites/fuzz/requirements.ts';
import type { FuzzTarget } from '../suites/fuzz/trial.ts';
import { HttpClient } from '../suites/transport/http.ts';
import { Redactor } from '../suites/redact.ts';
import { DEMO_TOKEN } from '../suites/catalogue/types.ts';

const ENDPOINT = { method: 'GET', path: '/items/' };
const RUNS = 3;
/** Each fuzz measurement: this many requests or this long, whichever ends first. */
const FUZZ_REQUESTS = 30_000;
const FUZZ_SECONDS = 5;
const AUTOCANNON_SECONDS = 5;

export interface FuzzBench {
  /** one thread, as by default */
  fuzzRps: number;
  /** the same runs with one thread per core (--fuzz-threads), and how long the threads took to start */
  threads: number;
  threadStartMs: number;
  threadsRps: number;
  threadsRatio: number;
  autocannonRps: number;
  ratio: number;
  defaultBudgetMs: number;
}

async function fuzzRps(url: string, seed: number, threads?: FuzzThreads): Promise<number> {
  const client = new HttpClient({ timeoutMs: 5000, connections: DEFAULT_CONCURRENCY });
  const rawPool = new RawKeepAlivePool({ timeoutMs: 5000 });
  const target: FuzzTarget = { target: url, endpoint: ENDPOINT, profile: 'documented', token: DEMO_TOKEN, validToken: false, echo: true, client, rawPool, timeoutMs: 5000 };
  try {
    const run = await runCampaign(target, REQUESTS, { seed, runs: FUZZ_REQUESTS, timeMs: FUZZ_SECONDS * 1000, concurrency: DEFAULT_CONCURRENCY }, threads);
    const failures = Object.keys(run.failures);
    if (failures.length || run.harnessErrors.count) throw new Error(`the fuzz benchmark run failed: ${failures.join(', ')} ${run.harnessErrors.first?.message ?? ''}`);
    return run.sent / (run.elapsedMs / 1000);
  } finally {
    await Promise.all([client.close(), rawPool.close()]);
  }
}

/** Wall time of what `--suites fuzz` does with the default budget: probes, the run, three checks. */
async function defaultBudgetMs(url: string): Promise<number> {
  const started = performance.now();
  const session = await FuzzSession.open({
    target: url, endpoint: ENDPOINT, profile: 'documented', token: DEMO_TOKEN, validToken: false,
    seed: 1, runs: DEFAULT_FUZZ_BUDGET.runs, timeS: DEFAULT_FUZZ_BUDGET.timeS, timeoutMs: 5000, rate: 0,
  }, new Redactor());
  try {
    for (const r of FUZZ_REQUIREMENTS) await session.check(r.id, {});
  } finally {
    await session.close();
  }
  return performance.now() - started;
}

export async function runFuzzBench(): Promise<FuzzBench> {
  const server = await startReferenceProcess('documented');
  const started = performance.now();
  const threads = await FuzzThreads.start(threadsFor(FUZZ_REQUESTS, availableParallelism(), 0));
  const threadStartMs = performance.now() - started;
  try {
    await fuzzRps(server.url, 0, threads);
    await fuzzRps(server.url, 0);
    await autocannon(`${server.url}/items/`, { durationS: 1, headers: { Authorization: 'Bearer abc123' } });
    const fuzz: number[] = [];
    const threaded: number[] = [];
    const baseline: number[] = [];
    for (let i = 1; i <= RUNS; i++) {
      fuzz.push(await fuzzRps(server.url, i));
      threaded.push(await fuzzRps(server.url, i, threads));
      const ac = await autocannon(`${server.url}/items/`, { durationS: AUTOCANNON_SECONDS, headers: { Authorization: 'Bearer abc123' } });
      if (ac.non2xx || ac.errors) throw new Error(`autocannon: ${ac.non2xx} non-2xx responses, ${ac.errors} errors`);
      baseline.push(ac.rps);
    }
    const fuzzRpsMedian = median(fuzz);
    const autocannonRps = median(baseline);
    return {
      fuzzRps: fuzzRpsMedian, threads: threads?.size ?? 1, threadStartMs, threadsRps: median(threaded), threadsRatio: median(threaded) / autocannonRps,
      autocannonRps, ratio: fuzzRpsMedian / autocannonRps, defaultBudgetMs: await defaultBudgetMs(server.url),
    };
  } finally {
    await threads?.close();
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runFuzzBench();
  console.log(`--fuzz-threads ${r.threads}: ${Math.round(r.threadsRps)} req/s (ratio ${r.threadsRatio.toFixed(2)}; started in ${Math.round(r.threadStartMs)} ms)`);
  console.log(`fuzz ${Math.round(r.fuzzRps)} req/s, autocannon ${Math.round(r.autocannonRps)} req/s, ratio ${r.ratio.toFixed(2)} (goal >= 0.35); default budget (${DEFAULT_FUZZ_BUDGET.runs} requests) ${(r.defaultBudgetMs / 1000).toFixed(1)} s`);
}
