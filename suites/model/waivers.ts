// A request can touch a strong HTTP-layer clause and a weaker application clause at once
// (`Bearer  abc ` under `documented`: trailing OWS, http.ows-trim MUST; two SP, bearer.multiple-sp
// SHOULD). The stronger clause decides the prediction, but a target whose only deviation is the
// weaker one has broken only that one (DESIGN.md §3: a finding carries the level of the clause it
// breaks). The waiver lists what such a target may do: keep every HTTP-layer rule (the values
// are the HTTP layer's, trimmed, unfolded, NUL replaced) and do anything the application clause
// would otherwise constrain — refuse, or pass on a plausible reading of the credentials.
import { isOws, isPythonWhitespace, leadingToken } from './grammar.ts';
import type { Shape } from './credentials.ts';
import type { Outcome, RequirementRef, Waiver } from './types.ts';

/** Refusals an application may choose when its clause is waived: any 401 challenge, or 400 invalid_request. */
const REFUSALS: readonly Outcome[] = [{ kind: 'challenged', error: 'any' }, { kind: 'invalid-request' }];

/**
 * `requirement`: the application's clause; `acceptable`: the prediction's outcomes (the waiver
 * keeps them); `valueSets`: the Authorization values under each unfolding the HTTP layer may use.
 */
export function applicationWaiver(requirement: RequirementRef, acceptable: readonly Outcome[], valueSets: readonly (readonly string[])[], shape: Shape): Waiver {
  const tokens = new Set(valueSets.flatMap((values) => values.flatMap(readingsOf)));
  if (shape.id === 'bearer.query-method' && shape.queryToken !== '') tokens.add(shape.queryToken);
  const readings: Outcome[] = [...tokens].map((token) => ({ kind: 'authorized', token }));
  return { requirement, acceptable: [...acceptable, ...REFUSALS, ...readings] };
}

/**
 * What an application may take for the token of a Bearer value: what follows the scheme, with
 * the separator run dropped in part or whole (none; one byte, as `partition(" ")` does; the SP
 * run; the OWS run; all Python whitespace), trailing Python whitespace stripped or not. At most
 * ten strings, whatever the value's length. Never the empty token: bearer.empty-token is MUST
 * wherever a waiver is made, so authorizing "" is not a deviation confined to a weaker clause.
 */
export function readingsOf(value: string): string[] {
  const scheme = leadingToken(value);
  if (scheme.toLowerCase() !== 'bearer') return [];
  const rest = value.slice(scheme.length);
  const starts = [0, Math.min(1, rest.length), runLength(rest, (ch) => ch === ' '), runLength(rest, isOws), runLength(rest, isPythonWhitespace)];
  const readings = starts.flatMap((start) => [rest.slice(start), pythonStripEnd(rest.slice(start))]);
  return [...new Set(readings)].filter((r) => r !== '');
}

function runLength(s: string, within: (ch: string) => boolean): number {
  let n = 0;
  while (n < s.length && within(s[n]!)) n++;
  return n;
}

/** Python's `s.rstrip()` on a latin-1 string. */
function pythonStripEnd(s: string): string {
  let end = s.length;
  while (end > 0 && isPythonWhitespace(s[end - 1])) end--;
  return s.slice(0, end);
}
