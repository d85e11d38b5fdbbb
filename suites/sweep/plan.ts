// Whole-API runs, the plan: which operations of the document are swept, and how they group. The
// operations come from the cross-check's plan (openapi/cross-check.ts): one plan, whose request
// without credentials serves both the sweep and the cross-check's judgements.
import { effectiveSecurity, isObject, operations } from '../openapi/document.ts';
import type { PlannedOperation } from '../openapi/cross-check.ts';
import { SAFE_METHODS } from '../openapi/cross-check.ts';
import type { Endpoint } from '../config.ts';

/** One operation of the document as the sweep sends to it. */
export interface SweepOperation {
  /** "GET /items/{id}" as the document names it */
  label: string;
  /** the path filled in (the cross-check's values), relative to the target, query included */
  endpoint: Endpoint;
  /** "OAuth2PasswordBearer" or "OAuth2PasswordBearer[items:read]", one per scheme; empty = public */
  security: string[];
  /** true when a scheme securing the operation is a Bearer scheme (document.ts isBearerScheme, as discovery reads it): the sweep's Bearer probes apply */
  bearer: boolean;
  safe: boolean;
  /** header lines the operation requires (its required header parameters), sent with every probe */
  lines: string[];
  /** the path is a template: the deep suites never pick it (they cannot invent its values safely) */
  templated: boolean;
}

/** `scheme[scope,…]` for each scheme of each Security Requirement object, sorted: equal sets, equal keys. */
function securityTerms(doc: unknown, op: Record<string, unknown>): string[] {
  const requirements = effectiveSecurity(doc, op as never);
  if (!Array.isArray(requirements)) return [];
  const terms = requirements.flatMap((r) => (isObject(r) ? Object.entries(r).map(([scheme, scopes]) => `${scheme}${Array.isArray(scopes) && scopes.length ? `[${[...scopes].map(String).sort().join(',')}]` : ''}`) : []));
  return [...new Set(terms)].sort();
}

/** The cross-check's planned operations that can be sent, with what the sweep needs to group them. */
export function planSweep(doc: unknown, target: string, planned: readonly PlannedOperation[], bearerSchemes: ReadonlySet<string>): SweepOperation[] {
  const byLabel = new Map(operations(doc).map((o) => [`${o.method} ${o.path}`, o]));
  const base = target.replace(/\/+$/, '');
  return planned.flatMap((p) => {
    if (!p.request || !p.request.url.startsWith(base)) return [];
    const op = byLabel.get(p.label);
    return [{
      label: p.label,
      endpoint: { method: p.method, path: p.request.url.slice(base.length), ...(p.operationId ? { operationId: p.operationId } : {}) },
      security: op ? securityTerms(doc, op.op) : p.securedBy,
      bearer: p.securedBy.some((s) => bearerSchemes.has(s)),
      safe: SAFE_METHODS.has(p.method),
      lines: Object.entries(p.request.headers).map(([name, value]) => `${name}: ${value}`),
      templated: p.path.includes('{'),
    }];
  });
}
