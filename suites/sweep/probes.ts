// The sweep: the requests that catch a forgotten security dependency, sent to every secured
// operation (no header, another scheme, an empty token, and the canonical request), judged by the
// model exactly as the headers suite judges the same catalogue cases.
import { HEADER_CASES } from '../catalogue/index.ts';
import type { HeaderCase } from '../catalogue/index.ts';

/** The catalogue cases the sweep sends, in the order it sends them after the canonical request. */
export const SWEEP_CASE_IDS = ['headers.missing', 'headers.scheme-basic', 'headers.empty-token'] as const;
/** Sent first (it decides the echo oracle); judged only with a valid token, as the brief of the sweep says. */
export const CANONICAL_ID = 'headers.canonical';

/** The sweep's requirement id for a catalogue case: `sweep.missing` for `headers.missing`. */
export function sweepId(caseId: string): string {
  return `sweep.${caseId.replace(/^headers\./, '')}`;
}

export function headerCase(id: string): HeaderCase {
  const found = HEADER_CASES.find((c) => c.id === id);
  if (!found) throw new Error(`the catalogue has no case ${id}`);
  return found;
}
