// Fetches the OpenAPI document the way Swagger UI does before anyone has authorized: a plain GET
// with no credentials. The rule `openapi.served-without-credentials` judges what came back.
import { readFile } from 'node:fs/promises';
import { makeAgent, requestTarget } from '../transport/http.ts';
import { CouldNotTest } from '../checks/failures.ts';
import { recogniseOpenApi } from './recognise.ts';

/** Larger documents exist, but a target that sends more than this is not serving an API description. */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

export interface FetchedDocument {
  /** where it came from: an http(s) URL, or a file path (then status and headers are absent) */
  location: string;
  status?: number;
  /** lower-case header name -> value (repeated headers joined with ", ") */
  headers: Record<string, string>;
  body: string;
  /** the parsed OpenAPI document: only when the answer is one (2xx, JSON, an `openapi` or `swagger` member) */
  doc?: unknown;
  /** otherwise why not, e.g. "GET <url> answered 404 (application/json): not an OpenAPI document (…)" */
  notOpenApi?: string;
}

function answerAt(location: string, status: number | undefined, headers: Record<string, string>, body: string): FetchedDocument {
  const fetched = { location, ...(status !== undefined ? { status } : {}), headers, body };
  const { doc, notOpenApi } = recogniseOpenApi(fetched);
  return notOpenApi !== undefined ? { ...fetched, notOpenApi } : { ...fetched, doc };
}

export async function fetchOpenApi(url: string, opts: { timeoutMs: number; insecure?: boolean }): Promise<FetchedDocument> {
  const dispatcher = makeAgent(opts.insecure ?? false);
  try {
    const res = await requestTarget(url, { dispatcher, headers: { accept: 'application/json' }, timeoutMs: opts.timeoutMs, maxBytes: MAX_DOCUMENT_BYTES });
    const body = res.body.toString('utf8');
    return answerAt(url, res.status, res.headers, body);
  } catch (err) {
    throw new CouldNotTest(`could not fetch ${url}: ${(err as Error).message}`, { cause: err });
  } finally {
    await dispatcher.close();
  }
}

/** `--openapi PATH`: a document read from disk (nothing was served, so the served rule is skipped). */
export async function readOpenApiFile(path: string): Promise<FetchedDocument> {
  const body = await readFile(path, 'utf8').catch((err: Error) => {
    throw new CouldNotTest(`could not read ${path}: ${err.message}`, { cause: err });
  });
  return answerAt(path, undefined, {}, body);
}

/** An http(s) URL is fetched, anything else is read as a file. */
export function loadOpenApi(location: string, opts: { timeoutMs: number; insecure?: boolean }): Promise<FetchedDocument> {
  return /^https?:\/\//i.test(location) ? fetchOpenApi(location, opts) : readOpenApiFile(location);
}
