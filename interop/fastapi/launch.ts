// Starts a real FastAPI tutorial app (Debian's python3-fastapi under /usr/bin/python3 -m uvicorn)
// on a free loopback port, for the project's own interop tests and benchmarks: `main` (Security -
// First Steps), `simple_oauth2` (Simple OAuth2 with Password and Bearer) or `jwt_oauth2` (OAuth2
// with Password, Bearer with JWT tokens); and faulty variants of the JWT app for the project's tests
// (`jwt_no_verify`, `jwt_alg_none`).
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

/** Why FastAPI (and the Debian packages `extra` names, e.g. python3-jwt) cannot run here, or undefined when it can. */
export async function fastApiUnavailable(extra: { module: string; debian: string }[] = []): Promise<string | undefined> {
  if (!existsSync(DEBIAN_PYTHON)) return `${DEBIAN_PYTHON} not found (install Debian's python3-fastapi python3-uvicorn: scripts/setup.sh)`;
  const modules = ['fastapi', 'uvicorn', ...extra.map((e) => e.module)];
  const probe = spawn(DEBIAN_PYTHON, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve) => probe.on('close', resolve));
  const packages = ['python3-fastapi', 'python3-uvicorn', ...extra.map((e) => e.debian)];
  return code === 0 ? undefined : `${packages.join(' / ')} are not all installed (run scripts/setup.sh)`;
}

/** The tutorial apps in this folder, by module name. */
export type FastApiApp = 'main' | 'simple_oauth2' | 'jwt_oauth2' | 'oauth2_scopes' | 'oauth2_scopes_ignored' | 'jwt_no_verify' | 'jwt_alg_none' | 'http_bearer';

export async function startFastApi(opts: { app?: FastApiApp; rootPath?: string; port?: number } = {}): Promise<RunningFastApi> {
  const port = opts.port || await freePort();
  const args = ['-m', 'uvicorn', `${opts.app ?? 'main'}:app`, '--host', LOOPBACK, '--port', String(port), '--log-level', 'warning'];
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
