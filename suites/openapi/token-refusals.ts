// The three requests a token endpoint must refuse, and the two ways they are judged (DESIGN §3):
// whether the refusal is one FastAPI's documentation gives (no token; 400 or 401 with `detail` for
// bad credentials, 400 or 422 for a malformed form), a MUST in every profile; and whether it is in
// RFC 6749 §5.2's format (400 with an `error` code), SHOULD under `documented` and the FastAPI
// profiles, MUST under `rfc6750`.
import type { Secrets } from '../config.ts';
import { field, isGranted, passwordGrant } from './token-http.ts';
import type { Form, TokenExchange } from './token-http.ts';

const UNKNOWN_USER = 'bearer-conformance-unknown-user';
const WRONG_PASSWORD = 'bearer-conformance-wrong-password';

export type RefusalKind = 'wrong-password' | 'missing-password' | 'other-grant';

export interface RefusalCase {
  kind: RefusalKind;
  /** the requirement that judges RFC 6749's format for this request */
  rfcId: string;
  /** what was sent, for messages (no secret in it) */
  sent(secrets: Secrets): string;
  form(secrets: Secrets): Form;
  /** statuses every profile accepts; `needsDetail`: the body is a JSON object with `detail` or `error` */
  refused: { status: number[]; needsDetail: boolean };
  /** RFC 6749 §5.2 for this answer: the status and error codes it allows */
  rfc(ex: TokenExchange): { status: number[]; errors: string[] };
}

function wrongPassword(secrets: Secrets): string {
  return secrets.password === WRONG_PASSWORD ? `${WRONG_PASSWORD}-2` : WRONG_PASSWORD;
}

export const REFUSALS: readonly RefusalCase[] = [
  {
    kind: 'wrong-password', rfcId: 'token.invalid-grant',
    sent: (s) => `a wrong password for ${JSON.stringify(s.username ?? UNKNOWN_USER)}`,
    form: (s) => passwordGrant(s.username ?? UNKNOWN_USER, wrongPassword(s)),
    // Simple OAuth2 answers 400, the JWT tutorial 401 + `WWW-Authenticate: Bearer`; both {"detail": …}.
    refused: { status: [400, 401], needsDetail: true },
    rfc: () => ({ status: [400], errors: ['invalid_grant'] }),
  },
  {
    kind: 'missing-password', rfcId: 'token.invalid-request',
    sent: () => 'a password grant without `password`',
    form: (s) => [['grant_type', 'password'], ['username', s.username ?? UNKNOWN_USER]],
    // FastAPI's OAuth2PasswordRequestForm: 422 (docs/sources/fastapi-measured.md#d-11).
    refused: { status: [400, 422], needsDetail: false },
    rfc: () => ({ status: [400], errors: ['invalid_request'] }),
  },
  {
    kind: 'other-grant', rfcId: 'token.unsupported-grant-type',
    sent: () => '`grant_type=client_credentials`',
    form: (s) => [['grant_type', 'client_credentials'], ['username', s.username ?? UNKNOWN_USER], ['password', s.password ?? wrongPassword(s)]],
    // 422 from FastAPI's `^password$` pattern (D-14); 401 invalid_client from a server that authenticates clients.
    refused: { status: [400, 401, 422], needsDetail: false },
    rfc: (ex) => (ex.status === 401 ? { status: [401], errors: ['invalid_client'] } : { status: [400], errors: ['unsupported_grant_type', 'unauthorized_client', 'invalid_client'] }),
  },
];

function errorCode(ex: TokenExchange): string | undefined {
  const error = field(ex, 'error');
  return typeof error === 'string' ? error : undefined;
}

function answered(ex: TokenExchange): string {
  const error = errorCode(ex);
  return `answered ${ex.status}${error !== undefined ? ` with error ${JSON.stringify(error)}` : ''}${isGranted(ex) ? ' and issued a token' : ''}`;
}

/** Why this answer is not a refusal every profile accepts, or undefined when it is one. */
export function refusalProblem(c: RefusalCase, ex: TokenExchange, secrets: Secrets): string | undefined {
  const hasDetail = field(ex, 'detail') !== undefined || errorCode(ex) !== undefined;
  const expected = `${c.refused.status.join(' or ')}${c.refused.needsDetail ? ' with a JSON `detail` or `error`' : ''}`;
  if (!isGranted(ex) && c.refused.status.includes(ex.status) && (hasDetail || !c.refused.needsDetail)) return undefined;
  const body = c.refused.status.includes(ex.status) && !isGranted(ex) ? ' without a JSON `detail` or `error`' : '';
  return `${c.sent(secrets)}: ${answered(ex)}${body}; expected ${expected}`;
}

/** What RFC 6749 §5.2 wants instead of this answer, or undefined when the answer follows it. */
export function rfcProblem(c: RefusalCase, ex: TokenExchange, secrets: Secrets): { expected: string[]; actual: string; message: string } | undefined {
  const accepted = c.rfc(ex);
  const error = errorCode(ex);
  if (accepted.status.includes(ex.status) && error !== undefined && accepted.errors.includes(error)) return undefined;
  const expected = accepted.errors.map((e) => `${accepted.status.join('/')} {"error":"${e}"}`);
  const how = error !== undefined || isGranted(ex) ? answered(ex) : `answered ${ex.status} without an RFC 6749 error code`;
  return { expected, actual: `${ex.status}${error !== undefined ? ` {"error":"${error}"}` : ''}`, message: `${c.sent(secrets)}: ${how}; expected ${expected.join(' or ')}` };
}
