// Where a requirement's `source` can be read: the in-repo file that holds its quote (docs/sources/,
// copied from the texts the project was built from, or a file of the repo such as a tutorial app),
// and for an RFC section its public URL. A ref names its file explicitly ("… (docs/sources/x.md#id)")
// or by the document it cites ("RFC 6750 §3.1" → docs/sources/rfc6750.md).
import type { Source } from '../model/types.ts';

export interface SourceLocation {
  /** repo-relative files that hold the quote (one of them does) */
  files: string[];
  /** an `<a id>` in the first file, when the ref names one */
  anchor?: string;
  /** the public text, when the ref names an RFC section */
  url?: string;
}

/** Repo paths a ref may name: the copies in docs/sources/ and files of the repo (tutorial apps). */
const REPO_PATH = /\b((?:docs|interop|suites|reference-server)\/[\w./-]+\.(?:md|py|ts|json))(?:#([\w.-]+))?/g;

/** The document a ref cites by name, when it names no file. Order matters: first match wins. */
const BY_DOCUMENT: readonly [RegExp, string][] = [
  [/^RFC 91(?:10|12)\b/, 'docs/sources/rfc9110.md'],
  [/^RFC 6750\b/, 'docs/sources/rfc6750.md'],
  [/^RFC 6749\b/, 'docs/sources/rfc6749.md'],
  [/^(?:OpenAPI|JSON Schema)\b/, 'docs/sources/openapi.md'],
  [/^(?:swagger-ui|swagger-js|Swagger UI)\b/, 'docs/sources/swagger-ui.md'],
  [/^FastAPI docs\b/, 'docs/sources/fastapi-docs.md'],
  [/^RFC (?:7515|7519|8725)\b/, 'docs/sources/jose.md'],
];

const RFC_SECTION = /^RFC (\d{4}) §(\d+(?:\.\d+)*)/;

/** Where `source` can be read, or undefined when its ref names nothing this repo holds. */
export function locateSource(source: Source): SourceLocation | undefined {
  const named = [...source.ref.matchAll(REPO_PATH)];
  const rfc = RFC_SECTION.exec(source.ref);
  const url = rfc ? `https://www.rfc-editor.org/rfc/rfc${rfc[1]}#section-${rfc[2]}` : undefined;
  if (named.length) return { files: named.map((m) => m[1]!), ...(named[0]![2] ? { anchor: named[0]![2] } : {}), ...(url ? { url } : {}) };
  // "RFC 9110 §11.2; RFC 6750 §3": a quote drawn from several documents is in one of theirs.
  const documents = source.ref.split(/;\s*/).map((part) => BY_DOCUMENT.find(([pattern]) => pattern.test(part))?.[1]);
  if (!documents.length || documents.some((d) => d === undefined)) return undefined;
  return { files: [...new Set(documents as string[])], ...(url ? { url } : {}) };
}

/** Text as quotes compare it: markdown's backticks, bold and blockquote markers dropped, whitespace runs one space. */
export function plainText(s: string): string {
  return s.replace(/^> ?/gm, '').replaceAll('`', '').replaceAll('**', '').replace(/\s+/g, ' ').trim();
}

/** The pieces of a quote (an ellipsis joins pieces that are apart in the text). */
export function quotePieces(quote: string): string[] {
  return quote.split('…').map(plainText).filter(Boolean);
}
