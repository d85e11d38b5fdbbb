// Whole-API runs, the sampling: operations with the same effective security (schemes and scopes),
// the same method safety, the same echo oracle and the same token validation are one group; the
// header catalogue and the fuzzer run on a few representatives of each (`--deep N`), the sweep on all.
import type { Endpoint } from '../config.ts';
import type { SweptOperation } from './run.ts';

/** Representatives per group when --deep is not given: the first and the last of the group in document order. */
export const DEFAULT_DEEP = 2;
/** A representative is fuzzed with at least this many requests (or the whole budget when it is smaller). */
export const MIN_FUZZ_RUNS_EACH = 100;

export interface SampleGroup {
  /** what the members share, as the report states it */
  key: string;
  members: number;
  /** labels of the operations the deep suites run on */
  representatives: string[];
  /** why these, or why none */
  why: string;
}

export interface Sampling {
  /** --deep */
  deep: number;
  /** operations secured by a Bearer scheme that were swept */
  swept: number;
  groups: SampleGroup[];
  /** --fuzz-runs, the whole run's budget, and what each representative got */
  fuzzBudget: number;
  fuzzRunsEach: number;
}

/** The group an operation belongs to (Bearer-secured operations only). */
export function groupKey(op: SweptOperation): string {
  const parts = [
    `security ${op.security.join(' | ') || '(none)'}`,
    op.safe ? 'safe method' : 'unsafe method',
    op.echo ? 'echo oracle' : 'status oracle',
    ...(op.tokenValidation ? [`token validation ${op.tokenValidation}`] : []),
  ];
  return parts.join(' · ');
}

/** `deep` members spread evenly over the group (first, last, between), never a templated path. */
export function pickRepresentatives<T extends { templated: boolean }>(members: readonly T[], deep: number): T[] {
  const eligible = members.filter((m) => !m.templated);
  if (eligible.length <= deep) return [...eligible];
  if (deep === 1) return [eligible[0]!];
  const indices = new Set(Array.from({ length: deep }, (_, i) => Math.round((i * (eligible.length - 1)) / (deep - 1))));
  return [...indices].map((i) => eligible[i]!);
}

/**
 * --fuzz-runs is the budget of the whole run, divided evenly among the representatives; each gets at
 * least MIN_FUZZ_RUNS_EACH (or the whole budget when it is smaller). One representative gets it all:
 * a one-operation run means what it always meant.
 */
export function fuzzRunsEach(budget: number, representatives: number): number {
  if (representatives <= 1) return budget;
  return Math.max(Math.min(budget, MIN_FUZZ_RUNS_EACH), Math.floor(budget / representatives));
}

/** The groups of the Bearer-secured swept operations, in document order of their first member, and the representatives. */
export function sample(swept: readonly SweptOperation[], deep: number, fuzzBudget: number): { sampling: Sampling; representatives: Endpoint[] } {
  const bearer = swept.filter((o) => o.bearer);
  const groups = new Map<string, SweptOperation[]>();
  for (const op of bearer) {
    const key = groupKey(op);
    const members = groups.get(key);
    if (members) members.push(op);
    else groups.set(key, [op]);
  }
  const representatives: Endpoint[] = [];
  const out: SampleGroup[] = [];
  for (const [key, members] of groups) {
    const picked = pickRepresentatives(members, deep);
    representatives.push(...picked.map((p) => p.endpoint));
    const why = picked.length === 0 ? 'every member has a templated path, whose values cannot be invented safely: swept only'
      : picked.length === members.length ? 'every member is run deep (the group is not larger than --deep)'
      : `${picked.length} of ${members.length} spread over the group in document order (--deep ${deep}); the others are swept`;
    out.push({ key, members: members.length, representatives: picked.map((p) => p.label), why });
  }
  const sampling: Sampling = { deep, swept: bearer.length, groups: out, fuzzBudget, fuzzRunsEach: fuzzRunsEach(fuzzBudget, representatives.length) };
  return { sampling, representatives };
}

/** True when some swept operation is not run deep: only then do the sweep's own results appear. */
export function leavesOperationsOut(sampling: Sampling): boolean {
  return sampling.groups.some((g) => g.representatives.length < g.members);
}
