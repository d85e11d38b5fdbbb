// Endpoint discovery: every operation the target's OpenAPI document secures with an oauth2 or
// http-bearer scheme (FastAPI's `type: oauth2` is first-class here; Schemathesis skips it).
import { request } from 'undici';
import { makeAgent } from '../suites/transport/http.ts';
import type { Endpoint } from '../suites/config.ts';

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
export const FALLBACK_ENDPOINT: Endpoint = { method: 'GET', path: '/items/' };

type Doc = {
  security?: unknown;
  paths?: Record<string, Record<string, { security?: unknown; operationId?: string } | undefined>>;
  components?: { securitySchemes?: Record<string, { type?: string; scheme?: string }> };
};

/** Absolute URL of a resource named relative to the target ("openapi.json", "/docs") or given as a full URL. */
export function resolveAgainstTarget(target: string, ref: string): string {
  if (/^https?:\/\//i.test(ref)) return ref;
  return `${target.replace(/\/+$/, '')}/${ref.replace(/^\/+/, '')}`;
}

export async function loadOpenApi(location: string, opts: { timeoutMs: number; insecure: boolean }): Promise<{ doc?: Doc; problem?: string }> {
  try {
    const res = await request(location, { dispatcher: makeAgent(opts.insecure), headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs });
    const text = await res.body.text();
    if (res.statusCode !== 200) return { problem: `${location} answered ${res.statusCode}` };
    return { doc: JSON.parse(text) as Doc };
  } catch (err) {
    return { problem: `could not load ${location}: ${(err as Error).message}` };
  }
}

function bearerSchemes(doc: Doc): Set<string> {
  const names = new Set<string>();
  for (const [name, s] of Object.entries(doc.components?.securitySchemes ?? {})) {
    if (s?.type === 'oauth2' || (s?.type === 'http' && s.scheme?.toLowerCase() === 'bearer')) names.add(name);
  }
  return names;
}

/** Security requirements of an operation: its own override the document's; `[]` or `[{}]`-containing lists are public. */
function securedBy(requirements: unknown, schemes: Set<string>): boolean {
  if (!Array.isArray(requirements) || requirements.length === 0) return false;
  if (requirements.some((r) => r && typeof r === 'object' && Object.keys(r).length === 0)) return false;
  return requirements.some((r) => r && typeof r === 'object' && Object.keys(r).some((k) => schemes.has(k)));
}

export function discoverEndpoints(doc: Doc, allowUnsafeMethods: boolean): { endpoints: Endpoint[]; skippedUnsafe: Endpoint[] } {
  const schemes = bearerSchemes(doc);
  const endpoints: Endpoint[] = [];
  const skippedUnsafe: Endpoint[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (path.includes('{')) continue; // a templated path needs values we cannot invent safely
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op || !securedBy(op.security ?? doc.security, schemes)) continue;
      const endpoint: Endpoint = { method: method.toUpperCase(), path, ...(op.operationId ? { operationId: op.operationId } : {}) };
      if (SAFE_METHODS.has(endpoint.method) || allowUnsafeMethods) endpoints.push(endpoint);
      else skippedUnsafe.push(endpoint);
    }
  }
  return { endpoints, skippedUnsafe };
}
