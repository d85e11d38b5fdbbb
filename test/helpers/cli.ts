// Runs the real CLI (bin/bearer-conformance.js) as a user would, with a temporary report directory.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceReport } from '../../suites/reporters/report.ts';
import { allText } from './playwright-report.ts';
import { readConformanceJson } from './report-schema.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'bearer-conformance.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
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

export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; onStdout?: OnStdout; onStart?: (kill: (s: NodeJS.Signals) => void) => void; reportDir?: string } = {}): Promise<CliRun> {
  const reportDir = opts.reportDir ?? tempReportDir();
  const child = spawn(process.execPath, [BIN, ...args, '--report', reportDir], {
    cwd: ROOT, env: { ...process.env, GITHUB_STEP_SUMMARY: '', ...opts.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  opts.onStart?.((s) => child.kill(s));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    opts.onStdout?.(stdout, (s) => child.kill(s), child.pid!);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 240_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code, signal, stdout, stderr, reportDir,
        report: () => readConformanceJson(reportDir),
        allReportText: () => allText(reportDir),
      });
    });
  });
}
