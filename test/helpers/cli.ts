// Runs the real CLI (bin/bearer-conformance.js) as a user would, with a temporary report directory.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConformanceReport } from '../../suites/reporters/report.ts';
import { allText } from './playwright-report.ts';
import { readConformanceJson } from './report-schema.ts';
import { BIN, ROOT } from './root.ts';
import { collect } from './spawn.ts';
import type { Collected } from './spawn.ts';

export interface CliRun extends Collected {
  reportDir: string;
  report(): ConformanceReport;
  /** every file under the report directory, as latin-1 text, with Playwright's embedded report unzipped */
  allReportText(): string;
}

export function tempReportDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'bc-cli-'));
}

/** Called with all stdout so far, a way to signal the CLI, and the CLI's process id. */
export type OnStdout = (stdout: string, kill: (s: NodeJS.Signals) => void, pid: number) => void;

export async function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; onStdout?: OnStdout; onStart?: (kill: (s: NodeJS.Signals) => void) => void; reportDir?: string } = {}): Promise<CliRun> {
  const reportDir = opts.reportDir ?? tempReportDir();
  const run = await collect(process.execPath, [BIN, ...args, '--report', reportDir], {
    cwd: ROOT, env: { ...process.env, GITHUB_STEP_SUMMARY: '', ...opts.env, CI: '1' }, timeoutMs: opts.timeoutMs ?? 240_000,
    onStart: opts.onStart, onStdout: opts.onStdout,
  });
  return { ...run, reportDir, report: () => readConformanceJson(reportDir), allReportText: () => allText(reportDir) };
}
