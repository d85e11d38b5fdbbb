// The one door every request to the target goes through during a run: `--max-requests` (a budget
// counted across suites and worker restarts), `--rate` (requests spread evenly), 429 Retry-After
// (the whole run pauses, then the request is sent again), and a circuit breaker (after
// BREAKER_THRESHOLD requests in a row got no usable answer, nothing more is sent and the run ends
// `untestable`). Playwright restarts its worker after each failing test, so the counts live in a
// small state file beside the run's plan (RunConfig.gateFile), not only in module memory. Outside
// a run (the project's own tests) the gate lets everything through unchanged.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { RUN_ENV, loadRunConfig } from '../config.ts';
import { TransportError } from './wire.ts';

/** Consecutive requests without a usable answer that trip the breaker. */
export const BREAKER_THRESHOLD = 8;
/** A Retry-After longer than this is waited for this long only. */
export const MAX_RETRY_AFTER_MS = 30_000;
/** A request answered 429 is sent again at most this many times; then the 429 is the answer. */
export const MAX_429_RETRIES = 3;
/** The pause after a 429 without (a readable) Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 1000;

export interface GateOptions {
  /** where the counts persist between processes; none keeps them in memory */
  stateFile?: string;
  /** requests to the target at most over the whole run; 0 = no limit */
  maxRequests?: number;
  /** requests per second at most; 0 = no limit */
  rate?: number;
  /** consecutive failures that trip the breaker; 0 = no breaker */
  breakerThreshold?: number;
  /** wait out 429 Retry-After and send again */
  retryOn429?: boolean;
}

export interface GateState {
  /** requests sent to the target (retries included) */
  requests: number;
  consecutiveFailures: number;
  /** set once the breaker trips: why */
  tripped?: string;
  /** sends and checks refused because --max-requests was reached */
  refused: number;
  /** Date.now() before which nothing is sent (a 429's Retry-After) */
  pausedUntil: number;
}

/** What a response says to the gate: its status and Retry-After. */
export interface Answer {
  status: number;
  retryAfter?: string;
}

/** The gate refused to send: the breaker tripped or the budget is spent. Never the target's fault. */
export class NotSent extends TransportError {
  constructor(reason: string) {
    super('not-sent', `not sent: ${reason}`);
    this.name = 'NotSent';
  }
}

const FRESH: GateState = { requests: 0, consecutiveFailures: 0, refused: 0, pausedUntil: 0 };

/** TransportError codes and undici/Node error codes that mean the target gave no usable answer. */
const TARGET_FAULTS = new Set(['timeout', 'refused', 'reset', 'malformed-response', 'too-large', 'other']);

/** Why `err` says the target did not answer usably; undefined for our own faults (unsendable bytes, a refused send). */
export function targetFault(err: unknown): string | undefined {
  if (err instanceof NotSent) return undefined;
  if (err instanceof TransportError) return TARGET_FAULTS.has(err.code) ? err.message : undefined;
  const e = err as { code?: string; name?: string; message?: string };
  if (e?.code === 'UND_ERR_INVALID_ARG' || e?.code === 'UND_ERR_NOT_SUPPORTED') return undefined;
  return e?.message ?? String(err);
}

/** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3), bounded by MAX_RETRY_AFTER_MS. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number {
  const v = value?.trim() ?? '';
  let ms = DEFAULT_RETRY_AFTER_MS;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else if (v && Number.isFinite(Date.parse(v))) ms = Math.max(0, Date.parse(v) - now);
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TargetGate {
  private state: GateState;
  private nextSlot = 0;

  constructor(private readonly opts: GateOptions = {}) {
    this.state = this.read();
  }

  get snapshot(): Readonly<GateState> {
    return this.state;
  }

  get maxRequests(): number {
    return this.opts.maxRequests ?? 0;
  }

  /** Re-reads the state another process left (the CLI, after Playwright's workers). */
  reload(): void {
    this.state = this.read();
  }

  /** Why nothing more is sent, or undefined while requests may go out. */
  closed(): string | undefined {
    if (this.state.tripped) return `target stopped answering (${this.state.tripped})`;
    if (this.maxRequests > 0 && this.state.requests >= this.maxRequests) return `--max-requests ${this.maxRequests} reached`;
    return undefined;
  }

  /** A check that will not run because the budget is spent: recorded so the run is not called complete. */
  refuse(): void {
    if (this.state.tripped) return;
    this.state.refused++;
    this.write();
  }

  /**
   * Sends through the gate: waits for its slot (and any 429 pause), counts the request, and feeds
   * the breaker. A 429 pauses every sender for its Retry-After, then the request goes again.
   */
  async send<T>(attempt: () => Promise<T>, answer: (result: T) => Answer): Promise<T> {
    for (let retry = 0; ; retry++) {
      await this.admit();
      let result: T;
      try {
        result = await attempt();
      } catch (err) {
        this.failed(err);
        throw err;
      }
      this.answered();
      const a = answer(result);
      if (a.status !== 429 || !this.opts.retryOn429 || retry >= MAX_429_RETRIES) return result;
      this.state.pausedUntil = Math.max(this.state.pausedUntil, Date.now() + retryAfterMs(a.retryAfter));
      this.write();
    }
  }

  private async admit(): Promise<void> {
    const rate = this.opts.rate ?? 0;
    for (;;) {
      const now = Date.now();
      const wait = Math.max(this.state.pausedUntil - now, rate > 0 ? this.nextSlot - now : 0);
      if (wait <= 0) break;
      await sleep(Math.min(wait, 1000));
    }
    if (rate > 0) this.nextSlot = Math.max(Date.now(), this.nextSlot) + 1000 / rate;
    const reason = this.closed();
    if (reason) {
      if (!this.state.tripped) this.refuse();
      throw new NotSent(reason);
    }
    this.state.requests++;
    this.write();
  }

  private failed(err: unknown): void {
    const threshold = this.opts.breakerThreshold ?? 0;
    const fault = targetFault(err);
    if (fault === undefined || threshold <= 0) return;
    this.state.consecutiveFailures++;
    if (this.state.consecutiveFailures >= threshold && !this.state.tripped)
      this.state.tripped = `${this.state.consecutiveFailures} requests in a row got no usable answer; the last: ${fault}`;
    this.write();
  }

  private answered(): void {
    if (this.state.consecutiveFailures === 0) return;
    this.state.consecutiveFailures = 0;
    this.write();
  }

  private read(): GateState {
    if (!this.opts.stateFile) return { ...FRESH };
    try {
      return { ...FRESH, ...(JSON.parse(readFileSync(this.opts.stateFile, 'utf8')) as Partial<GateState>) };
    } catch {
      return { ...FRESH };
    }
  }

  private write(): void {
    const file = this.opts.stateFile;
    if (!file) return;
    writeFileSync(`${file}.tmp`, JSON.stringify(this.state));
    renameSync(`${file}.tmp`, file);
  }
}

let current: TargetGate | undefined;

/** The process's gate: the one the CLI set, else the run's (from the plan), else a pass-through. */
export function targetGate(): TargetGate {
  if (!current) {
    const config = process.env[RUN_ENV] ? loadRunConfig() : undefined;
    current = config?.gateFile
      ? new TargetGate({ stateFile: config.gateFile, maxRequests: config.maxRequests, rate: config.rate, breakerThreshold: BREAKER_THRESHOLD, retryOn429: true })
      : new TargetGate();
  }
  return current;
}

/** The CLI's own requests (preflight) go through the gate it creates for the run. */
export function useTargetGate(gate: TargetGate | undefined): void {
  current = gate;
}
