// One judged requirement, as it appears in conformance.json (DESIGN.md §6).
import type { Level, Source } from './model/types.ts';

export type Verdict = 'pass' | 'fail' | 'skip' | 'error';
export type SuiteName = 'headers' | 'fuzz' | 'openapi' | 'docs';
export const SUITES: readonly SuiteName[] = ['headers', 'fuzz', 'openapi', 'docs'];

/** What a requirement is, before it is judged. Titles are unique: they are identities in JUnit and baselines. */
export interface RequirementMeta {
  id: string;
  suite: SuiteName;
  level: Level;
  /** says what is sent and what is expected */
  title: string;
  source: Source;
}

export type Evidence = Record<string, unknown>;

export interface Result {
  id: string;
  suite: SuiteName;
  level: Level;
  title: string;
  source: string;
  verdict: Verdict;
  message: string;
  evidence: Evidence;
}

export function formatSource(source: Source): string {
  return `${source.ref}: "${source.quote}"`;
}
