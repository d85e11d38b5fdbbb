// The scopes an operation's Security Requirement asks of a Bearer token. OpenAPI 3.0.3 §4.7.30:
// "If the security scheme is of type "oauth2" or "openIdConnect", then the value is a list of scope
// names required for the execution". The list of requirement objects is a choice (any one of them
// lets the request in); the schemes inside one object are all required.
import { bearerSchemeNames, effectiveSecurity, isObject, operations } from './document.ts';
import type { Json } from './document.ts';
import type { Endpoint } from '../config.ts';

/**
 * The scopes each alternative of an operation asks of its Bearer schemes; none when it is public or
 * not found. The document is read once: a whole API asks for every one of its operations.
 */
export function scopeIndex(doc: unknown): (endpoint: Pick<Endpoint, 'method' | 'path'>) => string[][] {
  const bearer = bearerSchemeNames(doc);
  const byKey = new Map(operations(doc).map((o) => [`${o.method} ${o.path}`, o.op]));
  return (endpoint) => {
    const op = byKey.get(`${endpoint.method} ${endpoint.path}`);
    if (!op) return [];
    const requirements: Json | undefined = effectiveSecurity(doc, op);
    if (!Array.isArray(requirements)) return [];
    return requirements.filter(isObject).map((r) => Object.entries(r)
      .filter(([name]) => bearer.has(name))
      .flatMap(([, scopes]) => (Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [])));
  };
}

/** The scopes each alternative of the operation asks of its Bearer schemes (one operation: see scopeIndex for many). */
export function scopeAlternatives(doc: unknown, endpoint: Pick<Endpoint, 'method' | 'path'>): string[][] {
  return scopeIndex(doc)(endpoint);
}

/**
 * The scopes a token granted `granted` lacks for the operation: those of its first alternative,
 * when no alternative is met (an empty object, `{}`, is met by anything). Empty when it may let the token in.
 */
export function missingScopes(alternatives: readonly string[][], granted: readonly string[]): string[] {
  if (alternatives.length === 0 || alternatives.some((scopes) => scopes.every((s) => granted.includes(s)))) return [];
  return alternatives[0]!.filter((s) => !granted.includes(s));
}

/** Every scope the operations ask for, in first-seen order: what a token for all of them must be granted. */
export function declaredScopes(doc: unknown, endpoints: readonly Pick<Endpoint, 'method' | 'path'>[]): string[] {
  const alternatives = scopeIndex(doc);
  return [...new Set(endpoints.flatMap((e) => alternatives(e)[0] ?? []))];
}
