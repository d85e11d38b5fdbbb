// The reference server in its own process, so that it does not share an event loop with the load
// it is measured under, and quiet: a line on stderr for each refused request would be measured too.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort } from '../interop/fastapi/launch.ts';
import type { Mode } from '../reference-server/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function startReferenceProcess(mode: Mode): Promise<{ url: string; pid: number; close(): void }> {
  const port = await freePort();
  const server = pathToFileURL(path.join(ROOT, 'reference-server', 'server.ts')).href;
  const script = `import { startReferenceServer } from ${JSON.stringify(server)};
    const s = await startReferenceServer({ port: ${port}, mode: ${JSON.stringify(mode)}, quiet: true });
    process.stdout.write('listening on ' + s.url + '\\n');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('listening')) resolve(); });
    child.on('exit', (code) => reject(new Error(`reference server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, close: () => child.kill('SIGTERM') };
}
