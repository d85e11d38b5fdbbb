// Where this package's code is when it runs: its TypeScript sources (a clone, run through tsx) or
// the JavaScript that `npm run build` compiled to dist/ (an installed package). Files named at run
// time (Playwright's config, spec files and reporter, the launcher) are found from here, so that
// neither form names the other's files.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(import.meta.url);

/** '.ts' when running from the sources, '.js' when running from dist/. */
export const MODULE_EXT = path.extname(HERE);

/** The folder holding bin/, suites/, reference-server/ and playwright.config: the clone, or dist/. */
export const CODE_ROOT = path.resolve(path.dirname(HERE), '..');

/** The folder holding package.json: the clone, or the installed package (dist/'s parent). */
export const PACKAGE_ROOT = existsSync(path.join(CODE_ROOT, 'package.json')) ? CODE_ROOT : path.dirname(CODE_ROOT);

/** The package's bin, which picks sources or dist/ by itself (bin/bearer-conformance.js). */
export const LAUNCHER = path.join(PACKAGE_ROOT, 'bin', 'bearer-conformance.js');

/**
 * The spec files of these suites: each suite's spec sits in its own folder,
 * `suites/<name>/<name>.spec.ts` (`.js` in dist/), so Playwright picks them from the run plan's suites.
 */
export function specFiles(suites: readonly string[]): RegExp {
  const sep = '[/\\\\]';
  return new RegExp(`${sep}suites${sep}(${suites.join('|')})${sep}\\1\\.spec\\${MODULE_EXT}$`);
}

/** A module of this package by its path from the code root without extension, e.g. 'suites/docs/docs.spec'. */
export function codeFile(stem: string): string {
  return path.join(CODE_ROOT, stem + MODULE_EXT);
}
