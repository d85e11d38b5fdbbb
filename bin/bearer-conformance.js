#!/usr/bin/env node
// The package bin. Which code it runs:
//   - the TypeScript sources, through tsx, when bin/cli.ts is beside this file and tsx resolves
//     (a clone: what a developer edits is what runs, never a dist/ built before the edit);
//   - otherwise the JavaScript compiled to dist/ (an installed package ships dist/, not the sources).
// Neither present: one line on stderr and exit 3 (could not test).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sources = fileURLToPath(new URL('./cli.ts', import.meta.url));
const compiled = fileURLToPath(new URL('../dist/bin/cli.js', import.meta.url));

async function loadMain() {
  if (existsSync(sources)) {
    const tsx = await import('tsx/esm/api').catch(() => undefined);
    if (tsx) {
      tsx.register();
      return (await import('./cli.ts')).main;
    }
  }
  if (existsSync(compiled)) return (await import('../dist/bin/cli.js')).main;
  return undefined;
}

const main = await loadMain();
if (main) {
  process.exitCode = await main(process.argv.slice(2));
} else {
  process.stderr.write('bearer-conformance: neither the sources with tsx nor a build in dist/ found (run `npm install`, or `npm run build`)\n');
  process.exitCode = 3;
}
