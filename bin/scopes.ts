// What `--scopes` sets up before the suites run: which scopes the run's own token asks for (all the
// tested operations declare, so that the canonical requests are let in), and which declared scopes
// the narrower token lacks, per endpoint.
import { declaredScopes, missingScopes, scopeIndex } from '../suites/openapi/scopes.ts';
import { endpointKey } from '../suites/checks/token-mode.ts';
import type { Endpoint, ScopePlan } from '../suites/config.ts';

/** The scopes for the run's token: every one the endpoints' security requirements declare. */
export function scopesForRunToken(doc: unknown, endpoints: readonly Endpoint[]): string[] {
  return doc === undefined ? [] : declaredScopes(doc, endpoints);
}

export function scopePlan(doc: unknown, endpoints: readonly Endpoint[], granted: string[]): ScopePlan {
  const alternatives = doc === undefined ? () => [] : scopeIndex(doc);
  const missing = Object.fromEntries(endpoints.map((e) => [endpointKey(e), missingScopes(alternatives(e), granted)]));
  return { granted, missing };
}
