// A child process run to its end with its stdout and stderr collected, killed (SIGKILL) after
// `timeoutMs` so that a hung child fails its test instead of holding the tier.
import { spawn } from 'node:child_process';

export interface Collected {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

type Kill = (s: NodeJS.Signals) => void;

export interface CollectOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** called once, as soon as the child is started */
  onStart?: (kill: Kill) => void;
  /** called with all stdout so far, at each chunk */
  onStdout?: (stdout: string, kill: Kill, pid: number) => void;
}

export function collect(command: string, args: string[], opts: CollectOptions): Promise<Collected> {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const kill: Kill = (s) => child.kill(s);
  opts.onStart?.(kill);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    opts.onStdout?.(stdout, kill, child.pid!);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
