// The never-issued-token requirement: with a valid token, on a target that validates tokens, a token
// of the same shape that the target never issued is refused like missing credentials (401 and a
// Bearer challenge), and under rfc6750 with error="invalid_token".
import type { Prediction, ProfileName, RequirementRef } from '../model/types.ts';
import { alike, NOT_RFC6750 } from '../model/requirements/clause.ts';
import type { Declared } from '../model/requirements/clause.ts';

export const NEVER_ISSUED_ID = 'headers.never-issued-token';

const FASTAPI_TUTORIAL = {
  ref: 'FastAPI docs: OAuth2 with Password (and hashing), Bearer with JWT tokens (the tutorial\'s code, copied in interop/fastapi/jwt_oauth2.py)',
  quote: 'credentials_exception = HTTPException( status_code=status.HTTP_401_UNAUTHORIZED, detail="Could not validate credentials", headers={"WWW-Authenticate": "Bearer"},',
};

const RFC6750_INVALID_TOKEN = {
  ref: 'RFC 6750 §3.1',
  quote: 'The access token provided is expired, revoked, malformed, or invalid for other reasons. The resource SHOULD respond with the HTTP 401 (Unauthorized) status code.',
};

export const NEVER_ISSUED: Declared = {
  id: NEVER_ISSUED_ID,
  profiles: { ...alike(NOT_RFC6750, { level: 'MUST', source: FASTAPI_TUTORIAL }), rfc6750: { level: 'MUST', source: RFC6750_INVALID_TOKEN } },
};

export function neverIssuedRequirement(profile: ProfileName): RequirementRef {
  const { level, source } = NEVER_ISSUED.profiles[profile]!;
  return { id: NEVER_ISSUED_ID, level, source };
}

/** What a validating target must answer to a token it never issued. */
export function neverIssuedPrediction(profile: ProfileName): Prediction {
  return {
    profile,
    requirement: neverIssuedRequirement(profile),
    acceptable: [{ kind: 'challenged', error: profile === 'rfc6750' ? 'invalid_token' : 'any' }],
    rationale: 'a well-formed token the target never issued: a target that validates tokens refuses it with 401 and a Bearer challenge',
  };
}
