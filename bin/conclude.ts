// The end of every run and of every merge: judge against the baseline, write the report files with
// that judgement in them, print the terminal summary, append the Markdown summary for CI, and say
// which exit code the verdict means.
import { appendFileSync } from 'node:fs';
import { EXIT_CODE } from '../suites/reporters/report.ts';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import { renderMarkdown } from '../suites/reporters/markdown.ts';
import { writeReport } from '../suites/reporters/write.ts';
import { applyBaseline } from './baseline.ts';
import { htmlReportPath, printSummary } from './summary.ts';

export interface Conclusion {
  report: ConformanceReport;
  exitCode: number;
}

export function concludeRun(
  report: ConformanceReport,
  reportDir: string,
  opts: { baseline?: string; updateBaseline?: boolean; seed?: number; verbose?: boolean; env?: NodeJS.ProcessEnv },
): Conclusion {
  let exitCode = EXIT_CODE[report.summary.verdict];
  if (opts.baseline) {
    const gate = applyBaseline(report, opts.baseline, opts.updateBaseline ?? false);
    report = { ...report, baseline: gate.section };
    exitCode = gate.exitCode;
  }
  writeReport(reportDir, report);
  printSummary(report, reportDir, opts.seed, opts.verbose ?? false);
  appendStepSummary(report, reportDir, opts.env ?? process.env);
  return { report, exitCode };
}

/** GitHub Actions (and compatible runners) show what a step appends to $GITHUB_STEP_SUMMARY. */
function appendStepSummary(report: ConformanceReport, reportDir: string, env: NodeJS.ProcessEnv): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendFileSync(file, renderMarkdown(report, { html: htmlReportPath(reportDir) }) + '\n');
  } catch (err) {
    process.stderr.write(`bearer-conformance: could not append to GITHUB_STEP_SUMMARY (${file}): ${(err as Error).message}\n`);
  }
}
