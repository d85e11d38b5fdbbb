// Runs a server in its own child process on a loopback port, so that a crash or a hang in it cannot
// take down the harness: starting is bounded (the port must open in time), and close() always ends
// the child (SIGTERM, then SIGKILL). Used by the interop targets, FastAPI's launcher, the benchmarks
// and the matrix's `start` commands (a shell in its own process group).
import { spawn } from 'node:child_process';
import net from 'node:net';

export const LOOPBACK = '127.0.0.1';
const DEFAULT_START_TIMEOUT_MS = 15_000;
/** How long SIGTERM gets before SIGKILL. */
const GRACE_MS = 3000;
/** How much of the child's output is kept for the error message when it fails to start. */
const OUTPUT_TAIL = 2000;

/** Node's flags to run a module of this package: TypeScript sources through tsx, compiled JavaScript as is. */
export function loaderFlags(moduleFile: string): string[] {
  return moduleFile.endsWith('.ts') ? ['--import', 'tsx'] : [];
}

export interface ChildServerOptions {
  /** for error messages, e.g. 'uvicorn' */
  name: string;
  command: string;
  args: string[];
  /** the port the child was told to listen on, on 127.0.0.1 */
  port: number;
  cwd?: string;
  startTimeoutMs?: number;
  /** pass the child's stderr through instead of keeping its tail for the start error (default false) */
  inheritStderr?: boolean;
  env?: NodeJS.ProcessEnv;
  /**
   * Run the child in its own process group and signal the whole group: for a shell command, whose
   * own children would otherwise outlive it. Whatever is left of the group is SIGKILLed on close.
   */
  processGroup?: boolean;
  /** polled while waiting for the port: true stops the wait (e.g. the harness was interrupted) */
  abandoned?: () => boolean;
}

/** Why start() failed: the child exited, the wait was abandoned, or the port did not open in time. */
export class DidNotStart extends Error {
  constructor(name: string, readonly kind: 'exited' | 'abandoned' | 'timeout', readonly detail: string, readonly output: string) {
    super(`${name} did not start: ${detail}\n${output}`);
  }
}

export interface ChildServer {
  /** http://127.0.0.1:PORT */
  url: string;
  pid: number;
  /** settles with the exit code (null after a signal) when the child ends, for whatever reason */
  exited: Promise<number | null>;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, LOOPBACK, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on 127.0.0.1:port; rejects when gaveUp() says so or after timeoutMs. */
export async function waitForPort(port: number, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gaveUp()) throw new Error('process exited');
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, LOOPBACK, () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} not open after ${timeoutMs} ms`);
}

/** Throws when something already listens on 127.0.0.1:port: it would pass for the child. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', (err: NodeJS.ErrnoException) => reject(new Error(`port ${port} is not free on ${LOOPBACK}: ${err.code ?? err.message}`)));
    srv.listen(port, LOOPBACK, () => srv.close(() => resolve()));
  });
}

export async function startChildServer(opts: ChildServerOptions): Promise<ChildServer> {
  await assertPortFree(opts.port);
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd, env: opts.env, detached: opts.processGroup, stdio: ['ignore', 'pipe', opts.inheritStderr ? 'inherit' : 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => { output = (output + d.toString()).slice(-OUTPUT_TAIL); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    // e.g. ENOENT: there never was a process, and 'exit' may not follow.
    child.on('error', (err) => { spawnError ??= err; resolve(null); });
  });
  const alive = () => !spawnError && child.exitCode === null && child.signalCode === null;
  const signal = (sig: NodeJS.Signals) => {
    if (!opts.processGroup) {
      if (alive()) child.kill(sig);
      return;
    }
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // the group is already gone
    }
  };
  // Should the harness itself exit without closing, the child goes with it.
  const killOnExit = () => signal('SIGKILL');
  process.once('exit', killOnExit);
  const close = async () => {
    process.removeListener('exit', killOnExit);
    signal('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, GRACE_MS).unref())]);
    signal('SIGKILL');
    await exited;
  };
  const abandoned = () => opts.abandoned?.() ?? false;
  try {
    await waitForPort(opts.port, opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, () => !alive() || abandoned());
  } catch (err) {
    const kind = !alive() ? 'exited' : abandoned() ? 'abandoned' : 'timeout';
    await close();
    const detail = kind === 'exited' ? spawnError?.message ?? (err as Error).message : kind === 'abandoned' ? 'abandoned while starting' : (err as Error).message;
    throw new DidNotStart(opts.name, kind, detail, output);
  }
  return { url: `http://${LOOPBACK}:${opts.port}`, pid: child.pid!, exited, close };
}
