// The fuzz run: the seed's requests, sent N at a time, each judged against every property.
// fast-check runs a property one value at a time; here the values are drawn first (deterministic
// by seed and index) and sent concurrently, and only a failure goes back to fast-check's shrink
// tree (shrink.ts). Requests are handed out in index order and every one handed out is awaited,
// so the lowest failing index is the same on every run with the same seed.
import type fc from 'fast-check';
import type { RawRequest } from '../model/types.ts';
import { requestsAt } from './generate.ts';
import { targetGate } from '../transport/gate.ts';
import { ALL_FUZZ_REQUIREMENTS, NO_ANSWER_CODES } from './requirements.ts';
import type { FuzzPropertyId } from './requirements.ts';
import { runTrial } from './trial.ts';
import type { FuzzTarget, Trial } from './trial.ts';

/**
 * Requests drawn per fc.sample call: at least MIN_CHUNK, and a quarter of those drawn so far.
 * fast-check reaches value i of a run by stepping its generator i times (`path: "i"`, about 10 µs a
 * step here), so every chunk pays for the values before it: fixed chunks of 256 made that
 * quadratic (value 20,000 cost 0.8 ms more to draw than value 0). Growing chunks bound the steps
 * to about 5 per request, and what is drawn but never sent (a time budget ending) to a fifth.
 */
export const MIN_CHUNK = 256;

export function chunkSize(offset: number): number {
  return Math.max(MIN_CHUNK, Math.floor(offset / 4));
}

/**
 * Generated requests left unanswered after which no more are handed out: `fuzz.answers-in-time`
 * has failed many times over, and each further hang costs a whole --timeout. Twice the default
 * concurrency: a target that hangs on half its inputs stops the run after about two timeouts.
 */
export const NO_ANSWER_LIMIT = 32;

export interface CampaignBudget {
  seed: number;
  /** requests at most */
  runs: number;
  /** stop handing out requests after this long */
  timeMs: number;
  /** requests in flight (`--rate` is the gate's: transport/gate.ts) */
  concurrency: number;
}

export interface IndexedTrial {
  /** position in the seed's run: fast-check's path for it is String(index) */
  index: number;
  trial: Trial;
  /** what the trial did wrong, for failures */
  violation?: string;
}

export interface PropertyFailures {
  count: number;
  /** the failing trial with the lowest index */
  first: IndexedTrial;
}

export interface CampaignResult {
  seed: number;
  planned: number;
  sent: number;
  elapsedMs: number;
  /** threads that sent the requests (fuzz/threads.ts) */
  threads: number;
  /**
   * gate: the run's gate closed (breaker tripped, --max-requests reached), gateReason says why;
   * no-answer: NO_ANSWER_LIMIT requests went unanswered while the target stayed alive
   */
  stoppedBy: 'runs' | 'time' | 'gate' | 'no-answer';
  gateReason?: string;
  /** how the answers were judged: the matched outcome kind, "nonconforming", or "no answer" */
  outcomes: Record<string, number>;
  transports: { undici: number; raw: number };
  failures: Partial<Record<FuzzPropertyId, PropertyFailures>>;
  /** transport faults that are ours, not the target's (e.g. a response over the size limit) */
  harnessErrors: { count: number; first?: { index: number; message: string } };
}

function outcomeLabel(trial: Trial): string {
  if (trial.outcome.kind === 'unanswered') return NO_ANSWER_CODES.has(trial.outcome.error.code) ? 'no answer' : 'could not test';
  const matched = trial.outcome.judgement.matched;
  return matched ? (matched.kind === 'http-rejected' ? 'rejected by the HTTP layer' : matched.kind) : 'nonconforming';
}

/** A tally's contents as data: what a thread sends back. */
export type TallyCounts = Pick<Tally, 'outcomes' | 'transports' | 'failures' | 'harnessErrors' | 'unanswered'>;

export class Tally {
  readonly outcomes: Record<string, number> = {};
  readonly transports = { undici: 0, raw: 0 };
  readonly failures: Partial<Record<FuzzPropertyId, PropertyFailures>> = {};
  readonly harnessErrors: CampaignResult['harnessErrors'] = { count: 0 };
  /** trials the target left without an answer */
  unanswered = 0;

  /** A request we could not judge for a reason of our own (a harness fault, a response too large). */
  fault(index: number, message: string): void {
    this.harnessErrors.count++;
    if (this.harnessErrors.first === undefined || index < this.harnessErrors.first.index) this.harnessErrors.first = { index, message };
  }

  /** Another tally's counts and first failures (another thread's), as if recorded here. */
  absorb(other: TallyCounts): void {
    for (const [label, n] of Object.entries(other.outcomes)) this.outcomes[label] = (this.outcomes[label] ?? 0) + n;
    this.transports.undici += other.transports.undici;
    this.transports.raw += other.transports.raw;
    this.unanswered += other.unanswered;
    this.harnessErrors.count += other.harnessErrors.count;
    const first = other.harnessErrors.first;
    if (first && (this.harnessErrors.first === undefined || first.index < this.harnessErrors.first.index)) this.harnessErrors.first = first;
    for (const [id, theirs] of Object.entries(other.failures) as [FuzzPropertyId, PropertyFailures][]) {
      const ours = this.failures[id];
      if (!ours) this.failures[id] = theirs;
      else {
        ours.count += theirs.count;
        if (theirs.first.index < ours.first.index) ours.first = theirs.first;
      }
    }
  }

  record(index: number, trial: Trial): void {
    const label = outcomeLabel(trial);
    this.outcomes[label] = (this.outcomes[label] ?? 0) + 1;
    if (trial.outcome.kind === 'answered') this.transports[trial.outcome.exchange.transport]++;
    else if (!NO_ANSWER_CODES.has(trial.outcome.error.code)) this.fault(index, trial.outcome.error.message);
    else this.unanswered++;
    for (const requirement of ALL_FUZZ_REQUIREMENTS) {
      const violation = requirement.violation(trial);
      if (violation === undefined) continue;
      const seen = this.failures[requirement.id];
      if (!seen) this.failures[requirement.id] = { count: 1, first: { index, trial, violation } };
      else {
        seen.count++;
        if (index < seen.first.index) seen.first = { index, trial, violation };
      }
    }
  }
}

/** Hands out (index, request) in order, drawing requests a chunk at a time. */
class Feed<T> {
  private next = 0;
  private chunk: T[] = [];
  private chunkStart = 0;
  constructor(private readonly arbitrary: fc.Arbitrary<T>, private readonly seed: number, private readonly runs: number) {}

  take(): { index: number; value: T } | undefined {
    if (this.next >= this.runs) return undefined;
    if (this.next - this.chunkStart >= this.chunk.length) {
      this.chunkStart = this.next;
      this.chunk = requestsAt(this.arbitrary, this.seed, this.next, Math.min(chunkSize(this.next), this.runs - this.next));
    }
    const index = this.next++;
    return { index, value: this.chunk[index - this.chunkStart]! };
  }

  get handedOut(): number {
    return this.next;
  }
}

/** Why a run stopped handing out requests, checked before each one (the same for every thread). */
export class Dispatch<T> {
  private readonly deadline: number;
  private readonly feed: Feed<T>;
  timedOut = false;
  gateReason: string | undefined;
  hangs = false;

  constructor(arbitrary: fc.Arbitrary<T>, private readonly budget: CampaignBudget, readonly started = performance.now()) {
    this.deadline = started + budget.timeMs;
    this.feed = new Feed(arbitrary, budget.seed, budget.runs);
  }

  /** The next request to send, or undefined once the run is over; `unanswered`: the run's count so far. */
  next(unanswered: number): { index: number; value: T } | undefined {
    this.gateReason ??= targetGate().closed();
    if (this.gateReason !== undefined) return undefined;
    if ((this.hangs ||= unanswered >= NO_ANSWER_LIMIT)) return undefined;
    if (performance.now() >= this.deadline) {
      this.timedOut = this.feed.handedOut < this.budget.runs;
      return undefined;
    }
    return this.feed.take();
  }

  /** A thread stopped sending before the hand-outs ended: its gate closed, or its clock ran out with requests in hand. */
  threadStopped(gateReason: string | undefined, timedOut: boolean): void {
    this.gateReason ??= gateReason;
    this.timedOut ||= timedOut;
  }

  /** Date.now() at which no more requests go out: for a thread, whose performance.now() has another origin. */
  get deadlineEpochMs(): number {
    return Date.now() + (this.deadline - performance.now());
  }

  result(tally: Tally, sent: number, threads = 1): CampaignResult {
    return {
      seed: this.budget.seed,
      planned: this.budget.runs,
      sent,
      elapsedMs: performance.now() - this.started,
      threads,
      stoppedBy: this.gateReason !== undefined ? 'gate' : this.hangs ? 'no-answer' : this.timedOut ? 'time' : 'runs',
      ...(this.gateReason !== undefined ? { gateReason: this.gateReason } : {}),
      outcomes: tally.outcomes,
      transports: tally.transports,
      failures: tally.failures,
      harnessErrors: tally.harnessErrors,
    };
  }
}

/** Runs trials from `take` on `concurrency` senders until it gives none; returns how many were sent. */
export async function sendAll(target: FuzzTarget, tally: Tally, concurrency: number, take: () => Promise<{ index: number; value: RawRequest } | undefined>): Promise<number> {
  let sent = 0;
  const sender = async (): Promise<void> => {
    for (let item = await take(); item; item = await take()) {
      sent++;
      try {
        tally.record(item.index, await runTrial(target, item.value));
      } catch (err) {
        tally.fault(item.index, (err as Error)?.message ?? String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, sender));
  return sent;
}

/**
 * The run, in this thread, or spread over `threads` (fuzz/threads.ts) when given: each thread
 * predicts, sends and judges what this one hands out, in index order, through this thread's gate.
 */
export async function runCampaign(target: FuzzTarget, arbitrary: fc.Arbitrary<RawRequest>, budget: CampaignBudget, threads?: CampaignThreads): Promise<CampaignResult> {
  const dispatch = new Dispatch(arbitrary, budget);
  const tally = new Tally();
  if (threads) return dispatch.result(tally, await threads.run(target, dispatch, tally, budget.concurrency), threads.size);
  const sent = await sendAll(target, tally, budget.concurrency, async () => dispatch.next(tally.unanswered));
  return dispatch.result(tally, sent);
}

/** What runCampaign needs of a thread pool (fuzz/threads.ts): the run's trials, tallied into `tally`; returns how many were sent. */
export interface CampaignThreads {
  readonly size: number;
  run(target: FuzzTarget, dispatch: Dispatch<RawRequest>, tally: Tally, concurrency: number): Promise<number>;
}
