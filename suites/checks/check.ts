// The one check contract every suite registers its requirements with: whether the requirement applies
// to this target, apart from the assertion that judges it. A suite keeps its checks in a Registry
// keyed by its requirement ids (a union derived from its `as const` declarations), so a declared
// requirement without a check does not compile. suites/harness.ts turns a check into a Playwright
// test; runCheck runs one without Playwright, for the suites' runners and the project's own tests.
import { NotApplicable } from './failures.ts';
import type { Evidence } from '../results.ts';

/** The requirement applies, or why it does not: its verdict is then `skip` with that reason. */
export type Applicability = true | { skip: string };

export const APPLIES: Applicability = true;

export function skip(reason: string): Applicability {
  return { skip: reason };
}

/**
 * One requirement's check, over the context its suite gives (`C`: an endpoint's run, the OpenAPI
 * document, the docs page). `applies` decides from what is known before the assertion (the run's
 * token and credentials, the document); it may note in the evidence what it decided on. `run`
 * returns when the target meets the requirement and throws a typed failure (checks/failures.ts)
 * when it does not; a precondition only the target's answer can reveal (a 401 to judge) is a
 * NotApplicable from `run`, since nothing before the exchange could tell.
 */
export interface Check<C> {
  applies?(ctx: C, evidence: Evidence): Applicability | Promise<Applicability>;
  run(ctx: C, evidence: Evidence): void | Promise<void>;
}

/** A suite's checks by requirement id: every id of `Id` has exactly one, or the registry does not compile. */
export type Registry<Id extends string, C> = { readonly [K in Id]: Check<C> };

/** Each entry of a registry turned into a check: the result keeps the registry's ids, so it stays complete. */
export function mapRegistry<Id extends string, A, C>(entries: { readonly [K in Id]: A }, toCheck: (entry: A, id: Id) => Check<C>): Registry<Id, C> {
  // Object.entries widens the keys to string; every key of `entries` is an Id, and each gets its check.
  return Object.fromEntries((Object.entries(entries) as [Id, A][]).map(([id, entry]) => [id, toCheck(entry, id)])) as Registry<Id, C>;
}

/** A check's applicability, then its assertion: a requirement that does not apply is NotApplicable (`skip`). */
export async function runCheck<C>(check: Check<C>, ctx: C, evidence: Evidence): Promise<void> {
  const applicable = check.applies ? await check.applies(ctx, evidence) : APPLIES;
  if (applicable !== true) throw new NotApplicable(applicable.skip);
  await check.run(ctx, evidence);
}

/** Both applicability tests in order: the first that does not apply gives its reason. */
export function allOf<A extends unknown[]>(...tests: ((...args: A) => Applicability)[]): (...args: A) => Applicability {
  return (...args) => {
    for (const t of tests) {
      const a = t(...args);
      if (a !== true) return a;
    }
    return APPLIES;
  };
}
