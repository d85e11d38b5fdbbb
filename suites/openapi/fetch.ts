// Fetches the OpenAPI document the way Swagger UI does before anyone has authorized: a plain GET
// with no credentials. The rule `openapi.served-without-credentials` judges what came back.
import { readFile } from 'node:fs/promises';
import { makeAgent, requestTarget } from '../transport/http.ts';
import { CouldNotTest } from '../checks/failures.ts';

/** Larger documents exist, but a target that sends more than this is not serving an API description. */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

export interface FetchedDocument {
  /** where it came from: an http(s) URL, or a file path (then status and headers are absent) */
  location: string;
  status?: number;
  /** lower-case header name -> value (repeated headers joined with ", ") */
  headers: Record<string, string>;
  body: string;
  /** the parsed JSON, when the body is JSON */
  doc?: unknown;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export async function fetchOpenApi(url: string, opts: { timeoutMs: number; insecure?: boolean }): Promise<FetchedDocument> {
  const dispatcher = makeAgent(opts.insecure ?? false);
  try {
    const res = await requestTarget(url, { dispatcher, headers: { accept: 'application/json' }, timeoutMs: opts.timeoutMs, maxBytes: MAX_DOCUMENT_BYTES });
    const body = res.body.toString('utf8');
    return { location: url, status: res.status, headers: res.headers, body, doc: parseJson(body) };
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
  return { location: path, headers: {}, body, doc: parseJson(body) };
}

/** An http(s) URL is fetched, anything else is read as a file. */
export function loadOpenApi(location: string, opts: { timeoutMs: number; insecure?: boolean }): Promise<FetchedDocument> {
  return /^https?:\/\//i.test(location) ? fetchOpenApi(location, opts) : readOpenApiFile(location);
}
