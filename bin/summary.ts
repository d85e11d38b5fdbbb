// The terminal's closing table: requirement, level, verdict; then the run's verdict and where the report is.
import path from 'node:path';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import { REPORT_FILES } from '../suites/reporters/write.ts';
import type { BaselineGate } from './baseline.ts';

export function printSummary(report: ConformanceReport, reportDir: string, gate: BaselineGate | undefined, seed: number): void {
  const out: string[] = [''];
  const width = Math.min(60, Math.max(12, ...report.results.map((r) => r.id.length)));
  out.push(`${'requirement'.padEnd(width)}  level   verdict`);
  out.push(`${'-'.repeat(width)}  ------  -------`);
  for (const r of report.results) out.push(`${r.id.slice(0, width).padEnd(width)}  ${r.level.padEnd(6)}  ${r.verdict}`);
  const s = report.summary;
  out.push('');
  out.push(`verdict: ${s.verdict}${report.partial ? ' (partial run)' : ''} — pass ${s.pass}, fail ${s.fail}, skip ${s.skip}, error ${s.error}${report.strict ? ' (strict)' : ''}`);
  const gating = report.results.filter((r) => r.verdict === 'fail' && (r.level === 'MUST' || (report.strict && r.level === 'SHOULD')));
  if (gating.length) out.push(`failing: ${gating.map((r) => r.id).join(', ')}`);
  if (gate?.updated) out.push('baseline updated');
  else if (gate) out.push(`baseline: ${gate.newFailures.length} new failure(s)${gate.newFailures.length ? ': ' + gate.newFailures.join(', ') : ''}; ${gate.knownFailures.length} known; ${gate.fixed.length} fixed`);
  out.push(`seed: ${seed} (replay with --seed ${seed})`);
  out.push(`report: ${path.relative(process.cwd(), path.join(reportDir, REPORT_FILES.html)) || REPORT_FILES.html}`);
  process.stdout.write(out.join('\n') + '\n');
}
