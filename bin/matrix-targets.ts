// Bringing a matrix target up and down: an interop target through its registry entry, a `start`
// command in its own process group on a free loopback port (bounded wait for the port; stopped with
// SIGTERM, then SIGKILL, to the whole group), or a URL that is already running. A target that cannot
// be brought up is a reason, never an exception: the matrix goes on with the next one.
import { spawn } from 'node:child_process';
import { freePort, waitForPort } from '../interop/process.ts';
import type { TargetSource } from './matrix-config.ts';

/** How long a `start` command gets until its port accepts connections. */
export const START_TIMEOUT_MS = 30_000;
/** How long SIGTERM gets before SIGKILL. */
const GRACE_MS = 3000;
const OUTPUT_TAIL = 1000;

export type Brought =
  | { up: true; url: string; stop(): Promise<void> }
  | { up: false; status: 'unavailable' | 'did-not-start'; reason: string };

/** `stopping()` is polled while waiting, so an interrupted matrix does not wait out a slow start. */
export async function bringUp(source: TargetSource, stopping: () => boolean): Promise<Brought> {
  if (source.kind === 'url') return { up: true, url: source.url, stop: async () => {} };
  if (source.kind === 'interop') {
    const why = await source.interop.unavailable();
    if (why) return { up: false, status: 'unavailable', reason: why };
    try {
      const running = await source.interop.start();
      return { up: true, url: running.url, stop: () => running.close() };
    } catch (err) {
      return { up: false, status: 'did-not-start', reason: firstLine((err as Error).message) };
    }
  }
  return startCommand(source.command, source.url, source.cwd, stopping);
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

async function startCommand(template: string, urlTemplate: string, cwd: string, stopping: () => boolean): Promise<Brought> {
  const port = await freePort();
  const command = template.replaceAll('{port}', String(port));
  // Its own process group: the shell and whatever it starts are stopped together.
  const child = spawn('/bin/sh', ['-c', command], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: String(port) } });
  let output = '';
  const keep = (d: Buffer) => { output = (output + d.toString()).slice(-OUTPUT_TAIL); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.on('error', () => resolve());
  });
  let ended = false;
  void exited.then(() => { ended = true; });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is already gone
    }
  };
  const killOnExit = () => signalGroup('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    signalGroup('SIGTERM');
    const timer = new Promise((r) => setTimeout(r, GRACE_MS).unref());
    await Promise.race([exited, timer]);
    // Children of the shell may outlive it: whatever is left of the group is killed.
    signalGroup('SIGKILL');
  };
  try {
    await waitForPort(port, START_TIMEOUT_MS, () => ended || stopping());
  } catch (err) {
    await stop();
    const why = ended ? `the start command exited${output.trim() ? `: ${lastLine(output)}` : ''}` : stopping() ? 'interrupted while starting' : (err as Error).message;
    return { up: false, status: 'did-not-start', reason: why };
  }
  return { up: true, url: urlTemplate.replaceAll('{port}', String(port)).replace(/\/+$/, ''), stop };
}

function lastLine(s: string): string {
  const lines = s.trim().split('\n');
  return lines[lines.length - 1]!.trim();
}
