// Checks a `source` against the repository: its ref resolves to files that exist (and to an anchor
// that exists), and its quote is verbatim in one of them. Used by the model's and the catalogue's tests.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { locateSource, plainText, quotePieces } from '../../suites/catalogue/sources.ts';
import type { Source } from '../../suites/model/types.ts';
import { ROOT } from './root.ts';

const texts = new Map<string, string>();

function read(file: string): string {
  let text = texts.get(file);
  if (text === undefined) {
    text = readFileSync(path.join(ROOT, file), 'utf8');
    texts.set(file, text);
  }
  return text;
}

/** What is wrong with `source`, or undefined when it resolves and its quote is where it points. */
export function sourceProblem(source: Source): string | undefined {
  const where = locateSource(source);
  if (!where) return `the ref names no document this repository holds: ${source.ref}`;
  const missing = where.files.filter((f) => !existsSync(path.join(ROOT, f)));
  if (missing.length) return `${source.ref}: no file ${missing.join(', ')}`;
  if (where.anchor && !read(where.files[0]!).includes(`id="${where.anchor}"`)) return `${source.ref}: no anchor #${where.anchor} in ${where.files[0]}`;
  const text = plainText(where.files.map(read).join('\n'));
  const absent = quotePieces(source.quote).filter((piece) => !text.includes(piece));
  return absent.length ? `${source.ref}: not in ${where.files.join(', ')}: "${absent.join('" … "')}"` : undefined;
}
