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

class Tally {
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

export async function runCampaign(target: FuzzTarget, arbitrary: fc.Arbitrary<RawRequest>, budget: CampaignBudget): Promise<CampaignResult> {
  const started = performance.now();
  const deadline = started + budget.timeMs;
  const feed = new Feed(arbitrary, budget.seed, budget.runs);
  const tally = new Tally();
  let timedOut = false;
  let gateReason: string | undefined;
  let hangs = false;

  const sender = async (): Promise<void> => {
    for (;;) {
      gateReason ??= targetGate().closed();
      if (gateReason !== undefined) return;
      if ((hangs ||= tally.unanswered >= NO_ANSWER_LIMIT)) return;
      if (performance.now() >= deadline) {
        timedOut = feed.handedOut < budget.runs;
        return;
      }
      const item = feed.take();
      if (!item) return;
      try {
        tally.record(item.index, await runTrial(target, item.value));
      } catch (err) {
        tally.fault(item.index, (err as Error)?.message ?? String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, budget.concurrency) }, sender));

  return {
    seed: budget.seed,
    planned: budget.runs,
    sent: feed.handedOut,
    elapsedMs: performance.now() - started,
    stoppedBy: gateReason !== undefined ? 'gate' : hangs ? 'no-answer' : timedOut ? 'time' : 'runs',
    ...(gateReason !== undefined ? { gateReason } : {}),
    outcomes: tally.outcomes,
    transports: tally.transports,
    failures: tally.failures,
    harnessErrors: tally.harnessErrors,
  };
}
