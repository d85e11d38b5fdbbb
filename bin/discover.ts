// Endpoint discovery: every operation the target's OpenAPI document secures with an oauth2 or
// http-bearer scheme (FastAPI's `type: oauth2` is first-class here; Schemathesis skips it).
import { effectiveSecurity, operations, securingSchemes, securitySchemes } from '../suites/openapi/document.ts';
import type { JsonObject } from '../suites/openapi/document.ts';
import { SAFE_METHODS } from '../suites/openapi/index.ts';
import type { Endpoint } from '../suites/config.ts';

type DeclaredScheme = 'oauth2' | 'http-bearer';

export const FALLBACK_ENDPOINT: Endpoint = { method: 'GET', path: '/items/' };

/** Absolute URL of a resource named relative to the target ("openapi.json", "/docs") or given as a full URL. */
export function resolveAgainstTarget(target: string, ref: string): string {
  if (/^https?:\/\//i.test(ref)) return ref;
  return `${target.replace(/\/+$/, '')}/${ref.replace(/^\/+/, '')}`;
}

/** The document's bearer schemes by name: `oauth2`, or `http-bearer` for `type: http, scheme: bearer` (FastAPI's HTTPBearer). */
function bearerSchemes(doc: unknown): Map<string, DeclaredScheme> {
  const bearer = new Map<string, DeclaredScheme>();
  for (const { name, scheme } of securitySchemes(doc)) {
    if (scheme.type === 'oauth2') bearer.set(name, 'oauth2');
    else if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') bearer.set(name, 'http-bearer');
  }
  return bearer;
}

/**
 * The names of the schemes discovery counts as Bearer (DESIGN.md: "an oauth2 or http-bearer
 * scheme"): the whole-API sweep samples by the same set, so the two never disagree.
 */
export function discoveredBearerSchemes(doc: unknown): Set<string> {
  return new Set(bearerSchemes(doc).keys());
}

/** How an operation is secured: `http-bearer` only when every bearer scheme securing it is HTTPBearer's; undefined when none is. */
function declaredScheme(doc: unknown, op: JsonObject, bearer: Map<string, DeclaredScheme>): DeclaredScheme | undefined {
  const kinds = securingSchemes(effectiveSecurity(doc, op)).flatMap((name) => bearer.get(name) ?? []);
  if (!kinds.length) return undefined;
  return kinds.every((k) => k === 'http-bearer') ? 'http-bearer' : 'oauth2';
}

/**
 * The scheme the document declares for an endpoint (`METHOD path`, the path as the document writes
 * it), read once for every operation: a whole-API run asks for each of its operations.
 */
export function schemeIndex(doc: unknown): (endpoint: Pick<Endpoint, 'method' | 'path'>) => DeclaredScheme | undefined {
  const bearer = bearerSchemes(doc);
  const byKey = new Map<string, DeclaredScheme>();
  for (const o of operations(doc)) {
    const scheme = declaredScheme(doc, o.op, bearer);
    if (scheme) byKey.set(`${o.method} ${o.path}`, scheme);
  }
  return (endpoint) => byKey.get(`${endpoint.method} ${endpoint.path}`);
}

export function discoverEndpoints(doc: unknown, allowUnsafeMethods: boolean): { endpoints: Endpoint[]; skippedUnsafe: Endpoint[] } {
  const bearer = bearerSchemes(doc);
  const endpoints: Endpoint[] = [];
  const skippedUnsafe: Endpoint[] = [];
  for (const op of operations(doc)) {
    if (op.path.includes('{')) continue; // a templated path needs values we cannot invent safely
    const scheme = declaredScheme(doc, op.op, bearer);
    if (scheme === undefined) continue;
    const endpoint: Endpoint = { method: op.method, path: op.path, scheme, ...(op.operationId ? { operationId: op.operationId } : {}) };
    if (SAFE_METHODS.has(endpoint.method) || allowUnsafeMethods) endpoints.push(endpoint);
    else skippedUnsafe.push(endpoint);
  }
  return { endpoints, skippedUnsafe };
}
