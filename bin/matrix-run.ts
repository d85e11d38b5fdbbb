// One matrix column: bring the target up, run the real CLI against it as a child process (report in
// DIR/targets/<slug>/, token in the environment, never on argv), bring the target down, and read what
// the CLI wrote. The CLI's terminal output goes to DIR/targets/<slug>/cli.log.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import { readReport } from '../suites/reporters/write.ts';
import { LAUNCHER } from '../suites/layout.ts';
import type { Redactor } from '../suites/redact.ts';
import type { PlannedTarget } from './matrix-config.ts';
import { bringUp } from './matrix-targets.ts';

const TOKEN_ENV = 'BEARER_CONFORMANCE_TOKEN';
const USERNAME_ENV = 'BEARER_CONFORMANCE_USERNAME';
const PASSWORD_ENV = 'BEARER_CONFORMANCE_PASSWORD';
export const CLI_LOG = 'cli.log';

/**
 * judged: the CLI reached a verdict (exit 0 or 1); untestable: it ran but could not judge (exit 2,
 * 3, or it died); unavailable / did-not-start: it never ran; interrupted: stopped by Ctrl-C, with
 * the checks that finished; not-run: the matrix was interrupted before this target's turn.
 */
export type ColumnStatus = 'judged' | 'untestable' | 'unavailable' | 'did-not-start' | 'interrupted' | 'not-run';

export interface TargetOutcome {
  target: PlannedTarget;
  status: ColumnStatus;
  /** the URL the CLI tested (after {port} substitution) */
  url?: string;
  exitCode?: number | null;
  reason?: string;
  durationMs: number;
  report?: ConformanceReport;
}

/** The matrix's hold on the column that is running, so that a signal can stop it. */
export interface Interruption {
  signal?: NodeJS.Signals;
  child?: ChildProcess;
}

export async function runColumn(target: PlannedTarget, reportDir: string, redactor: Redactor, interruption: Interruption): Promise<TargetOutcome> {
  const started = Date.now();
  const done = (o: Omit<TargetOutcome, 'target' | 'durationMs'>): TargetOutcome => ({ target, durationMs: Date.now() - started, ...o });
  const dir = path.join(reportDir, 'targets', target.slug);
  rmSync(dir, { recursive: true, force: true });
  if (interruption.signal) return done({ status: 'not-run', reason: 'the matrix was interrupted first' });
  const brought = await bringUp(target.source, () => interruption.signal !== undefined);
  if (!brought.up) return done({ status: interruption.signal ? 'not-run' : brought.status, reason: redactor.text(brought.reason) });
  try {
    if (interruption.signal) return done({ status: 'not-run', url: brought.url, reason: 'the matrix was interrupted first' });
    mkdirSync(dir, { recursive: true });
    const { code, output } = await runCli(target, brought.url, dir, interruption);
    writeFileSync(path.join(dir, CLI_LOG), redactor.text(output));
    const report = readReport(dir);
    const status = interruption.signal ? 'interrupted' : code === 0 || code === 1 ? 'judged' : 'untestable';
    const reason = status === 'judged' ? undefined : report?.interruption ?? lastLine(output) ?? untested(report) ?? `the CLI ended with ${code}`;
    return done({ status, url: brought.url, exitCode: code, ...(reason ? { reason: redactor.text(reason) } : {}), ...(report ? { report } : {}) });
  } finally {
    await brought.stop();
  }
}

function runCli(target: PlannedTarget, url: string, dir: string, interruption: Interruption): Promise<{ code: number | null; output: string }> {
  const argv = [LAUNCHER, '--target', url, '--profile', target.profile, '--suites', target.suites.join(','), ...target.args, '--report', dir];
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  if (target.token) env[TOKEN_ENV] = target.token;
  else delete env[TOKEN_ENV];
  if (target.credentials) Object.assign(env, { [USERNAME_ENV]: target.credentials.username, [PASSWORD_ENV]: target.credentials.password });
  else for (const name of [USERNAME_ENV, PASSWORD_ENV]) delete env[name];
  // Its own process group: a terminal's Ctrl-C reaches the matrix only, which passes it on once.
  const child = spawn(process.execPath, argv, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  interruption.child = child;
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      process.removeListener('exit', killOnExit);
      interruption.child = undefined;
      resolve({ code, output });
    });
  });
}

function lastLine(output: string): string | undefined {
  const lines = output.trim().split('\n').filter((l) => /^bearer-conformance: /.test(l));
  return lines.length ? lines[lines.length - 1]!.replace(/^bearer-conformance: /, '') : undefined;
}

/** Why a complete run is untestable: the gating requirements it could not test. */
function untested(report: ConformanceReport | undefined): string | undefined {
  const errors = report?.results.filter((r) => r.verdict === 'error' && r.level !== 'INFO') ?? [];
  if (!errors.length) return undefined;
  const first = errors[0]!;
  return `${errors.length} requirement(s) could not be tested, e.g. ${first.id}: ${first.message.split('\n')[0]!.slice(0, 200)}`;
}
