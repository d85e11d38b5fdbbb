// One judged requirement, as it appears in conformance.json (DESIGN.md §6).
import type { Level, Source } from './model/types.ts';

export type Verdict = 'pass' | 'fail' | 'skip' | 'error';

/**
 * How a check's verdict travels from the harness (the worker) to the reporter (the runner): test
 * annotations of these types, and the evidence as an attachment of this name. Here, below both, so
 * the reporter imports nothing from the harness.
 */
export const ANNOTATION = {
  id: 'requirement',
  level: 'level',
  /** the level of a failure's clause when the check found it weaker than the requirement's (headers suite) */
  findingLevel: 'finding-level',
  source: 'source',
  suite: 'suite',
  verdict: 'verdict',
  message: 'verdict-message',
} as const;
export const EVIDENCE_ATTACHMENT = 'evidence.json';
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
