// Shrinking a failure on fast-check's shrink tree, several candidates at a time. fast-check takes
// the first failing candidate of each shrink stream, in stream order; so does this, after sending
// a window of candidates concurrently. The result, and its path ("index:j:k…"), are the ones
// `fc.check(fc.asyncProperty(arbitrary, …), { seed, path })` reaches, only sooner: a hanging
// target costs one timeout per step instead of one per candidate.
import type fc from 'fast-check';
import { shrinkableAt } from './generate.ts';

export interface ShrinkBounds {
  /** candidates sent at most (the original included) */
  maxRuns: number;
  timeMs: number;
  /** candidates in flight */
  window: number;
}

/** What evaluating one value found: the failure's description and whatever the caller keeps. */
export interface Evaluation<R> {
  violation?: string;
  result: R;
}

export type ShrinkOutcome<T, R> =
  | { reproduced: false; value: T; evaluation: Evaluation<R> }
  | {
    reproduced: true;
    value: T;
    evaluation: Evaluation<R>;
    /** fast-check's path of `value`: replay with { seed, path } */
    path: string;
    /** shrink steps taken, and candidates sent */
    steps: number;
    runs: number;
    stoppedBy: 'minimal' | 'runs' | 'time';
  };

interface Budget {
  runs: number;
  deadline: number;
  maxRuns: number;
}

function spent(b: Budget): boolean {
  return b.runs >= b.maxRuns || performance.now() >= b.deadline;
}

/**
 * The first failing candidate of `candidates` in stream order; 'exhausted' when none fails,
 * 'budget' when the budget ran out first. Candidates still in flight when the answer is known
 * are left to settle into `stragglers`.
 */
async function firstFailing<T, R>(
  candidates: Iterator<fc.Value<T>>, evaluate: (value: T) => Promise<Evaluation<R>>,
  window: number, budget: Budget, stragglers: Promise<unknown>[],
): Promise<{ position: number; value: fc.Value<T>; evaluation: Evaluation<R> } | 'exhausted' | 'budget'> {
  for (let position = 0; ;) {
    const batch: { value: fc.Value<T>; evaluation: Promise<Evaluation<R>> }[] = [];
    let exhausted = false;
    while (batch.length < window && !spent(budget)) {
      const next = candidates.next();
      if ((exhausted = next.done === true)) break;
      budget.runs++;
      batch.push({ value: next.value, evaluation: evaluate(next.value.value) });
    }
    if (batch.length === 0) return exhausted ? 'exhausted' : 'budget';
    for (let j = 0; j < batch.length; j++) {
      const evaluation = await batch[j]!.evaluation;
      if (evaluation.violation !== undefined) {
        stragglers.push(...batch.slice(j + 1).map((b) => b.evaluation));
        return { position: position + j, value: batch[j]!.value, evaluation };
      }
    }
    position += batch.length;
  }
}

/**
 * Shrinks value `index` of the run with `seed`. `evaluate` must not throw for what the target
 * does (a throw is a harness fault and ends the shrink).
 */
export async function shrinkRun<T, R>(
  arbitrary: fc.Arbitrary<T>, seed: number, index: number,
  evaluate: (value: T) => Promise<Evaluation<R>>, bounds: ShrinkBounds,
): Promise<ShrinkOutcome<T, R>> {
  const budget: Budget = { runs: 1, deadline: performance.now() + bounds.timeMs, maxRuns: bounds.maxRuns };
  let current = shrinkableAt(arbitrary, seed, index);
  let evaluation = await evaluate(current.value);
  if (evaluation.violation === undefined) return { reproduced: false, value: current.value, evaluation };

  const path = [index];
  const stragglers: Promise<unknown>[] = [];
  let stoppedBy: 'minimal' | 'runs' | 'time' = 'minimal';
  try {
    for (;;) {
      const found = await firstFailing(arbitrary.shrink(current.value_, current.context)[Symbol.iterator](), evaluate, bounds.window, budget, stragglers);
      if (found === 'exhausted') break;
      if (found === 'budget') {
        stoppedBy = budget.runs >= budget.maxRuns ? 'runs' : 'time';
        break;
      }
      current = found.value;
      evaluation = found.evaluation;
      path.push(found.position);
    }
  } finally {
    await Promise.allSettled(stragglers);
  }
  return { reproduced: true, value: current.value, evaluation, path: path.join(':'), steps: path.length - 1, runs: budget.runs, stoppedBy };
}
