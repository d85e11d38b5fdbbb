// The reference server in its own process, so that it does not share an event loop with the load
// it is measured under (and a crash in it cannot take down the harness), and quiet: a line on
// stderr for each refused request would be measured too. The interop targets' reference server, and
// the benchmarks' (bench/ imports it from here: interop ships in dist/, bench does not).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, loaderFlags, startChildServer } from './process.ts';
import type { ChildServer } from './process.ts';
import type { Mode } from '../reference-server/server.ts';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '..');

export async function startReferenceProcess(mode: Mode, opts: { port?: number } = {}): Promise<ChildServer> {
  const port = opts.port || await freePort();
  // server.ts beside the sources, server.js in dist/: the same extension as this module's.
  const serverFile = path.join(ROOT, 'reference-server', `server${path.extname(HERE)}`);
  const server = pathToFileURL(serverFile).href;
  const script = `import { startReferenceServer } from ${JSON.stringify(server)};
    await startReferenceServer({ port: ${port}, mode: ${JSON.stringify(mode)}, quiet: true });`;
  return startChildServer({
    name: `reference server (${mode})`, command: process.execPath, args: [...loaderFlags(serverFile), '--input-type=module', '-e', script], port, cwd: ROOT, inheritStderr: true,
  });
}
