// Bringing a matrix target up and down: an interop target through its registry entry, a `start`
// command in its own process group on a free loopback port (bounded wait for the port; stopped with
// SIGTERM, then SIGKILL, to the whole group), or a URL that is already running. A target that cannot
// be brought up is a reason, never an exception: the matrix goes on with the next one.
import { DidNotStart, freePort, startChildServer } from '../interop/process.ts';
import type { TargetSource } from './matrix-config.ts';
import { firstLine } from '../suites/text.ts';

/** How long a `start` command gets until its port accepts connections. */
export const START_TIMEOUT_MS = 30_000;

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
      return { up: false, status: 'did-not-start', reason: firstLine(err) };
    }
  }
  return startCommand(source.command, source.url, source.cwd, stopping);
}

async function startCommand(template: string, urlTemplate: string, cwd: string, stopping: () => boolean): Promise<Brought> {
  const port = await freePort();
  try {
    const server = await startChildServer({
      name: 'the start command', command: '/bin/sh', args: ['-c', template.replaceAll('{port}', String(port))], port, cwd,
      env: { ...process.env, PORT: String(port) }, processGroup: true, startTimeoutMs: START_TIMEOUT_MS, abandoned: stopping,
    });
    return { up: true, url: urlTemplate.replaceAll('{port}', String(port)).replace(/\/+$/, ''), stop: () => server.close() };
  } catch (err) {
    if (!(err instanceof DidNotStart)) return { up: false, status: 'did-not-start', reason: firstLine(err) };
    const why = err.kind === 'exited' ? `the start command exited${err.output.trim() ? `: ${lastLine(err.output)}` : ''}`
      : err.kind === 'abandoned' ? 'interrupted while starting' : err.detail;
    return { up: false, status: 'did-not-start', reason: why };
  }
}

function lastLine(s: string): string {
  const lines = s.trim().split('\n');
  return lines[lines.length - 1]!.trim();
}
