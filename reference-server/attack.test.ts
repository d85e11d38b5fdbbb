// The reference server under attack (issue 7): in its own process, it takes 100,000 fuzzed header
// sets from the fuzz suite's own generator and transports (undici and raw keep-alive sockets) and
// a bounded autocannon load, and must answer every one without a 5xx, stay alive, and keep its
// memory bounded. RSS is read from /proc for the server's process alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { autocannon } from '../bench/autocannon.ts';
import { startReferenceProcess } from '../interop/reference-process.ts';
import { DEMO_TOKEN } from '../suites/catalogue/types.ts';
import { runCampaign } from '../suites/fuzz/campaign.ts';
import { REQUESTS } from '../suites/fuzz/generate.ts';
import { RawKeepAlivePool } from '../suites/transport/raw-pool.ts';
import { DEFAULT_CONCURRENCY } from '../suites/fuzz/session.ts';
import { HttpClient } from '../suites/transport/http.ts';
import type { ProfileName } from '../suites/model/types.ts';
import type { Mode } from './server.ts';

const MiB = 1024 * 1024;
const MAX_RSS_GROWTH = 200 * MiB;
const ENDPOINT = { method: 'GET', path: '/items/' };
/**
 * The volume, scaled by BEARER_CONFORMANCE_SOAK_SCALE (default 1: 100,000 and 50,000 fuzzed header
 * sets, 2 × 20,000 autocannon requests; 0.1 for a quick look, 5 for a longer soak). Each load is
 * bounded by count and time, the test by its timeout.
 */
const SCALE = soakScale(process.env.BEARER_CONFORMANCE_SOAK_SCALE);
const AUTOCANNON_REQUESTS = Math.max(100, Math.round(20_000 * SCALE));

function soakScale(text: string | undefined): number {
  if (text === undefined || text === '') return 1;
  const n = Number(text);
  if (!(n > 0 && n <= 20)) throw new Error(`BEARER_CONFORMANCE_SOAK_SCALE must be a number in (0, 20], not "${text}"`);
  return n;
}

const scaled = (n: number) => Math.max(100, Math.round(n * SCALE));

/** Resident and peak resident set size of a process, in bytes (Linux /proc). */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

async function attack(t: { diagnostic(message: string): void }, mode: Mode, profile: ProfileName, runs: number, timeMs: number): Promise<void> {
  const server = await startReferenceProcess(mode);
  const client = new HttpClient({ timeoutMs: 5000, connections: DEFAULT_CONCURRENCY });
  const rawPool = new RawKeepAlivePool({ timeoutMs: 5000 });
  try {
    const before = memory(server.pid);
    const target = { target: server.url, endpoint: ENDPOINT, profile, token: DEMO_TOKEN, validToken: false, echo: true, client, rawPool, timeoutMs: 5000 };
    const fuzz = await runCampaign(target, REQUESTS, { seed: 7, runs, timeMs, concurrency: DEFAULT_CONCURRENCY });
    const afterFuzz = memory(server.pid);

    const loads = [
      await autocannon(`${server.url}/items/`, { amount: AUTOCANNON_REQUESTS, connections: 50, headers: { Authorization: `Bearer ${DEMO_TOKEN}` } }),
      await autocannon(`${server.url}/items/`, { amount: AUTOCANNON_REQUESTS, connections: 50, headers: { Authorization: 'Basic YWxpY2U6d29uZGVybGFuZA==' } }),
    ];
    const after = memory(server.pid);

    t.diagnostic(`${mode}: ${fuzz.sent} fuzzed requests in ${(fuzz.elapsedMs / 1000).toFixed(1)} s (${Math.round(fuzz.sent / (fuzz.elapsedMs / 1000))} req/s; undici ${fuzz.transports.undici}, raw ${fuzz.transports.raw}); outcomes ${JSON.stringify(fuzz.outcomes)}`);
    t.diagnostic(`${mode}: autocannon ${loads.map((l) => `${l.total} requests at ${Math.round(l.rps)} req/s`).join(', ')}`);
    t.diagnostic(`${mode}: server RSS ${mib(before.rss)} before, ${mib(afterFuzz.rss)} after fuzzing, ${mib(after.rss)} after autocannon (peak ${mib(after.peak)})`);

    assert.equal(fuzz.sent, runs, `stopped by ${fuzz.stoppedBy} after ${fuzz.sent} requests`);
    assert.equal(fuzz.failures['fuzz.no-5xx'], undefined, `a 5xx: ${fuzz.failures['fuzz.no-5xx']?.first.violation}`);
    assert.equal(fuzz.failures['fuzz.answers-in-time'], undefined, `no answer: ${fuzz.failures['fuzz.answers-in-time']?.first.violation}`);
    assert.equal(fuzz.failures['fuzz.differential'], undefined, `differs from the model: ${fuzz.failures['fuzz.differential']?.first.violation}`);
    assert.equal(fuzz.harnessErrors.count, 0, fuzz.harnessErrors.first?.message);
    // Every fuzz request goes on the raw keep-alive pool (well-formed ones as the bytes undici would
    // write: DESIGN-NOTES "Fuzz throughput"); what must hold is that the mix reaches both layers.
    assert.equal(fuzz.transports.raw, fuzz.sent, 'every fuzz request went on the raw keep-alive pool');
    const outcomes = fuzz.outcomes as Record<string, number>;
    assert.ok((outcomes['rejected by the HTTP layer'] ?? 0) > 0 && (outcomes.authorized ?? 0) > 0, `the mix reaches the HTTP layer and the endpoint: ${JSON.stringify(outcomes)}`);
    for (const load of loads) {
      assert.equal(load.total, AUTOCANNON_REQUESTS);
      assert.equal(load.status5xx, 0);
      assert.equal(load.errors, 0);
    }
    assert.equal(loads[0]!.non2xx, 0, 'the canonical token is accepted');
    assert.equal(loads[1]!.non2xx, AUTOCANNON_REQUESTS, 'another scheme is refused');

    // Alive and still answering, with the memory it took bounded.
    const res = await request(`${server.url}/items/`, { headers: { authorization: `Bearer ${DEMO_TOKEN}` } });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(await res.body.json(), { token: DEMO_TOKEN });
    assert.ok(after.rss - before.rss < MAX_RSS_GROWTH, `RSS grew by ${mib(after.rss - before.rss)}`);
  } finally {
    await Promise.all([client.close(), rawPool.close()]);
    server.close();
  }
}

test(`documented: ${scaled(100_000)} fuzzed header sets and an autocannon load, no 5xx, alive, memory bounded`, { timeout: 150_000 * Math.max(1, SCALE) }, async (t) => {
  await attack(t, 'documented', 'documented', scaled(100_000), 90_000 * Math.max(1, SCALE));
});

test(`fastapi (uvicorn/h11 emulation): ${scaled(50_000)} fuzzed header sets and an autocannon load, no 5xx, alive, memory bounded`, { timeout: 90_000 * Math.max(1, SCALE) }, async (t) => {
  await attack(t, 'fastapi', 'fastapi', scaled(50_000), 45_000 * Math.max(1, SCALE));
});
