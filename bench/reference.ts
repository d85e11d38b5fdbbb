// The reference server's req/s on GET /items/ with a token, beside uvicorn + FastAPI 0.92 (Debian)
// serving the tutorial app, measured in the same run with autocannon. Goal: ratio >= 3.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startFastApi } from '../interop/fastapi/launch.ts';
import { medianRps } from './autocannon.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HEADERS = { Authorization: 'Bearer abc123' };

async function startReferenceProcess(): Promise<{ url: string; close(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'reference-server/main.ts', '--port', String(port), '--mode', 'fastapi@0.92'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('listening')) resolve(); });
    child.on('exit', (code) => reject(new Error(`reference server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, close: () => child.kill('SIGTERM') };
}

export async function benchReference(): Promise<{ reference: number; fastapi: number; ratio: number }> {
  const reference = await startReferenceProcess();
  const fastapi = await startFastApi();
  try {
    const ref = await medianRps(`${reference.url}/items/`, HEADERS);
    const fa = await medianRps(`${fastapi.url}/items/`, HEADERS);
    return { reference: ref.median, fastapi: fa.median, ratio: ref.median / fa.median };
  } finally {
    reference.close();
    await fastapi.close();
  }
}
