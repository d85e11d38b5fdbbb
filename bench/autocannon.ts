// autocannon as the baseline load generator, run as its own process (so it does not share an
// event loop with what it measures), parsed from its --json output.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const AUTOCANNON = path.join(path.dirname(createRequire(import.meta.url).resolve('autocannon/package.json')), 'autocannon.js');

export interface LoadResult {
  rps: number;
  /** requests answered */
  total: number;
  non2xx: number;
  status5xx: number;
  errors: number;
}

/** `amount`: stop after this many requests (autocannon -a), else after `durationS`. */
export async function autocannon(url: string, o: { connections?: number; durationS?: number; amount?: number; headers?: Record<string, string> } = {}): Promise<LoadResult> {
  const args = [AUTOCANNON, '--json', '-c', String(o.connections ?? 50), '-d', String(o.durationS ?? 5)];
  if (o.amount !== undefined) args.push('-a', String(o.amount));
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push('-H', `${k}=${v}`);
  args.push(url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.on('close', resolve));
  const json = JSON.parse(out) as { requests: { average: number; total: number }; non2xx: number; '5xx': number; errors: number };
  return { rps: json.requests.average, total: json.requests.total, non2xx: json.non2xx, status5xx: json['5xx'], errors: json.errors };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median req/s over `runs` runs after a short warm-up. */
export async function medianRps(url: string, headers: Record<string, string>, runs = 3, durationS = 5): Promise<{ median: number; runs: number[] }> {
  await autocannon(url, { headers, durationS: 1 });
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await autocannon(url, { headers, durationS });
    if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx responses, ${r.errors} errors during the benchmark`);
    all.push(r.rps);
  }
  return { median: median(all), runs: all };
}
