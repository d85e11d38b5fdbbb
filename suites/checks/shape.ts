// Rules on the shape of a 401, apart from which outcome was right: the challenge it carries, its
// auth-params, and FastAPI's exact header and body. Each rule says when it applies separately from
// what it checks, and returns what is wrong (or null).
import { lacksCredentials } from '../model/index.ts';
import { showBytes } from '../model/grammar.ts';
import type { Level, Observation, ProfileName, RawRequest, RequirementRef, Source } from '../model/types.ts';
import { parseWwwAuthenticate } from './challenge.ts';
import type { Challenge } from './challenge.ts';
import { forbiddenCharacters, repeatedAttributes, unknownErrorCodes } from './bearer-attributes.ts';
import { bearerChallenges, errorOf } from './outcome.ts';
import { alike, NOT_RFC6750 } from '../model/requirements/clause.ts';
import type { ByProfile, Declared } from '../model/requirements/clause.ts';

export interface ShapeRule {
  requirement: RequirementRef;
  /** "Sends …; expects …", unique among the rules */
  title: string;
  appliesTo(obs: Observation): boolean;
  /** null when the response is right, else what is wrong with it */
  check(obs: Observation, request: RawRequest): string | null;
}

interface ShapeClause extends Omit<ShapeRule, 'requirement'>, Declared {}

const DOCS_CHALLENGE: Source = {
  ref: 'FastAPI docs: Simple OAuth2 (docs/sources/fastapi-docs.md#f-03)',
  quote: 'Any HTTP (error) status code 401 "UNAUTHORIZED" is supposed to also return a WWW-Authenticate header. In the case of bearer tokens (our case), the value of that header should be Bearer.',
};
const RFC9110_CHALLENGE: Source = {
  ref: 'RFC 9110 §11.6.1',
  quote: 'A server generating a 401 (Unauthorized) response MUST send a WWW-Authenticate header field containing at least one challenge.',
};
const FASTAPI_401: Source = {
  ref: 'FastAPI as measured §1 (docs/sources/fastapi-measured.md#ground-truth-1)',
  quote: '"401" always means exactly this: www-authenticate: Bearer and body {"detail":"Not authenticated"}.',
};
const RFC9110_PARAM_ONCE: Source = { ref: 'RFC 9110 §11.2', quote: 'each parameter name MUST only occur once per challenge.' };
const RFC6750_ATTRIBUTE_ONCE: Source = {
  ref: 'RFC 9110 §11.2; RFC 6750 §3',
  quote: 'each parameter name MUST only occur once per challenge. … The "realm" attribute MUST NOT appear more than once. … The "scope" attribute MUST NOT appear more than once. … The "error", "error_description", and "error_uri" attributes MUST NOT appear more than once.',
};
const RFC6750_CHARSET: Source = {
  ref: 'RFC 6750 §3',
  quote: 'Values for the "scope" attribute … MUST NOT include characters outside the set %x21 / %x23-5B / %x5D-7E for representing scope values and %x20 for delimiters between scope values. Values for the "error" and "error_description" attributes … MUST NOT include characters outside the set %x20-21 / %x23-5B / %x5D-7E.',
};
const RFC6750_ERROR_CODES: Source = {
  ref: 'RFC 6750 §3.1',
  quote: 'When a request fails, the resource server responds using the appropriate HTTP status code (typically, 400, 401, 403, or 405) and includes one of the following error codes in the response: invalid_request … invalid_token … insufficient_scope',
};
const RFC6750_NO_ERROR: Source = {
  ref: 'RFC 6750 §3.1',
  quote: 'If the request lacks any authentication information (e.g., the client was unaware that authentication is necessary or attempted using an unsupported authentication method), the resource server SHOULD NOT include an error code or other error information.',
};
const NOT_AUTHENTICATED = '{"detail":"Not authenticated"}';

export const SHAPE_REQUIREMENTS: readonly ShapeClause[] = [
  {
    id: 'shape.bearer-challenge',
    title: 'Sends no credentials or another scheme; expects the 401 to carry WWW-Authenticate with a Bearer challenge',
    profiles: {
      documented: { level: 'MUST', source: DOCS_CHALLENGE },
      fastapi: { level: 'MUST', source: RFC9110_CHALLENGE },
      'fastapi@0.92': { level: 'MUST', source: RFC9110_CHALLENGE },
      rfc6750: { level: 'MUST', source: RFC9110_CHALLENGE },
    },
    appliesTo: is401,
    check: (obs) => {
      const values = obs.headers['www-authenticate'];
      if (!values) return 'the 401 has no WWW-Authenticate';
      const parsed = parseWwwAuthenticate(values);
      if (!parsed.ok) return `WWW-Authenticate "${showBytes(values.join(', '))}" does not parse: ${parsed.error}`;
      return bearerChallenges(obs).length > 0 ? null : `WWW-Authenticate "${showBytes(values.join(', '))}" has no Bearer challenge`;
    },
  },
  {
    id: 'shape.fastapi-challenge',
    title: 'Sends no credentials or another scheme; expects the 401 challenge to be exactly `Bearer`, as FastAPI sends it',
    profiles: {
      documented: { level: 'INFO', source: DOCS_CHALLENGE },
      fastapi: { level: 'MUST', source: FASTAPI_401 },
      'fastapi@0.92': { level: 'MUST', source: FASTAPI_401 },
    },
    appliesTo: is401,
    check: (obs) => {
      const values = obs.headers['www-authenticate'] ?? [];
      return values.length === 1 && values[0] === 'Bearer' ? null : `WWW-Authenticate is ${values.map((v) => `"${showBytes(v)}"`).join(' + ') || 'absent'}`;
    },
  },
  {
    id: 'shape.fastapi-body',
    title: `Sends no credentials or another scheme; expects the 401 body to be exactly ${NOT_AUTHENTICATED}, as FastAPI sends it`,
    profiles: {
      documented: { level: 'INFO', source: FASTAPI_401 },
      fastapi: { level: 'MUST', source: FASTAPI_401 },
      'fastapi@0.92': { level: 'MUST', source: FASTAPI_401 },
    },
    appliesTo: is401,
    check: (obs) => {
      const body = Buffer.from(obs.body).toString('latin1');
      return body === NOT_AUTHENTICATED ? null : `the body is "${showBytes(body.slice(0, 200))}"`;
    },
  },
  {
    id: 'shape.challenge-auth-param',
    title: 'Sends no credentials or another scheme; expects the Bearer challenge to carry at least one auth-param',
    profiles: { rfc6750: { level: 'SHOULD', source: { ref: 'RFC 6750 §3', quote: 'This scheme MUST be followed by one or more auth-param values.' } } },
    appliesTo: hasBearerChallenge,
    check: (obs) => (bearerChallenges(obs).every((c) => c.params.length > 0) ? null : 'a Bearer challenge has no auth-param'),
  },
  {
    id: 'shape.no-repeated-auth-param',
    title: 'Sends no credentials or another scheme; expects no auth-param to appear twice in a challenge',
    profiles: {
      documented: { level: 'SHOULD', source: RFC9110_PARAM_ONCE },
      fastapi: { level: 'INFO', source: RFC9110_PARAM_ONCE },
      'fastapi@0.92': { level: 'INFO', source: RFC9110_PARAM_ONCE },
      rfc6750: { level: 'MUST', source: RFC6750_ATTRIBUTE_ONCE },
    },
    appliesTo: hasBearerChallenge,
    check: (obs) => problems('repeated auth-param', allChallenges(obs).flatMap(repeatedAttributes)),
  },
  {
    id: 'shape.bearer-attribute-charset',
    title: 'Sends no credentials or another scheme; expects error, error_description and scope in the Bearer challenge to use only the characters RFC 6750 allows',
    profiles: rfc6750Levels('MUST', RFC6750_CHARSET),
    appliesTo: hasBearerChallenge,
    check: (obs) => problems('character outside RFC 6750 §3\'s set in', bearerChallenges(obs).flatMap(forbiddenCharacters)),
  },
  {
    id: 'shape.known-error-code',
    title: 'Sends no credentials or another scheme; expects any error code in the Bearer challenge to be one that RFC 6750 defines',
    profiles: rfc6750Levels('SHOULD', RFC6750_ERROR_CODES),
    appliesTo: hasBearerChallenge,
    check: (obs) => problems('error code not defined by RFC 6750 §3.1', bearerChallenges(obs).flatMap(unknownErrorCodes).map((e) => `"${showBytes(e)}"`)),
  },
  {
    id: 'shape.no-error-without-credentials',
    title: 'Sends no credentials or another scheme; expects the challenge to carry no error code',
    profiles: rfc6750Levels('SHOULD', RFC6750_NO_ERROR),
    appliesTo: hasBearerChallenge,
    check: (obs, request) => {
      const error = bearerChallenges(obs).map(errorOf).find((e) => e !== undefined);
      return lacksCredentials(request) && error !== undefined ? `error="${showBytes(error)}" although the request had no Bearer credentials` : null;
    },
  },
];

/** The rules that judge a 401's shape under a profile, each with its level and source there. */
export function responseShapeRules(profile: ProfileName): ShapeRule[] {
  return SHAPE_REQUIREMENTS.flatMap(({ id, profiles, ...rule }) => {
    const here = profiles[profile];
    return here ? [{ ...rule, requirement: { id, level: here.level, source: here.source } }] : [];
  });
}

function is401(obs: Observation): boolean {
  return obs.status === 401;
}

function hasBearerChallenge(obs: Observation): boolean {
  return is401(obs) && bearerChallenges(obs).length > 0;
}

/** All challenges, any scheme: RFC 9110 §11.2's rule binds every one. */
function allChallenges(obs: Observation): Challenge[] {
  const parsed = parseWwwAuthenticate(obs.headers['www-authenticate'] ?? []);
  return parsed.ok ? parsed.challenges : [];
}

function problems(what: string, found: string[]): string | null {
  return found.length === 0 ? null : `${what}: ${found.join(', ')}`;
}

/**
 * A clause of RFC 6750 §3 alone. FastAPI's docs promise only the scheme `Bearer` (and FastAPI
 * sends nothing more), so under the other profiles it is an observation, never a finding that gates.
 */
function rfc6750Levels(level: Level, source: Source): ByProfile {
  return { ...alike(NOT_RFC6750, { level: 'INFO', source }), rfc6750: { level, source } };
}
