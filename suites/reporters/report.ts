// The report contract (DESIGN.md §6): build the result tree first, then serialise it. Reporters
// read results and never reach back into the suites.
import type { Sampling } from '../sweep/sample.ts';
import type { Result, SuiteName } from '../results.ts';

export type RunVerdict = 'conformant' | 'nonconformant' | 'untestable';

export interface ConformanceReport {
  /** the schema this report follows (suites/reporters/schemas.ts); set when written, absent in reports of older versions */
  $schema?: string;
  tool: { name: 'bearer-conformance'; version: string };
  target: string;
  profile: string;
  strict: boolean;
  partial: boolean;
  startedAt: string;
  durationMs: number;
  /**
   * `fail` counts every failed result (DESIGN.md §6); extension: `infoMisses`, how many of them are
   * INFO observations that did not match (they never gate). Summaries show them apart: see `counts`.
   */
  summary: { pass: number; fail: number; skip: number; error: number; infoMisses?: number; verdict: RunVerdict };
  results: Result[];
  /** extension: where the companion reports are, and why the run is partial */
  files?: Record<string, string>;
  interruption?: string;
  /** extension: how the run compares with a --baseline file */
  baseline?: BaselineSection;
  /** extension: this report is one part of a sharded run (`--shard i/n`) */
  shard?: ShardSection;
  /** extension: this report joins the reports of shards (`bearer-conformance merge`) */
  merged?: MergedSection;
  /** extension: `--only` ran just these requirements (ids or globs); the others are absent from `results`, not skipped */
  only?: string[];
  /** extension: a whole-API run's groups of operations, which ran deep and why (suites/sweep/sample.ts) */
  sampling?: Sampling;
}

/** What `merge` needs to tell whether shards belong to one run. */
export interface ShardSection {
  current: number;
  total: number;
  suites: SuiteName[];
  seed: number;
  /** the target was the embedded reference server, whose URL differs from shard to shard */
  embedded: boolean;
}

export interface MergedSection {
  total: number;
  /** the shards given, in shard order; `dir` as given on the command line */
  shards: { current: number; dir: string; seed: number; startedAt: string; durationMs: number; results: number; partial: boolean }[];
  /** shard numbers not given: their checks are missing from the results */
  missing: number[];
}

/** A baseline entry as the report quotes it: the requirement and the reason it was accepted. */
export interface BaselineNote {
  id: string;
  reason: string;
}

export interface BaselineSection {
  file: string;
  /** the profile the baseline was recorded under */
  profile: string;
  /** failures the baseline does not record: these fail the run */
  newFailures: string[];
  /** failures and errors the baseline records: they do not fail the run */
  known: BaselineNote[];
  /** recorded failures that now pass: remove them (or run --update-baseline) */
  fixed: BaselineNote[];
  /** recorded entries this run no longer produces although their suite ran */
  stale: BaselineNote[];
  /** the file was rewritten from this run (--update-baseline) */
  updated: boolean;
}

/** Does this failure fail the run? MUST always; SHOULD only with --strict; INFO never. */
export function failsRun(r: Result, strict: boolean): boolean {
  return r.verdict === 'fail' && (r.level === 'MUST' || (strict && r.level === 'SHOULD'));
}

/**
 * A failing requirement makes the run nonconformant. Otherwise the run is untestable when it was
 * cut short, when nothing was judged, or when a MUST/SHOULD requirement could not be tested: a
 * verdict of "conformant" must mean every requirement that gates was actually checked.
 */
export function runVerdict(results: Result[], strict: boolean, partial: boolean): RunVerdict {
  if (results.some((r) => failsRun(r, strict))) return 'nonconformant';
  if (partial) return 'untestable';
  if (!results.some((r) => r.verdict === 'pass' || r.verdict === 'fail')) return 'untestable';
  if (results.some((r) => r.verdict === 'error' && r.level !== 'INFO')) return 'untestable';
  return 'conformant';
}

export function summarise(results: Result[], strict: boolean, partial: boolean): ConformanceReport['summary'] {
  const count = (v: Result['verdict']) => results.filter((r) => r.verdict === v).length;
  return { pass: count('pass'), fail: count('fail'), skip: count('skip'), error: count('error'), infoMisses: results.filter(isInfoMiss).length, verdict: runVerdict(results, strict, partial) };
}

/** An INFO observation that did not match: recorded as `fail`, never gates; the matrix calls it `info`. */
export function isInfoMiss(r: Result): boolean {
  return r.verdict === 'fail' && r.level === 'INFO';
}

/** The counts every summary shows (index.html, terminal, Markdown, matrix): `fail` is MUST/SHOULD failures, `info` INFO misses. */
export interface ShownCounts {
  pass: number;
  fail: number;
  info: number;
  skip: number;
  error: number;
}

/** A result's verdict as every summary and the matrix show it: a failed INFO requirement is `info`. */
export function shownVerdict(r: Result): keyof ShownCounts {
  return isInfoMiss(r) ? 'info' : r.verdict;
}

export function counts(results: Result[]): ShownCounts {
  const c: ShownCounts = { pass: 0, fail: 0, info: 0, skip: 0, error: 0 };
  for (const r of results) c[shownVerdict(r)]++;
  return c;
}

/** "pass 3, fail 1, info 2, skip 0, error 0" */
export function formatCounts(c: ShownCounts): string {
  return (Object.keys(c) as (keyof ShownCounts)[]).map((k) => `${k} ${c[k]}`).join(', ');
}

/** "shard 1 of 2" or "merged from 2 of 3 shards (missing: 3)", for a report's heading; undefined for a whole run. */
export function shardNote(report: ConformanceReport): string | undefined {
  if (report.shard) return `shard ${report.shard.current} of ${report.shard.total}`;
  const m = report.merged;
  if (m) return `merged from ${m.shards.length} of ${m.total} shards${m.missing.length ? ` (missing: ${m.missing.join(', ')})` : ''}`;
  return undefined;
}

export const EXIT_CODE: Record<RunVerdict, number> = { conformant: 0, nonconformant: 1, untestable: 3 };
