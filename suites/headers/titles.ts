// The titles of the headers suite's requirements. Shared by the spec (which registers the checks)
// and the catalogue (which lists them without running anything), so both say the same thing.
import { describeOutcome } from '../checks/outcome.ts';
import { DEMO_TOKEN } from '../catalogue/index.ts';
import type { HeaderCase } from '../catalogue/index.ts';
import type { Tampering } from '../checks/jwt-tamper.ts';
import type { ScopeClause } from '../checks/scopes.ts';
import type { Prediction, ProfileName } from '../model/types.ts';

/** "expects …" for a title, with the token shown as <token> so titles stay stable and secret-free. */
function expects(prediction: Prediction): string {
  const swapped = [...DEMO_TOKEN].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
  return prediction.acceptable.map(describeOutcome).join(' or ')
    .replaceAll(DEMO_TOKEN, '<token>')
    .replaceAll(swapped, '<token with letter case swapped>')
    .replace(/x{32,}/g, (run) => `x…(${run.length} bytes)`);
}

export function headerCaseTitle(c: HeaderCase, prediction: Prediction): string {
  return `Sends ${c.sends}; expects ${expects(prediction)}`;
}

/** A sweep requirement: one header case sent to every secured operation of a whole-API run (how many: its evidence). */
export function sweepTitle(c: HeaderCase, prediction: Prediction): string {
  return `Sends ${c.sends} to every secured operation; expects ${expects(prediction)} from each`;
}

export function neverIssuedTitle(profile: ProfileName): string {
  return `Sends a never-issued token shaped like the valid one; expects 401 with a Bearer challenge${profile === 'rfc6750' ? ' with error="invalid_token"' : ''}`;
}

export function tamperTitle(profile: ProfileName, tampering: Tampering): string {
  return `Sends ${tampering.sends}; expects 401 with a Bearer challenge${profile === 'rfc6750' ? ' with error="invalid_token"' : ''}`;
}

export function scopeTitle(clause: ScopeClause): string {
  return `Sends a token granted fewer scopes than the operation declares; expects ${clause.expects}`;
}
