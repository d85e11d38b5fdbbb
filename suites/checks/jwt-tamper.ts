// Token-validation requirements for a valid token that is a JWT (JWS Compact Serialization): the
// token with its signature altered, its signature removed, its header switched to `alg: none`
// (unsigned), or its payload changed without re-signing must be refused like a token the target
// never issued (checks/never-issued.ts). Tokens are decoded and built with jose, never by hand.
import { UnsecuredJWT, base64url, decodeJwt, decodeProtectedHeader } from 'jose';
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import type { Prediction, ProfileName, RequirementRef, Source } from '../model/types.ts';
import { REDACTED } from '../redact.ts';
import { alike, NOT_RFC6750 } from '../model/requirements/clause.ts';
import type { ByProfile, Declared } from '../model/requirements/clause.ts';

export type TamperKind = 'signature-altered' | 'signature-removed' | 'alg-none' | 'payload-altered';

export interface Tampering extends Declared {
  kind: TamperKind;
  /** the requirement id: `headers.jwt-<kind>` */
  id: string;
  /** what is sent, for titles and messages */
  sends: string;
  /** the JOSE clause the target breaks by accepting it */
  basis: Source;
  forge(jwt: DecodedJwt): string;
}

/** A JWT read with jose, with its compact segments kept for re-assembling. */
export interface DecodedJwt {
  header: ProtectedHeaderParameters;
  claims: JWTPayload;
  segments: { header: string; payload: string; signature: string };
}

/** The private claim the payload-altered token gains; named so the evidence says what it is. */
export const TAMPER_CLAIM = 'bearer_conformance';

const RFC7515_VALIDATE: Source = {
  ref: 'RFC 7515 §5.2',
  quote: 'Validate the JWS Signature against the JWS Signing Input ASCII(BASE64URL(UTF8(JWS Protected Header)) || \'.\' || BASE64URL(JWS Payload)) in the manner defined for the algorithm being used … Record whether the validation succeeded or not.',
};

const RFC7519_REJECT: Source = {
  ref: 'RFC 7519 §7.2',
  quote: 'If any of the listed steps fail, then the JWT MUST be rejected -- that is, treated by the application as an invalid input.',
};

const RFC8725_NONE: Source = {
  ref: 'RFC 8725 §2.1',
  quote: 'The algorithm can be changed to "none" by an attacker, and some libraries would trust this value and "validate" the JWT without checking any signature.',
};

/** Another signature of the same length: the first base64url character changed, so its first byte differs. */
function alteredSignature(signature: string): string {
  return (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
}

const FASTAPI_JWT_TUTORIAL: Source = {
  ref: 'FastAPI docs: OAuth2 with Password (and hashing), Bearer with JWT tokens (https://fastapi.tiangolo.com/tutorial/security/oauth2-jwt/)',
  quote: 'Decode the received token, verify it, and return the current user. If the token is invalid, return an HTTP error right away.',
};

const RFC6750_INVALID_TOKEN: Source = {
  ref: 'RFC 6750 §3.1',
  quote: 'invalid_token … The access token provided is expired, revoked, malformed, or invalid for other reasons. The resource SHOULD respond with the HTTP 401 (Unauthorized) status code.',
};

/** MUST in every profile: accepting a forged token is the failure a team most needs to know of. */
const REFUSED_AS_FORGED: ByProfile = {
  ...alike(NOT_RFC6750, { level: 'MUST', source: FASTAPI_JWT_TUTORIAL }),
  rfc6750: { level: 'MUST', source: RFC6750_INVALID_TOKEN },
};

export const TAMPERINGS: readonly Tampering[] = [
  {
    kind: 'signature-altered', id: 'headers.jwt-signature-altered', profiles: REFUSED_AS_FORGED, sends: 'the valid JWT with one character of its signature changed',
    basis: RFC7515_VALIDATE,
    forge: ({ segments: s }) => `${s.header}.${s.payload}.${alteredSignature(s.signature)}`,
  },
  {
    kind: 'signature-removed', id: 'headers.jwt-signature-removed', profiles: REFUSED_AS_FORGED, sends: 'the valid JWT with its signature removed (header and payload kept)',
    basis: RFC7519_REJECT,
    forge: ({ segments: s }) => `${s.header}.${s.payload}.`,
  },
  {
    kind: 'alg-none', id: 'headers.jwt-alg-none', profiles: REFUSED_AS_FORGED, sends: 'the valid JWT\'s claims as an unsecured JWT (`alg: none`, no signature)',
    basis: RFC8725_NONE,
    forge: ({ claims }) => new UnsecuredJWT(claims).encode(),
  },
  {
    // Another `sub` would be refused by any app that looks the user up, signature checked or not;
    // the same claims plus one keep the identity, so only the signature check can refuse it.
    kind: 'payload-altered', id: 'headers.jwt-payload-altered', profiles: REFUSED_AS_FORGED, sends: `the valid JWT with a claim (\`${TAMPER_CLAIM}\`) added to its payload, not re-signed`,
    basis: RFC7515_VALIDATE,
    forge: ({ claims, segments: s }) => `${s.header}.${base64url.encode(JSON.stringify({ ...claims, [TAMPER_CLAIM]: 'payload changed without re-signing' }))}.${s.signature}`,
  },
];

/** The token as a signed JWT to tamper with, or why it is not one. */
export function tamperable(token: string): DecodedJwt | string {
  const jwt = decodeToken(token);
  if (typeof jwt === 'string') return jwt;
  if (jwt.header.alg === undefined || jwt.header.alg.toLowerCase() === 'none' || jwt.segments.signature === '') return `the valid token is an unsecured JWT (alg ${JSON.stringify(jwt.header.alg ?? null)}): there is no signature to tamper with`;
  return jwt;
}

/** The token read as a JWS-compact JWT, or why it is not one (jose's message). */
export function decodeToken(token: string): DecodedJwt | string {
  const parts = token.split('.');
  if (parts.length !== 3) return `the valid token is not a JWT in JWS Compact Serialization (${parts.length} dot-separated part${parts.length === 1 ? '' : 's'}, not 3)`;
  try {
    const header = decodeProtectedHeader(token);
    const claims = decodeJwt(token);
    return { header, claims, segments: { header: parts[0]!, payload: parts[1]!, signature: parts[2]! } };
  } catch (err) {
    return `the valid token is not a JWT (${(err as Error).message})`;
  }
}

/**
 * A token's parts as the report shows them: header and claims decoded, the signature never (it is
 * what makes the token a credential). The caller still passes this through the run's Redactor.
 */
export function describeToken(token: string): Record<string, unknown> {
  const jwt = decodeToken(token);
  if (typeof jwt === 'string') return { notAJwt: jwt };
  return { header: jwt.header, claims: jwt.claims, signature: jwt.segments.signature === '' ? '(empty)' : REDACTED };
}

export function tamperRequirement(profile: ProfileName, t: Tampering): RequirementRef {
  const { level, source } = t.profiles[profile]!;
  return { id: t.id, level, source };
}

/** What a target that validates its JWTs must answer to a tampered one: refused like a never-issued token. */
export function tamperPrediction(profile: ProfileName, t: Tampering): Prediction {
  return {
    profile,
    requirement: tamperRequirement(profile, t),
    acceptable: [{ kind: 'challenged', error: profile === 'rfc6750' ? 'invalid_token' : 'any' }],
    rationale: `${t.sends}: a JWT that does not verify is not the target's token (${t.basis.ref}: "${t.basis.quote}"); it is refused with 401 and a Bearer challenge`,
  };
}
