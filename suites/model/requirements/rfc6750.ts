// RFC 6750 (Bearer Token Usage): the `rfc6750` profile. Quotes via docs/sources/rfc6750.md.
import type { Source } from '../types.ts';
import type { ModelRequirement } from './types.ts';

const CHALLENGE_WHEN_REFUSED: Source = {
  ref: 'RFC 6750 §3',
  quote: 'If the protected resource request does not include authentication credentials or does not contain an access token that enables access to the protected resource, the resource server MUST include the HTTP "WWW-Authenticate" response header field',
};

const INVALID_TOKEN: Source = {
  ref: 'RFC 6750 §3.1',
  quote: 'The access token provided is expired, revoked, malformed, or invalid for other reasons. The resource SHOULD respond with the HTTP 401 (Unauthorized) status code.',
};

const CREDENTIALS: Source = { ref: 'RFC 6750 §2.1', quote: 'credentials = "Bearer" 1*SP b64token' };

const NO_ERROR_CODE = 'no credentials, so 401 with a Bearer challenge and no error code';
const MALFORMED = 'not a b64token, so 400 invalid_request or 401 with error="invalid_token"';

export const RFC6750: readonly ModelRequirement[] = [
  { id: 'bearer.no-header', profiles: { rfc6750: { level: 'MUST', source: CHALLENGE_WHEN_REFUSED, why: NO_ERROR_CODE } } },
  { id: 'bearer.empty-value', profiles: { rfc6750: { level: 'MUST', source: CHALLENGE_WHEN_REFUSED, why: NO_ERROR_CODE } } },
  { id: 'bearer.empty-token', profiles: { rfc6750: { level: 'MUST', source: CHALLENGE_WHEN_REFUSED, why: NO_ERROR_CODE } } },
  {
    id: 'bearer.other-scheme', profiles: { rfc6750: { level: 'MUST',
    source: { ref: 'RFC 6750 §3.1', quote: 'If the request lacks any authentication information (e.g., the client was unaware that authentication is necessary or attempted using an unsupported authentication method), the resource server SHOULD NOT include an error code or other error information.' },
    why: 'no Bearer attempt, so 401 with a Bearer challenge and no error code' } },
  },
  {
    id: 'bearer.query-method', profiles: { rfc6750: { level: 'INFO',
    source: { ref: 'RFC 6750 §2.3', quote: 'Resource servers MAY support this method.' },
    why: 'support for access_token in the query is optional: 401 without it, or the query token with it' } },
  },
  {
    id: 'bearer.canonical', profiles: { rfc6750: { level: 'MUST',
    source: { ref: 'RFC 6750 §2.1', quote: 'Resource servers MUST support this method.' },
    why: 'the endpoint gets exactly the token' } },
  },
  {
    id: 'bearer.multiple-sp', profiles: { rfc6750: { level: 'MUST', source: CREDENTIALS,
    why: 'the separator is 1*SP, so the token is what follows all of them' } },
  },
  {
    id: 'bearer.missing-sp', profiles: { rfc6750: { level: 'SHOULD', source: CREDENTIALS,
    why: 'no SP after the scheme, so not Bearer credentials: 400 invalid_request or 401' } },
  },
  { id: 'bearer.sp-htab-separator', profiles: { rfc6750: { level: 'SHOULD', source: INVALID_TOKEN, why: MALFORMED } } },
  { id: 'bearer.unicode-whitespace', profiles: { rfc6750: { level: 'SHOULD', source: INVALID_TOKEN, why: MALFORMED } } },
  { id: 'bearer.non-b64token', profiles: { rfc6750: { level: 'SHOULD', source: INVALID_TOKEN, why: MALFORMED } } },
  {
    id: 'http.duplicate', profiles: { rfc6750: { level: 'SHOULD',
    source: { ref: 'RFC 6750 §3.1', quote: 'repeats the same parameter, uses more than one method for including an access token, or is otherwise malformed. The resource server SHOULD respond with the HTTP 400 (Bad Request) status code.' },
    why: 'two Authorization lines are a malformed request: 400' } },
  },
];
