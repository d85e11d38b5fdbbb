// The terminal's closing table: requirement, level, verdict; then the run's verdict, the baseline's
// judgement and where the report is.
import path from 'node:path';
import type { BaselineNote, ConformanceReport } from '../suites/reporters/report.ts';
import { counts, failsRun, formatCounts } from '../suites/reporters/report.ts';
import { REPORT_FILES } from '../suites/reporters/write.ts';

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

export function printSummary(report: ConformanceReport, reportDir: string, seed: number | undefined): void {
  const out: string[] = [''];
  const width = Math.min(60, Math.max(12, ...report.results.map((r) => r.id.length)));
  out.push(`${'requirement'.padEnd(width)}  level   verdict`);
  out.push(`${'-'.repeat(width)}  ------  -------`);
  for (const r of report.results) out.push(`${r.id.slice(0, width).padEnd(width)}  ${r.level.padEnd(6)}  ${r.verdict}`);
  const s = report.summary;
  out.push('');
  out.push(`verdict: ${s.verdict}${report.partial ? ' (partial run)' : ''} — ${formatCounts(counts(report.results))}${report.strict ? ' (strict)' : ''}`);
  const gating = report.results.filter((r) => failsRun(r, report.strict));
  if (gating.length) out.push(`failing: ${gating.map((r) => r.id).join(', ')}`);
  out.push(...baselineLines(report));
  if (seed !== undefined) out.push(`seed: ${seed} (replay with --seed ${seed})`);
  out.push(`report: ${htmlReportPath(reportDir)}`);
  process.stdout.write(out.join('\n') + '\n');
}
