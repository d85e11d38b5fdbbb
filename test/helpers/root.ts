// The clone the tests run in (they run from the sources, never from dist/), and the CLI a user runs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The package's bin, as `npx bearer-conformance` runs it. */
export const BIN = path.join(ROOT, 'bin', 'bearer-conformance.js');
