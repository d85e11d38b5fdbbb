// What the OpenAPI document says the docs page should show: which operations are secured (and so
// carry a lock), which one Try it out can execute without inventing parameters, and the URL
// swagger-client sends an operation to.
import { readFile } from 'node:fs/promises';
import type { APIRequestContext } from '@playwright/test';
import { CouldNotTest, NotApplicable } from '../checks/failures.ts';
import type { Endpoint, RunConfig } from '../config.ts';
import { child, effectiveSecurity, isObject, operations, securingSchemes } from '../openapi/document.ts';
import type { Json, Operation } from '../openapi/document.ts';
import { recogniseOpenApi } from '../openapi/recognise.ts';
import type { DocumentAnswer } from '../openapi/recognise.ts';
import { firstLine } from '../text.ts';

let loaded: { location: string; doc: Promise<unknown> } | undefined;

/** The run's OpenAPI document (URL or file), fetched once per worker. */
export function loadDocument(request: APIRequestContext, location: string, timeoutMs: number): Promise<unknown> {
  if (loaded?.location !== location) loaded = { location, doc: fetchDocument(request, location, timeoutMs) };
  return loaded.doc;
}

/**
 * Fetched as the openapi suite reads it (openapi/recognise.ts): an answer that is not an OpenAPI
 * document (401, 404, `{"error":…}`, HTML) leaves the docs checks that need one nothing to compare
 * the page with, so they skip with that reason; only a fetch that got no answer is could-not-test.
 */
async function fetchDocument(request: APIRequestContext, location: string, timeoutMs: number): Promise<unknown> {
  let answer: DocumentAnswer;
  if (/^https?:\/\//i.test(location)) {
    const res = await request.get(location, { timeout: timeoutMs, failOnStatusCode: false }).catch((err: Error) => {
      throw new CouldNotTest(`the OpenAPI document ${location} could not be fetched: ${firstLine(err)}`);
    });
    answer = { location, status: res.status(), headers: res.headers(), body: await res.text() };
  } else {
    answer = { location, headers: {}, body: await readFile(location, 'utf8') };
  }
  const recognised = recogniseOpenApi(answer);
  if (recognised.notOpenApi !== undefined) throw new NotApplicable(recognised.notOpenApi);
  return recognised.doc;
}

/**
 * Whether Swagger UI should show a lock: `required` (a lock), `public` (none: no requirement, `[]`,
 * or `[{}]`), or `optional` (`{}` next to real requirements: OpenAPI calls it optional, Swagger UI
 * shows a lock because only a lone `{}` makes it anonymous, S-06; either rendering is accepted).
 */
export type LockExpectation = 'required' | 'public' | 'optional';

export function lockExpectation(doc: unknown, op: Operation): LockExpectation {
  const requirements = effectiveSecurity(doc, op.op);
  if (securingSchemes(requirements).length > 0) return 'required';
  const list = Array.isArray(requirements) ? requirements : [];
  return list.length > 1 ? 'optional' : 'public';
}

function parameters(op: Operation): Json[] {
  const own = child(op.op, 'parameters');
  const shared = child(op.item, 'parameters');
  return [...(Array.isArray(shared) ? shared : []), ...(Array.isArray(own) ? own : [])];
}

/** Try it out cannot execute an operation with a required parameter (or a $ref we do not follow) without inventing a value. */
export function executableWithoutInput(op: Operation): boolean {
  return !op.path.includes('{') && parameters(op).every((p) => isObject(p) && !('$ref' in p) && p.required !== true);
}

/**
 * The secured GET operation Try it out executes: one of the run's endpoints if it qualifies, else the
 * first in document order. With `scheme`, only operations that the scheme can authorize.
 */
export function chooseSecuredGet(doc: unknown, endpoints: Endpoint[], scheme?: string): Operation | undefined {
  const candidates = operations(doc).filter((op) => op.method === 'GET' && executableWithoutInput(op)
    && lockExpectation(doc, op) === 'required'
    && (scheme === undefined || requirementsNaming(doc, op, scheme)));
  const preferred = candidates.find((op) => endpoints.some((e) => e.method === op.method && e.path === op.path));
  return preferred ?? candidates[0];
}

/** True when one of the operation's security requirements needs `scheme` alone (so logging into it authorizes the call). */
function requirementsNaming(doc: unknown, op: Operation, scheme: string): boolean {
  const requirements = effectiveSecurity(doc, op.op);
  return Array.isArray(requirements) && requirements.some((r) => isObject(r) && Object.keys(r).length === 1 && scheme in r);
}

/** `servers[0].url` of a Server list, with `{variables}` replaced by their defaults. */
function firstServer(servers: Json | undefined): string | undefined {
  const first = Array.isArray(servers) ? servers[0] : undefined;
  const url = child(first, 'url');
  if (typeof url !== 'string') return undefined;
  const variables = child(first, 'variables');
  return url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const def = child(child(variables, name), 'default');
    return typeof def === 'string' ? def : whole;
  });
}

/**
 * Where Try it out sends an operation: swagger-client's oas3BaseUrl takes the operation's, the path's
 * or the document's first server, resolves it against the document's URL, drops a trailing slash,
 * and appends the path template. No servers means the document's origin.
 */
export function operationUrl(doc: unknown, op: Operation, documentUrl: string): string {
  const server = firstServer(child(op.op, 'servers')) ?? firstServer(child(op.item, 'servers')) ?? firstServer(child(doc, 'servers'));
  const base = new URL(server ?? '/', documentUrl);
  return `${base.origin}${base.pathname}`.replace(/\/$/, '') + op.path;
}

/** Does the document describe a POST operation at this URL (origin and path)? */
export function describesPost(doc: unknown, url: string, documentUrl: string): boolean {
  const target = new URL(url);
  return operations(doc).some((op) => {
    if (op.method !== 'POST') return false;
    const u = new URL(operationUrl(doc, op, documentUrl));
    return u.origin === target.origin && u.pathname === target.pathname;
  });
}

/** Where the OpenAPI document lives, as a base URL for its relative server URLs (a file path has none: use the docs page). */
export function documentBase(config: RunConfig, docsPageUrl: string): string {
  return /^https?:\/\//i.test(config.openapi) ? config.openapi : docsPageUrl;
}
