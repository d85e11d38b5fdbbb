// --baseline FILE: gate on changes. The file records each requirement's verdict; a failure already
// recorded there is known and does not fail the run, a new one does. --update-baseline rewrites it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { EXIT_CODE, failsRun } from '../suites/reporters/report.ts';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import type { Verdict } from '../suites/results.ts';
import { UsageError } from './args.ts';

export interface BaselineGate {
  exitCode: number;
  newFailures: string[];
  knownFailures: string[];
  fixed: string[];
  updated: boolean;
}

type Baseline = { profile: string; verdicts: Record<string, Verdict> };

export function applyBaseline(report: ConformanceReport, file: string, update: boolean): BaselineGate {
  const current: Record<string, Verdict> = Object.fromEntries(report.results.map((r) => [r.id, r.verdict]));
  if (update) {
    writeFileSync(file, JSON.stringify({ profile: report.profile, verdicts: current } satisfies Baseline, null, 2) + '\n');
    return { exitCode: report.partial ? EXIT_CODE.untestable : 0, newFailures: [], knownFailures: [], fixed: [], updated: true };
  }
  if (!existsSync(file)) throw new UsageError(`--baseline ${file} does not exist (create it with --update-baseline)`);
  let baseline: Baseline;
  try {
    baseline = JSON.parse(readFileSync(file, 'utf8')) as Baseline;
  } catch (err) {
    throw new UsageError(`--baseline ${file} is not a baseline file: ${(err as Error).message}`);
  }
  const gating = report.results.filter((r) => failsRun(r, report.strict)).map((r) => r.id);
  const newFailures = gating.filter((id) => baseline.verdicts[id] !== 'fail');
  const knownFailures = gating.filter((id) => baseline.verdicts[id] === 'fail');
  const fixed = Object.entries(baseline.verdicts).filter(([id, v]) => v === 'fail' && current[id] === 'pass').map(([id]) => id);
  const verdict = report.summary.verdict;
  const exitCode = newFailures.length ? EXIT_CODE.nonconformant : verdict === 'untestable' ? EXIT_CODE.untestable : 0;
  return { exitCode, newFailures, knownFailures, fixed, updated: false };
}
