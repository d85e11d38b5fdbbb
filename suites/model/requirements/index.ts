// Every clause of the model, in the order reports list them: FastAPI's docs, RFC 9110/9112,
// RFC 6750, then FastAPI as measured. Each (situation, profile) pair has exactly one clause.
import { HTTP_RULES } from '../http-layer.ts';
import { SHAPES } from '../credentials.ts';
import type { ProfileName, RequirementRef } from '../types.ts';
import { FASTAPI_DOCS } from './fastapi-docs.ts';
import { RFC9110 } from './rfc9110.ts';
import { RFC6750 } from './rfc6750.ts';
import { FASTAPI_MEASURED } from './fastapi-measured.ts';
import type { ModelClause, ModelRequirement, RuleId } from './types.ts';

export type { ModelClause, ModelRequirement, RuleId } from './types.ts';

export const MODEL_REQUIREMENTS: readonly ModelRequirement[] = [...FASTAPI_DOCS, ...RFC9110, ...RFC6750, ...FASTAPI_MEASURED];

export const RULE_IDS: readonly RuleId[] = [...HTTP_RULES, 'http.duplicate', ...SHAPES];

/** What the request has, as the first half of a rationale. */
export const SITUATION: Record<RuleId, string> = {
  'http.space-before-colon': 'whitespace between the field name and the colon',
  'http.nul-cr-lf': 'NUL, CR or LF in a field value',
  'http.obs-fold': 'a field folded onto a continuation line (obs-fold)',
  'http.ows-trim': 'whitespace around the Authorization value',
  'http.ctl': 'a control byte in a field value',
  'http.field-line-syntax': 'a line that is not `name: value`',
  'http.oversize': 'a head over 8 KiB',
  'http.duplicate': 'two or more Authorization lines',
  'bearer.no-header': 'no Authorization header',
  'bearer.query-method': 'no Authorization header, access_token in the query',
  'bearer.empty-value': 'an empty Authorization value',
  'bearer.other-scheme': 'a scheme other than Bearer',
  'bearer.empty-token': '`Bearer` with no token',
  'bearer.missing-sp': '`Bearer` followed by something other than SP',
  'bearer.canonical': '`Bearer <b64token>`',
  'bearer.scheme-case': 'the scheme in another letter case',
  'bearer.multiple-sp': 'several SP between `Bearer` and the token',
  'bearer.sp-htab-separator': 'SP then HTAB between `Bearer` and the token',
  'bearer.unicode-whitespace': 'credentials that begin or end with a byte Python counts as whitespace (\\x0b, \\x0c, \\x1c-\\x1f, \\x85, \\xa0)',
  'bearer.non-b64token': 'credentials that are not a b64token',
};

const INDEX = new Map<string, ModelClause>(MODEL_REQUIREMENTS.flatMap((r) => Object.entries(r.profiles).map(([p, c]) => [`${p} ${r.id}`, c] as const)));

/** The clause for a situation under a profile. */
export function clauseFor(id: RuleId, profile: ProfileName): ModelClause {
  const clause = INDEX.get(`${profile} ${id}`);
  if (!clause) throw new Error(`model: no clause for ${id} under ${profile}`);
  return clause;
}

/** The requirement as a Prediction carries it. */
export function requirementFor(id: RuleId, profile: ProfileName): RequirementRef {
  const { level, source } = clauseFor(id, profile);
  return { id, level, source };
}
