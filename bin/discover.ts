// Endpoint discovery: every operation the target's OpenAPI document secures with an oauth2 or
// http-bearer scheme (FastAPI's `type: oauth2` is first-class here; Schemathesis skips it).
import { effectiveSecurity, operations, securingSchemes, securitySchemes } from '../suites/openapi/document.ts';
import { SAFE_METHODS } from '../suites/openapi/index.ts';
import type { Endpoint } from '../suites/config.ts';

export const FALLBACK_ENDPOINT: Endpoint = { method: 'GET', path: '/items/' };

/** Absolute URL of a resource named relative to the target ("openapi.json", "/docs") or given as a full URL. */
export function resolveAgainstTarget(target: string, ref: string): string {
  if (/^https?:\/\//i.test(ref)) return ref;
  return `${target.replace(/\/+$/, '')}/${ref.replace(/^\/+/, '')}`;
}

export function discoverEndpoints(doc: unknown, allowUnsafeMethods: boolean): { endpoints: Endpoint[]; skippedUnsafe: Endpoint[] } {
  const bearer = new Set(securitySchemes(doc)
    .filter(({ scheme }) => scheme.type === 'oauth2' || (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer'))
    .map((s) => s.name));
  const endpoints: Endpoint[] = [];
  const skippedUnsafe: Endpoint[] = [];
  for (const op of operations(doc)) {
    if (op.path.includes('{')) continue; // a templated path needs values we cannot invent safely
    if (!securingSchemes(effectiveSecurity(doc, op.op)).some((name) => bearer.has(name))) continue;
    const endpoint: Endpoint = { method: op.method, path: op.path, ...(op.operationId ? { operationId: op.operationId } : {}) };
    if (SAFE_METHODS.has(endpoint.method) || allowUnsafeMethods) endpoints.push(endpoint);
    else skippedUnsafe.push(endpoint);
  }
  return { endpoints, skippedUnsafe };
}
