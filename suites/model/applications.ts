// The application layer of each profile: from the Authorization values that got through the HTTP
// layer to the outcomes a conformant target may produce.
import { isB64token, pythonStrip } from './grammar.ts';
import type { Shape } from './credentials.ts';
import type { Outcome, ProfileName, SchemeKind } from './types.ts';

/** `values`: every Authorization value in order; `shape`: the first one, classified. */
type Application = (values: readonly string[], shape: Shape) => Outcome[];

const CHALLENGED: Outcome = { kind: 'challenged', error: 'any' };
const CHALLENGED_NO_ERROR: Outcome = { kind: 'challenged', error: 'absent' };
const CHALLENGED_INVALID_TOKEN: Outcome = { kind: 'challenged', error: 'invalid_token' };
const INVALID_REQUEST: Outcome = { kind: 'invalid-request' };
const HTTP_REJECTED: Outcome = { kind: 'http-rejected' };

function authorized(token: string): Outcome {
  return { kind: 'authorized', token };
}

/**
 * FastAPI's OAuth2PasswordBearer on what Starlette hands it, the first Authorization value
 * (ground truth §4): `scheme, _, param = value.partition(" ")`, then
 * `if not authorization or scheme.lower() != "bearer": 401 … else return param` (stripped from 0.128.1).
 * Its 401 is always exactly `WWW-Authenticate: Bearer`, so no error code.
 */
function fastapi(strip: boolean): Application {
  return (values) => {
    const value = values[0];
    if (!value) return [CHALLENGED_NO_ERROR];
    const sp = value.indexOf(' ');
    const scheme = sp < 0 ? value : value.slice(0, sp);
    const param = sp < 0 ? '' : value.slice(sp + 1);
    // Python's lower() and JavaScript's toLowerCase() agree on latin-1 letters.
    if (scheme.toLowerCase() !== 'bearer') return [CHALLENGED_NO_ERROR];
    return [authorized(strip ? pythonStrip(param) : param)];
  };
}

/** The docs' promises, and RFC 9110 where they are silent; anything that keeps them where neither decides. */
function documentedSingle(shape: Shape): Outcome[] {
  switch (shape.id) {
    case 'bearer.no-header':
    case 'bearer.query-method':
    case 'bearer.empty-value':
    case 'bearer.other-scheme':
    case 'bearer.empty-token':
      return [CHALLENGED];
    case 'bearer.missing-sp':
      return [CHALLENGED, INVALID_REQUEST];
    case 'bearer.canonical':
    case 'bearer.scheme-case':
    case 'bearer.multiple-sp':
      return [authorized(shape.credentials)];
    case 'bearer.sp-htab-separator':
    case 'bearer.unicode-whitespace':
    case 'bearer.non-b64token':
      return [CHALLENGED, INVALID_REQUEST, authorized(shape.credentials)];
  }
}

const documented: Application = (values, shape) => {
  const single = documentedSingle(shape);
  if (values.length < 2) return single;
  // A server may refuse the duplicate, or use the first line as FastAPI does; never the second.
  return [CHALLENGED, INVALID_REQUEST, HTTP_REJECTED, ...single.filter((o) => o.kind === 'authorized')];
};

/**
 * RFC 6750 read strictly: `"Bearer" 1*SP b64token`; error codes only after a Bearer attempt, and
 * a token that is not a b64token is `invalid_token` (docs/sources/rfc9110.md#http-03, docs/sources/rfc6750.md#b-01). Without the SP
 * there is no Bearer attempt to speak of, so any 401 will do (D-3b).
 */
const rfc6750: Application = (values, shape) => {
  if (values.length > 1) return [INVALID_REQUEST, HTTP_REJECTED];
  switch (shape.id) {
    case 'bearer.no-header':
    case 'bearer.empty-value':
    case 'bearer.other-scheme':
    case 'bearer.empty-token':
      return [CHALLENGED_NO_ERROR];
    case 'bearer.query-method':
      return isB64token(shape.queryToken) ? [CHALLENGED_NO_ERROR, authorized(shape.queryToken)] : [CHALLENGED_NO_ERROR];
    case 'bearer.missing-sp':
      return [INVALID_REQUEST, CHALLENGED];
    case 'bearer.sp-htab-separator':
    case 'bearer.unicode-whitespace':
    case 'bearer.non-b64token':
      return [INVALID_REQUEST, CHALLENGED_INVALID_TOKEN];
    case 'bearer.canonical':
    case 'bearer.scheme-case':
    case 'bearer.multiple-sp':
      return [authorized(shape.credentials)];
  }
};

export const APPLICATIONS: Record<ProfileName, Application> = {
  documented,
  fastapi: fastapi(true),
  'fastapi@0.92': fastapi(false),
  rfc6750,
};

/** HTTPBearer's two refusals before 0.122.0 (reference-server/fastapi-0.92-http-bearer-probes.json). */
const NOT_AUTHENTICATED_403: Outcome = { kind: 'forbidden', detail: 'Not authenticated' };
const INVALID_CREDENTIALS_403: Outcome = { kind: 'forbidden', detail: 'Invalid authentication credentials' };

/**
 * FastAPI's HTTPBearer on the first Authorization value (fastapi/security/http.py): unlike
 * OAuth2PasswordBearer it refuses empty credentials, `if not (authorization and scheme and
 * credentials)`, then another scheme. Before 0.122.0 both are 403 without a challenge ("Not
 * authenticated", "Invalid authentication credentials"); from 0.122.0 on (PR fastapi/fastapi#13786)
 * both are 401 with exactly `WWW-Authenticate: Bearer` (ground truth §4).
 */
function httpBearer(strip: boolean, forbids: boolean): Application {
  return (values) => {
    const value = values[0];
    const sp = value ? value.indexOf(' ') : -1;
    const scheme = !value ? '' : sp < 0 ? value : value.slice(0, sp);
    const credentials = sp < 0 ? '' : strip ? pythonStrip(value!.slice(sp + 1)) : value!.slice(sp + 1);
    if (!scheme || !credentials) return [forbids ? NOT_AUTHENTICATED_403 : CHALLENGED_NO_ERROR];
    if (scheme.toLowerCase() !== 'bearer') return [forbids ? INVALID_CREDENTIALS_403 : CHALLENGED_NO_ERROR];
    return [authorized(credentials)];
  };
}

/**
 * The application of a profile for the endpoint's scheme. `documented` and `rfc6750` judge HTTPBearer
 * as they judge OAuth2PasswordBearer (the docs promise 401 for either); the FastAPI profiles do what
 * that release's HTTPBearer does.
 */
/** Whether the endpoint is judged as OAuth2PasswordBearer: its scheme is, or the profile judges HTTPBearer alike. */
export function judgedAsOAuth2(profile: ProfileName, scheme: SchemeKind): boolean {
  return scheme === 'oauth2' || profile === 'documented' || profile === 'rfc6750';
}

export function applicationFor(profile: ProfileName, scheme: SchemeKind): Application {
  if (judgedAsOAuth2(profile, scheme)) return APPLICATIONS[profile];
  return httpBearer(profile === 'fastapi', scheme === 'http-bearer-403');
}
