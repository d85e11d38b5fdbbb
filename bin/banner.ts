// What the CLI says before the checks start, kept to a few lines whatever the size of the API: a
// list of operations shows its first few and how many more (the report has them all).
import type { Endpoint } from '../suites/config.ts';

/** How many operations a terminal line names before "… and N more". */
export const BANNER_MAX_ENDPOINTS = 5;

/** "a, b, c, d, e … and 995 more" */
function listFirst(names: readonly string[], max: number): string {
  const named = names.slice(0, max).join(', ');
  return names.length > max ? `${named} … and ${names.length - max} more` : named;
}

/** "GET /a, GET /b, GET /c, GET /d, GET /e … and 995 more" */
export function listEndpoints(endpoints: readonly Endpoint[], max = BANNER_MAX_ENDPOINTS): string {
  return listFirst(endpoints.map((e) => `${e.method} ${e.path}`), max);
}

/** One line per distinct reason (not one per operation): "valid-token mode: <reason> (GET /a, GET /b … and 3 more)". */
export function groupByReason(byEndpoint: Record<string, { reason: string }>, prefix: string): string[] {
  const groups = new Map<string, string[]>();
  for (const [key, { reason }] of Object.entries(byEndpoint)) {
    const keys = groups.get(reason);
    if (keys) keys.push(key);
    else groups.set(reason, [key]);
  }
  return [...groups].map(([reason, keys]) => `${prefix}: ${reason} (${listFirst(keys, BANNER_MAX_ENDPOINTS)})`);
}

/** The line that opens a run: "profile documented · endpoints GET /a, … and 995 more · suites headers,fuzz · seed 7". */
export function planLine(o: { profile: string; resolved: string; endpoints: readonly Endpoint[]; suites: readonly string[]; seed: number; only?: readonly string[] }): string {
  const resolved = o.profile !== o.resolved ? ` (→ ${o.resolved})` : '';
  const only = o.only ? ` · only ${o.only.join(',')}` : '';
  return `profile ${o.profile}${resolved} · endpoints ${listEndpoints(o.endpoints)} · suites ${o.suites.join(',')}${only} · seed ${o.seed}`;
}
