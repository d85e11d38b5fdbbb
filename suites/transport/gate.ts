// The one door every request to the target goes through during a run: `--max-requests` (a budget
// counted across suites and worker restarts), `--rate` (requests spread evenly), 429 Retry-After
// (the whole run pauses, then the request is sent again), and a circuit breaker. The breaker tells
// "down" from "hangs on some inputs": after BREAKER_THRESHOLD requests in a row got no usable
// answer it sends a liveness request (liveness.ts) through the gate; answered, the target is alive,
// the failures were those inputs' (verdicts for the checks that sent them) and the count restarts;
// unanswered too, the target is down: nothing more is sent and the run ends `untestable`. Playwright restarts its worker after each failing test, so the counts live in a
// small state file beside the run's plan (RunConfig.gateFile), not only in module memory. Outside
// a run (the project's own tests) the gate lets everything through unchanged. The gate reads no plan
// itself: the CLI sets its gate (useTargetGate), a Playwright worker's harness hands over the plan
// (useRunGate), so transport imports nothing from config.ts (DESIGN-NOTES "Rooms").
//
// The file is written when something changes what the next sender may do (a trip, a 429 pause, a
// refusal, the budget spent) and whenever no request is in flight, so between checks it is always
// current; while requests are in flight, the counts are written at most every PERSIST_INTERVAL_MS
// (a write and a rename cost about a millisecond, which per request capped a fuzz run at a few
// hundred requests a second), and once more when the process exits.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { livenessRequest } from './liveness.ts';
import { TransportError, isLoopbackHost } from './wire.ts';

/** Consecutive requests without a usable answer that trip the breaker. */
export const BREAKER_THRESHOLD = 8;
/** Requests per second when --rate is not given and the target is not on this machine. */
export const POLITE_RATE = 50;

/** `--rate` as given; else unlimited on loopback and POLITE_RATE elsewhere (a run and a replay alike). */
export function defaultRate(target: string, rate: number | undefined): number {
  return rate ?? (isLoopbackHost(new URL(target).hostname) ? 0 : POLITE_RATE);
}
/** The shortest wait for the breaker's liveness request (see livenessOf). */
export const LIVENESS_MIN_TIMEOUT_MS = 5000;
/** While requests are in flight, the state file is rewritten at most this often (see above). */
export const PERSIST_INTERVAL_MS = 100;
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
  /** one request any live target answers (liveness.ts): resolves when answered, rejects otherwise */
  liveness?: () => Promise<void>;
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
  /** liveness requests answered: times the breaker found the target alive instead of tripping */
  aliveProbes: number;
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

const FRESH: GateState = { requests: 0, consecutiveFailures: 0, refused: 0, pausedUntil: 0, aliveProbes: 0 };

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

/** Gates whose state file is behind their counts: written on exit, if the process ends mid-run. */
const unsaved = new Set<TargetGate>();
let exitHookInstalled = false;

function saveOnExit(gate: TargetGate): void {
  unsaved.add(gate);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const g of unsaved) g.save();
  });
}

export class TargetGate {
  private state: GateState;
  private nextSlot = 0;
  /** the liveness request in flight: concurrent failures share it */
  private probing: Promise<boolean | undefined> | undefined;
  /** sends between admit and their answer (or failure) */
  private inFlight = 0;
  /** performance.now() of the last write of the state file */
  private lastWrite = -Infinity;
  private writeCount = 0;

  constructor(private readonly opts: GateOptions = {}) {
    this.state = this.read();
  }

  /** How many times the state file has been written (0 without one). */
  get writes(): number {
    return this.writeCount;
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
    this.inFlight++;
    try {
      return await this.sendCounted(attempt, answer);
    } finally {
      if (--this.inFlight === 0) this.save();
    }
  }

  private async sendCounted<T>(attempt: () => Promise<T>, answer: (result: T) => Answer): Promise<T> {
    for (let retry = 0; ; retry++) {
      await this.admit();
      let result: T;
      try {
        result = await attempt();
      } catch (err) {
        await this.failed(err);
        throw err;
      }
      this.answered();
      const a = answer(result);
      if (a.status !== 429 || !this.retriesOn429 || retry >= MAX_429_RETRIES) return result;
      this.pause(a.retryAfter);
    }
  }

  /** Whether a 429 is waited out and sent again (a run's gate), or is just an answer. */
  get retriesOn429(): boolean {
    return this.opts.retryOn429 ?? false;
  }

  /** `--rate` as this gate applies it (0: no limit). */
  get rate(): number {
    return this.opts.rate ?? 0;
  }

  /** Every sender waits out a 429's Retry-After. */
  pause(retryAfter: string | undefined): void {
    this.state.pausedUntil = Math.max(this.state.pausedUntil, Date.now() + retryAfterMs(retryAfter));
    this.write();
  }

  /**
   * Waits for the sender's turn and counts the request, or throws NotSent. With failed, answered
   * and pause, the steps of send: a fuzz thread's gate relays each to the run's (gate-relay.ts).
   */
  async admit(): Promise<void> {
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
    if (this.maxRequests > 0 && this.state.requests >= this.maxRequests) this.write();
    else this.writeSoon();
  }

  /**
   * Whether the target answers a liveness request now: true (alive), false (down, or the breaker
   * tripped already), undefined when the gate cannot tell (no liveness request configured, or the
   * request budget is spent). Sent through the gate: it counts toward --max-requests and --rate.
   */
  alive(): Promise<boolean | undefined> {
    if (this.state.tripped) return Promise.resolve(false);
    if (!this.opts.liveness) return Promise.resolve(undefined);
    this.probing ??= this.probe(this.opts.liveness).finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async probe(liveness: () => Promise<void>): Promise<boolean | undefined> {
    try {
      await this.admit();
    } catch {
      return undefined;
    }
    try {
      await liveness();
    } catch {
      return false;
    }
    this.state.aliveProbes++;
    this.write();
    return true;
  }

  async failed(err: unknown): Promise<void> {
    const threshold = this.opts.breakerThreshold ?? 0;
    const fault = targetFault(err);
    if (fault === undefined || threshold <= 0) return;
    this.state.consecutiveFailures++;
    this.writeSoon();
    if (this.state.consecutiveFailures < threshold || this.state.tripped) return;
    const count = this.state.consecutiveFailures;
    const alive = await this.alive();
    if (this.state.tripped) return;
    if (alive) this.state.consecutiveFailures = 0;
    else {
      const probe = alive === false ? '; a request without credentials got none either' : '';
      this.state.tripped = `${count} requests in a row got no usable answer; the last: ${fault}${probe}`;
    }
    this.write();
  }

  answered(): void {
    if (this.state.consecutiveFailures === 0) return;
    this.state.consecutiveFailures = 0;
    this.writeSoon();
  }

  private read(): GateState {
    if (!this.opts.stateFile) return { ...FRESH };
    try {
      return { ...FRESH, ...(JSON.parse(readFileSync(this.opts.stateFile, 'utf8')) as Partial<GateState>) };
    } catch {
      return { ...FRESH };
    }
  }

  /** Counts only: written now if the last write is PERSIST_INTERVAL_MS old, else when the gate is idle or the process exits. */
  private writeSoon(): void {
    if (!this.opts.stateFile) return;
    if (performance.now() - this.lastWrite >= PERSIST_INTERVAL_MS) return this.write();
    saveOnExit(this);
  }

  /** Writes the state file now if it is behind the counts (the gate is then among the unsaved). */
  save(): void {
    if (unsaved.has(this)) this.write();
  }

  private write(): void {
    const file = this.opts.stateFile;
    if (!file) return;
    writeFileSync(`${file}.tmp`, JSON.stringify(this.state));
    renameSync(`${file}.tmp`, file);
    this.lastWrite = performance.now();
    this.writeCount++;
    unsaved.delete(this);
  }
}

/** What of a run's plan (config.ts RunConfig fits this) the gate needs. */
export interface GatePlan {
  target: string;
  endpoints: readonly { path: string }[];
  timeoutMs: number;
  insecure: boolean;
  rate: number;
  maxRequests?: number;
  /** the state file shared by the run's processes; absent: a pass-through gate */
  gateFile?: string;
}

/** The gate of a run with this plan: its state file, budget, rate, breaker and liveness request. */
export function gateFromPlan(plan: GatePlan): TargetGate {
  if (!plan.gateFile) return new TargetGate();
  return new TargetGate({
    stateFile: plan.gateFile, maxRequests: plan.maxRequests, rate: plan.rate, breakerThreshold: BREAKER_THRESHOLD, retryOn429: true,
    liveness: livenessOf(plan),
  });
}

let current: TargetGate | undefined;
let runGate: (() => TargetGate) | undefined;

/** The process's gate: the one the CLI set, else the run's (built on first use), else a pass-through. */
export function targetGate(): TargetGate {
  current ??= runGate?.() ?? new TargetGate();
  return current;
}

/**
 * A Playwright worker's gate, from the run's plan the harness loaded: built on first use (as the
 * state file must be read when the first request is sent, not when the spec files load).
 */
export function useRunGate(plan: GatePlan | undefined): void {
  runGate = plan && (() => gateFromPlan(plan));
}

/**
 * The liveness request of a run: GET the first endpoint under test, without credentials, waiting at
 * least LIVENESS_MIN_TIMEOUT_MS. It asks "is anything there?", not "in time?" (the checks judge
 * that): calling a slow but live target down would throw away every verdict after it, and the wait
 * is paid once per BREAKER_THRESHOLD failures, or once at all for a target that is down.
 */
function livenessOf(config: GatePlan): (() => Promise<void>) | undefined {
  const endpoint = config.endpoints[0];
  if (!endpoint) return undefined;
  const timeoutMs = Math.max(config.timeoutMs, LIVENESS_MIN_TIMEOUT_MS);
  return livenessRequest(`${config.target.replace(/\/+$/, '')}${endpoint.path}`, { timeoutMs, insecure: config.insecure });
}

/** The CLI's own requests (preflight) go through the gate it creates for the run. */
export function useTargetGate(gate: TargetGate | undefined): void {
  current = gate;
}
