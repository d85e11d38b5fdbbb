// Starts the real FastAPI tutorial app (Debian's python3-fastapi under /usr/bin/python3 -m uvicorn)
// on a free loopback port, for the project's own interop tests and benchmarks.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEBIAN_PYTHON = '/usr/bin/python3';
const APP_DIR = path.dirname(fileURLToPath(import.meta.url));

export interface RunningFastApi {
  url: string;
  version: string;
  close(): Promise<void>;
}

/** Why FastAPI cannot run here, or undefined when it can. */
export async function fastApiUnavailable(): Promise<string | undefined> {
  if (!existsSync(DEBIAN_PYTHON)) return `${DEBIAN_PYTHON} not found (install Debian's python3-fastapi python3-uvicorn: scripts/setup.sh)`;
  const probe = spawn(DEBIAN_PYTHON, ['-c', 'import fastapi, uvicorn; print(fastapi.__version__)']);
  const code = await new Promise<number | null>((resolve) => probe.on('close', resolve));
  return code === 0 ? undefined : 'python3-fastapi / python3-uvicorn are not installed (run scripts/setup.sh)';
}

export async function startFastApi(opts: { rootPath?: string } = {}): Promise<RunningFastApi> {
  const port = await freePort();
  const args = ['-m', 'uvicorn', 'main:app', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'];
  if (opts.rootPath) args.push('--root-path', opts.rootPath);
  const child = spawn(DEBIAN_PYTHON, args, { cwd: APP_DIR, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  try {
    await waitForPort(port, 15_000, () => child.exitCode !== null);
  } catch (err) {
    await close();
    throw new Error(`uvicorn did not start: ${(err as Error).message}\n${stderr.slice(-2000)}`);
  }
  const version = await pythonVersion();
  return { url: `http://127.0.0.1:${port}${opts.rootPath ?? ''}`, version, close };
}

async function pythonVersion(): Promise<string> {
  const p = spawn(DEBIAN_PYTHON, ['-c', 'import fastapi; print(fastapi.__version__)']);
  let out = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => p.on('close', resolve));
  return out.trim();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gaveUp()) throw new Error('process exited');
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} not open after ${timeoutMs} ms`);
}
