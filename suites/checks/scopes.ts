// A token granted fewer scopes than an operation's Security Requirement declares must be refused.
// Two clauses, judged on the same answer:
//   scopes.insufficient-refused  the refusal itself (MUST everywhere: a 2xx lets in a token the
//                                document says is not enough)
//   scopes.insufficient-answer   its documented form: FastAPI's tutorial answers 401 with
//                                `WWW-Authenticate: Bearer scope="…"`; RFC 6750 §3.1 wants 403 with
//                                error="insufficient_scope". Neither carries a MUST, so SHOULD.
import { showBytes } from '../model/grammar.ts';
import type { Observation, ProfileName, RequirementRef, Source } from '../model/types.ts';
import { bearerChallenges, errorOf } from './outcome.ts';
import { alike, NOT_RFC6750 } from '../model/requirements/clause.ts';
import type { Clause, Declared } from '../model/requirements/clause.ts';

const OPENAPI_SCOPES: Source = {
  ref: 'OpenAPI 3.0.3, Security Requirement Object',
  quote: 'If the security scheme is of type "oauth2" or "openIdConnect", then the value is a list of scope names required for the execution',
};
const FASTAPI_SCOPES: Source = {
  ref: 'FastAPI docs: Advanced User Guide, OAuth2 scopes (docs_src/security/tutorial005_py310.py)',
  quote: 'authenticate_value = f\'Bearer scope="{security_scopes.scope_str}"\' … raise HTTPException( status_code=status.HTTP_401_UNAUTHORIZED, detail="Not enough permissions", headers={"WWW-Authenticate": authenticate_value}, )',
};
const RFC6750_INSUFFICIENT_SCOPE: Source = {
  ref: 'RFC 6750 §3.1',
  quote: 'insufficient_scope … The request requires higher privileges than provided by the access token. The resource server SHOULD respond with the HTTP 403 (Forbidden) status code and MAY include the "scope" attribute with the scope necessary to access the protected resource.',
};
const RFC6750_CHALLENGE_ON_REFUSAL: Source = {
  ref: 'RFC 6750 §3',
  quote: 'If the protected resource request does not include authentication credentials or does not contain an access token that enables access to the protected resource, the resource server MUST include the HTTP "WWW-Authenticate" response header field',
};

export interface ScopeClause {
  requirement: RequirementRef;
  /** what the response must be, for titles and failures */
  expects: string;
  /** null when the response is right, else what is wrong with it */
  check(obs: Observation, missing: readonly string[]): string | null;
}

export const SCOPES_REFUSED_ID = 'scopes.insufficient-refused';
export const SCOPES_ANSWER_ID = 'scopes.insufficient-answer';

/** A scope clause's judgement under one profile: its level and source, and what it expects. */
interface ScopeJudgement extends Clause, Omit<ScopeClause, 'requirement'> {}

/** The two requirements, each judged on the same answer. */
export const SCOPE_REQUIREMENTS: readonly Declared<ScopeJudgement>[] = [
  {
    id: SCOPES_REFUSED_ID,
    profiles: {
      // A 403 (RFC 6750's answer) is a refusal too: only the documented form below prefers 401.
      ...alike(NOT_RFC6750, { level: 'MUST', source: OPENAPI_SCOPES, expects: '401 with a Bearer challenge, or 403', check: refused }),
      rfc6750: { level: 'MUST', source: RFC6750_CHALLENGE_ON_REFUSAL, expects: '401 or 403 with a Bearer challenge', check: refusedWithChallenge },
    },
  },
  {
    id: SCOPES_ANSWER_ID,
    profiles: {
      ...alike(NOT_RFC6750, { level: 'SHOULD', source: FASTAPI_SCOPES, expects: '401 with a Bearer challenge whose scope auth-param names the missing scopes', check: scope401 }),
      rfc6750: { level: 'SHOULD', source: RFC6750_INSUFFICIENT_SCOPE, expects: '403 with a Bearer challenge carrying error="insufficient_scope"', check: insufficientScope403 },
    },
  },
];

/** The two clauses under a profile. */
export function scopeClauses(profile: ProfileName): ScopeClause[] {
  return SCOPE_REQUIREMENTS.flatMap(({ id, profiles }) => {
    const here = profiles[profile];
    return here ? [{ requirement: { id, level: here.level, source: here.source }, expects: here.expects, check: here.check }] : [];
  });
}

function refused(obs: Observation): string | null {
  if (obs.status === 403) return null;
  if (obs.status !== 401) return `the answer is ${obs.status}`;
  return bearerChallenges(obs).length > 0 ? null : 'the 401 has no Bearer challenge';
}

function refusedWithChallenge(obs: Observation): string | null {
  if (obs.status !== 401 && obs.status !== 403) return `the answer is ${obs.status}`;
  return bearerChallenges(obs).length > 0 ? null : `the ${obs.status} has no Bearer challenge`;
}

function scope401(obs: Observation, missing: readonly string[]): string | null {
  if (obs.status !== 401) return `the answer is ${obs.status}`;
  const named = bearerChallenges(obs).flatMap((c) => c.params.filter((p) => p.name.toLowerCase() === 'scope').flatMap((p) => p.value.split(' ')));
  const unnamed = missing.filter((s) => !named.includes(s));
  return unnamed.length === 0 ? null : `the Bearer challenge's scope auth-param does not name ${unnamed.map((s) => `"${showBytes(s)}"`).join(', ')}`;
}

function insufficientScope403(obs: Observation): string | null {
  if (obs.status !== 403) return `the answer is ${obs.status}`;
  return bearerChallenges(obs).some((c) => errorOf(c) === 'insufficient_scope') ? null : 'the 403 has no Bearer challenge with error="insufficient_scope"';
}
