// Starts the real FastAPI tutorial app (Debian's python3-fastapi under /usr/bin/python3 -m uvicorn)
// on a free loopback port, for the project's own interop tests and benchmarks.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOOPBACK, freePort, startChildServer } from '../process.ts';

export { freePort } from '../process.ts';

export const DEBIAN_PYTHON = '/usr/bin/python3';
const APP_DIR = path.dirname(fileURLToPath(import.meta.url));

export interface RunningFastApi {
  url: string;
  version: string;
  /** settles with uvicorn's exit code when it ends, for whatever reason */
  exited: Promise<number | null>;
  close(): Promise<void>;
}

/** Why FastAPI cannot run here, or undefined when it can. */
export async function fastApiUnavailable(): Promise<string | undefined> {
  if (!existsSync(DEBIAN_PYTHON)) return `${DEBIAN_PYTHON} not found (install Debian's python3-fastapi python3-uvicorn: scripts/setup.sh)`;
  const probe = spawn(DEBIAN_PYTHON, ['-c', 'import fastapi, uvicorn; print(fastapi.__version__)']);
  const code = await new Promise<number | null>((resolve) => probe.on('close', resolve));
  return code === 0 ? undefined : 'python3-fastapi / python3-uvicorn are not installed (run scripts/setup.sh)';
}

export async function startFastApi(opts: { rootPath?: string; port?: number } = {}): Promise<RunningFastApi> {
  const port = opts.port || await freePort();
  const args = ['-m', 'uvicorn', 'main:app', '--host', LOOPBACK, '--port', String(port), '--log-level', 'warning'];
  if (opts.rootPath) args.push('--root-path', opts.rootPath);
  const server = await startChildServer({ name: 'uvicorn', command: DEBIAN_PYTHON, args, port, cwd: APP_DIR });
  const version = await pythonVersion();
  return { url: `${server.url}${opts.rootPath ?? ''}`, version, exited: server.exited, close: server.close };
}

async function pythonVersion(): Promise<string> {
  const p = spawn(DEBIAN_PYTHON, ['-c', 'import fastapi; print(fastapi.__version__)']);
  let out = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => p.on('close', resolve));
  return out.trim();
}
