// `npm run build` (and `prepare`, so a clone's `npm install`, `npm pack` and a git-URL install all
// build): compiles the TypeScript to dist/ with declarations and source maps (tsconfig.build.json),
// then copies the files the compiled code reads beside itself (FastAPI's tutorial apps for the
// matrix's interop targets). dist/ is rebuilt from scratch so no module deleted from the sources
// survives in it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
/** Folders whose non-TypeScript files the compiled code opens by path. */
const ASSET_DIRS = [{ dir: 'interop/fastapi', ext: '.py' }];

rmSync(DIST, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error('build: tsc failed');
  process.exit(result.status ?? 1);
}
for (const { dir, ext } of ASSET_DIRS) {
  for (const name of readdirSync(path.join(ROOT, dir)).filter((n) => n.endsWith(ext))) {
    copyFileSync(path.join(ROOT, dir, name), path.join(DIST, dir, name));
  }
}
console.log(`build: ${path.relative(process.cwd(), DIST) || '.'} ready`);
