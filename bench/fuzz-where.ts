// Where a fuzz campaign's time goes, both processes: bench/fuzz.ts's campaign against the
// reference server in its own process, and for the main thread of each the share of the wall
// time it ran, waited on the run queue (runnable, but the cores were busy) or slept (nothing to
// do). A process that is rarely idle is CPU-bound, whatever the load; one that is often idle waits
// for the other. Also the connections the campaign opened per 1,000 requests and the answers
// after which a connection could not be reused. Linux only (/proc/PID/task/PID/schedstat).
// `node --import tsx bench/fuzz-where.ts [concurrency ...]`
import fs from 'node:fs';
import { startReferenceProcess } from '../interop/reference-process.ts';
import { runCampaign } from '../suites/fuzz/campaign.ts';
import { REQUESTS } from '../suites/fuzz/generate.ts';
import { RawKeepAlivePool } from '../suites/transport/raw-pool.ts';
import { DEFAULT_CONCURRENCY } from '../suites/fuzz/session.ts';
import type { FuzzTarget } from '../suites/fuzz/trial.ts';
import { HttpClient } from '../suites/transport/http.ts';
import { DEMO_TOKEN } from '../suites/catalogue/types.ts';

const RUNS = 3;
const FUZZ_REQUESTS = 30_000;
const FUZZ_SECONDS = 5;

/** Nanoseconds on the CPU and waiting on the run queue, of a process's main thread. */
function schedstat(pid: number): [number, number] {
  const [ran, queued] = fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ');
  return [Number(ran), Number(queued)];
}

interface Shares { ran: number; queued: number; idle: number }

function shares(before: [number, number], after: [number, number], wallMs: number): Shares {
  const ran = (after[0] - before[0]) / 1e6 / wallMs;
  const queued = (after[1] - before[1]) / 1e6 / wallMs;
  return { ran, queued, idle: 1 - ran - queued };
}

async function measure(url: string, serverPid: number, seed: number, concurrency: number) {
  const client = new HttpClient({ timeoutMs: 5000, connections: concurrency });
  const rawPool = new RawKeepAlivePool({ timeoutMs: 5000 });
  const target: FuzzTarget = { target: url, endpoint: { method: 'GET', path: '/items/' }, profile: 'documented', token: DEMO_TOKEN, validToken: false, echo: true, client, rawPool, timeoutMs: 5000 };
  const [fuzz0, server0, started] = [schedstat(process.pid), schedstat(serverPid), performance.now()];
  try {
    const run = await runCampaign(target, REQUESTS, { seed, runs: FUZZ_REQUESTS, timeMs: FUZZ_SECONDS * 1000, concurrency });
    const wallMs = performance.now() - started;
    return {
      rps: run.sent / (run.elapsedMs / 1000), sent: run.sent, counts: rawPool.counts,
      fuzz: shares(fuzz0, schedstat(process.pid), wallMs), server: shares(server0, schedstat(serverPid), wallMs),
    };
  } finally {
    await Promise.all([client.close(), rawPool.close()]);
  }
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const line = (s: Shares) => `ran ${pct(s.ran)}, queued ${pct(s.queued)}, idle ${pct(s.idle)}`;

const concurrencies = process.argv.slice(2).map(Number).filter((n) => n > 0);
const server = await startReferenceProcess('documented');
try {
  await measure(server.url, server.pid, 0, DEFAULT_CONCURRENCY);
  for (let i = 1; i <= RUNS; i++) {
    // alternating, so that a change in the machine's load falls on each concurrency alike
    for (const concurrency of concurrencies.length ? concurrencies : [DEFAULT_CONCURRENCY]) {
      const r = await measure(server.url, server.pid, i, concurrency);
      const closes = Object.entries(r.counts.closedAfter).map(([status, n]) => `${status}: ${n}`).join(', ');
      console.log(`run ${i}, concurrency ${concurrency}: ${Math.round(r.rps)} req/s; connections ${(r.counts.connects / r.sent * 1000).toFixed(0)} per 1,000 requests (closed after ${closes || 'none'}); fuzz main thread ${line(r.fuzz)}; server main thread ${line(r.server)}; load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
    }
  }
} finally {
  await server.close();
}
