// --baseline FILE: gate on regressions, not on the target's whole history. The file lists the
// results a team has accepted for now (failures and could-not-test errors), keyed by requirement id,
// each with the reason it was accepted. A failure recorded there is known and does not fail the run;
// any other failure does. Known failures that now pass are reported as fixed, and entries that this
// run no longer produces (a requirement renamed or removed) as stale. --update-baseline rewrites the
// file from the run, keeping the reasons already written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { EXIT_CODE, failsRun } from '../suites/reporters/report.ts';
import type { BaselineSection, ConformanceReport } from '../suites/reporters/report.ts';
import type { Result, SuiteName, Verdict } from '../suites/results.ts';
import { UsageError } from './args.ts';
import { onlySelects } from '../suites/catalogue/select.ts';

/** One accepted result. Only fail and error are recorded: a pass needs no excuse, a skip never gates. */
export interface BaselineEntry {
  verdict: Extract<Verdict, 'fail' | 'error'>;
  suite: SuiteName;
  reason: string;
}

export interface BaselineFile {
  /** documents where the file came from; a run under another profile is warned about, not refused */
  profile: string;
  target?: string;
  entries: Record<string, BaselineEntry>;
}

export interface BaselineGate {
  exitCode: number;
  section: BaselineSection;
}

/** What --update-baseline writes for a result nobody has explained yet; a reviewer replaces it. */
export const UNEXPLAINED = 'unexplained (recorded by --update-baseline): ';

export function readBaseline(file: string): BaselineFile {
  if (!existsSync(file)) throw new UsageError(`--baseline ${file} does not exist (create it with --update-baseline)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--baseline ${file} is not JSON: ${(err as Error).message}`);
  }
  const b = raw as Partial<BaselineFile> & { verdicts?: Record<string, Verdict> };
  if (b && typeof b === 'object' && b.entries && typeof b.entries === 'object') {
    for (const [id, e] of Object.entries(b.entries)) {
      if (!e || (e.verdict !== 'fail' && e.verdict !== 'error') || typeof e.reason !== 'string')
        throw new UsageError(`--baseline ${file}: entry ${JSON.stringify(id)} needs "verdict": "fail"|"error" and a "reason"`);
    }
    return { profile: String(b.profile ?? ''), target: b.target, entries: b.entries };
  }
  // The first format: { profile, verdicts: { id: verdict } }, without reasons.
  if (b && typeof b === 'object' && b.verdicts && typeof b.verdicts === 'object') {
    const entries: Record<string, BaselineEntry> = {};
    for (const [id, v] of Object.entries(b.verdicts))
      if (v === 'fail' || v === 'error') entries[id] = { verdict: v, suite: suiteOf(id), reason: '' };
    return { profile: String(b.profile ?? ''), entries };
  }
  throw new UsageError(`--baseline ${file} is not a baseline file (expected {"profile", "entries": {id: {verdict, reason}}})`);
}

/** Requirement ids start with their suite ("headers.empty-token"); entries from the first format lack one. */
function suiteOf(id: string): SuiteName {
  return id.split('.')[0] as SuiteName;
}

function entryFor(r: Result, previous: BaselineEntry | undefined): BaselineEntry | undefined {
  if (r.verdict !== 'fail' && r.verdict !== 'error') return undefined;
  const reason = previous?.reason && !previous.reason.startsWith(UNEXPLAINED) ? previous.reason : UNEXPLAINED + r.message.slice(0, 200);
  return { verdict: r.verdict, suite: r.suite, reason };
}

/**
 * The file a run would record. Entries this run did not get to (its suite not run, or the run cut
 * short) are kept as they were: updating from `--suites headers` must not forget the fuzz suite's.
 */
export function updatedBaseline(report: ConformanceReport, previous: BaselineFile | undefined): BaselineFile {
  const ran = new Set(report.results.map((r) => r.id));
  const suitesRun = new Set(report.results.map((r) => r.suite));
  // whether the run set out to judge an id: always, unless --only left it out
  const asked = onlySelects(report.only);
  const entries: Record<string, BaselineEntry> = {};
  for (const [id, e] of Object.entries(previous?.entries ?? {}))
    if (!ran.has(id) && (report.partial || !suitesRun.has(e.suite) || !asked(id))) entries[id] = e;
  for (const r of report.results) {
    const e = entryFor(r, previous?.entries[r.id]);
    if (e) entries[r.id] = e;
  }
  return { profile: report.profile, target: report.target, entries: sortKeys(entries) };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** Judges the report against the baseline file (or rewrites the file with `update`). */
export function applyBaseline(report: ConformanceReport, file: string, update: boolean): BaselineGate {
  const previous = update && !existsSync(file) ? undefined : readBaseline(file);
  const entries = previous?.entries ?? {};
  const byId = new Map(report.results.map((r) => [r.id, r]));
  const asked = onlySelects(report.only);
  const gating = report.results.filter((r) => failsRun(r, report.strict));
  const isKnown = (r: Result) => entries[r.id]?.verdict === r.verdict;
  const noted = (id: string) => ({ id, reason: entries[id]?.reason ?? '' });

  const section: BaselineSection = {
    file,
    profile: previous?.profile ?? report.profile,
    newFailures: gating.filter((r) => !isKnown(r)).map((r) => r.id),
    known: report.results.filter((r) => isKnown(r)).map((r) => noted(r.id)),
    fixed: Object.keys(entries).filter((id) => byId.get(id)?.verdict === 'pass').map(noted),
    stale: report.partial ? [] : Object.keys(entries).filter((id) => !byId.has(id) && ranSuiteOf(report, entries[id]!) && asked(id)).map(noted),
    updated: update,
  };
  if (update) writeFileSync(file, JSON.stringify(updatedBaseline(report, previous), null, 2) + '\n');
  return { exitCode: update ? exitAfterUpdate(report) : gateExit(report, section), section };
}


/** An entry is stale when its suite ran to the end without producing it (and --only asked for it). */
function ranSuiteOf(report: ConformanceReport, e: BaselineEntry): boolean {
  return report.results.some((r) => r.suite === e.suite);
}

/** Writing the baseline accepts the failures; only a run that could not be judged still says so. */
function exitAfterUpdate(report: ConformanceReport): number {
  const failed = report.results.some((r) => r.verdict === 'fail');
  return report.partial || (report.summary.verdict === 'untestable' && !failed) ? EXIT_CODE.untestable : 0;
}

/**
 * New failures fail the run (exit 1). Otherwise the run is untestable (exit 3) when it was cut short
 * or a gating requirement could not be tested and that error is not itself recorded; else exit 0.
 */
function gateExit(report: ConformanceReport, section: BaselineSection): number {
  if (section.newFailures.length) return EXIT_CODE.nonconformant;
  if (report.partial) return EXIT_CODE.untestable;
  const known = new Set(section.known.map((k) => k.id));
  const judged = report.results.some((r) => r.verdict === 'pass' || r.verdict === 'fail');
  const unknownErrors = report.results.some((r) => r.verdict === 'error' && r.level !== 'INFO' && !known.has(r.id));
  return !judged || unknownErrors ? EXIT_CODE.untestable : 0;
}
