// The terminal's closing lines, failures first: each failing or could-not-test requirement with its
// level, id, endpoint and one-line reason; then the run's verdict and counts, the baseline's
// judgement and where the report is. The full per-check table only with --verbose. Messages come
// from the report, which is redacted where it is produced.
import path from 'node:path';
import { escapeControls } from '../suites/evidence.ts';
import type { BaselineNote, ConformanceReport } from '../suites/reporters/report.ts';
import { counts, failsRun, formatCounts, isInfoMiss } from '../suites/reporters/report.ts';
import { REPORT_FILES } from '../suites/reporters/write.ts';
import type { Result } from '../suites/results.ts';

/** Without --verbose, at most this many failures are listed; the rest are counted (index.html has them all). */
export const MAX_LISTED = 30;
/** A reason is cut to one line of about this many characters. */
const REASON_MAX = 160;

function ids(notes: BaselineNote[]): string {
  return notes.length ? ': ' + notes.map((n) => n.id).join(', ') : '';
}

/** The baseline's judgement in one to three lines. */
function baselineLines(report: ConformanceReport): string[] {
  const b = report.baseline;
  if (!b) return [];
  if (b.updated) return [`baseline ${b.file} updated: ${b.known.length + b.newFailures.length} accepted result(s) recorded`];
  const lines = [`baseline: ${b.newFailures.length} new failure(s)${b.newFailures.length ? ': ' + b.newFailures.join(', ') : ''}; ${b.known.length} known; ${b.fixed.length} fixed${ids(b.fixed)}; ${b.stale.length} stale${ids(b.stale)}`];
  if (b.fixed.length || b.stale.length) lines.push(`  (remove the fixed and stale entries from ${b.file}, or rewrite it with --update-baseline)`);
  if (b.profile && b.profile !== report.profile) lines.push(`  (the baseline was recorded under profile ${b.profile}, this run used ${report.profile})`);
  return lines;
}

/** index.html as the user can open it: relative to where they ran the command. */
export function htmlReportPath(reportDir: string): string {
  return path.relative(process.cwd(), path.join(reportDir, REPORT_FILES.html)) || REPORT_FILES.html;
}

const ID_ENDPOINT = /^(.*) \[([A-Z]+ \/\S*)\]$/;

/**
 * The operation a result is about: the suites suffix ids with `[METHOD /path]` when there are several;
 * otherwise the fuzz summary names it, or the request line of the exchange does.
 */
export function endpointOf(r: Result): string | undefined {
  const suffixed = ID_ENDPOINT.exec(r.id);
  if (suffixed) return suffixed[2];
  const ev = r.evidence as { fuzz?: { endpoint?: unknown }; exchange?: { request?: unknown } };
  if (typeof ev.fuzz?.endpoint === 'string') return ev.fuzz.endpoint;
  const line = typeof ev.exchange?.request === 'string' ? /^([A-Z]+) (\/[^\s?]*)/.exec(ev.exchange.request) : null;
  return line ? `${line[1]} ${line[2]}` : undefined;
}

function oneLine(message: string): string {
  const first = escapeControls(message.split('\n')[0] ?? '').trim();
  return first.length > REASON_MAX ? `${first.slice(0, REASON_MAX - 1)}…` : first;
}

/** "  MUST    headers.empty-token  GET /items/  — expected 401; got 200  (known)" */
function failureLine(r: Result, known: Set<string>, strict: boolean): string {
  const endpoint = endpointOf(r);
  const id = ID_ENDPOINT.exec(r.id)?.[1] ?? r.id;
  const note = known.has(r.id) ? '  (known: in the baseline)' : r.verdict === 'fail' && !failsRun(r, strict) ? '  (gates only with --strict)' : '';
  return `  ${r.level.padEnd(6)}  ${id}${endpoint ? `  ${endpoint}` : ''}${r.message ? `  — ${oneLine(r.message)}` : ''}${note}`;
}

/** A heading and its lines, at most `max` of them, or nothing when there are none. */
function section(heading: string, results: Result[], known: Set<string>, strict: boolean, max: number): string[] {
  if (!results.length) return [];
  const shown = results.slice(0, max).map((r) => failureLine(r, known, strict));
  if (results.length > max) shown.push(`  … and ${results.length - max} more (all in index.html, or with --verbose)`);
  return [`${heading} (${results.length}):`, ...shown];
}

function table(report: ConformanceReport): string[] {
  const width = Math.min(60, Math.max(12, ...report.results.map((r) => r.id.length)));
  return [
    `${'requirement'.padEnd(width)}  level   verdict`,
    `${'-'.repeat(width)}  ------  -------`,
    ...report.results.map((r) => `${r.id.slice(0, width).padEnd(width)}  ${r.level.padEnd(6)}  ${r.verdict}`),
    '',
  ];
}

/** The closing lines; `verbose` adds the full table before the failures. */
export function summaryLines(report: ConformanceReport, reportDir: string, seed: number | undefined, verbose: boolean): string[] {
  const known = new Set(report.baseline?.updated ? [] : report.baseline?.known.map((k) => k.id));
  const max = verbose ? Infinity : MAX_LISTED;
  const failures = report.results.filter((r) => r.verdict === 'fail' && !isInfoMiss(r));
  const errors = report.results.filter((r) => r.verdict === 'error');
  const infoMisses = report.results.filter(isInfoMiss).length;
  const out = [''];
  if (verbose) out.push(...table(report));
  out.push(...section('failures', failures, known, report.strict, max));
  out.push(...section('could not test', errors, known, report.strict, max));
  if (infoMisses) out.push(`${infoMisses} INFO observation(s) did not match: recorded, never gate (index.html${verbose ? '' : ', or --verbose'})`);
  if (failures.length || errors.length || infoMisses) out.push('');
  const s = report.summary;
  out.push(`verdict: ${s.verdict}${report.partial ? ' (partial run)' : ''} — ${formatCounts(counts(report.results))}${report.strict ? ' (strict)' : ''}`);
  const gating = report.results.filter((r) => failsRun(r, report.strict));
  if (gating.length) out.push(`failing: ${gating.length > MAX_LISTED && !verbose ? `${gating.slice(0, MAX_LISTED).map((r) => r.id).join(', ')} … and ${gating.length - MAX_LISTED} more` : gating.map((r) => r.id).join(', ')}`);
  out.push(...baselineLines(report));
  if (seed !== undefined) out.push(`seed: ${seed} (replay with --seed ${seed})`);
  out.push(`report: ${htmlReportPath(reportDir)}`);
  return out;
}

export function printSummary(report: ConformanceReport, reportDir: string, seed: number | undefined, verbose = false): void {
  process.stdout.write(summaryLines(report, reportDir, seed, verbose).join('\n') + '\n');
}
