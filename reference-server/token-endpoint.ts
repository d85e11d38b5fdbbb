// POST /token: the Resource Owner Password Credentials grant (RFC 6749 §4.3) for a public client.
// Client credentials are not required, so Swagger UI's default `Authorization: Basic Og==` (and any
// other client authentication) is ignored rather than refused.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, sendJson } from './respond.ts';
import { checkPassword } from './tokens.ts';
import type { TokenStore } from './tokens.ts';

/** Request bodies above this get 413; a password grant is a few dozen bytes. */
export const MAX_TOKEN_REQUEST_BYTES = 16 * 1024;
const FORM_TYPE = 'application/x-www-form-urlencoded';
/** RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once." */
const GRANT_PARAMETERS = ['grant_type', 'username', 'password', 'scope'] as const;
/** RFC 6749 §5.1: tokens, credentials and errors must not be cached. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

type OAuthError = 'invalid_request' | 'unsupported_grant_type' | 'invalid_grant';
type Grant = { username: string; password: string } | { error: OAuthError; description: string };

type Body = { kind: 'body'; bytes: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        resolve({ kind: 'too-large' });
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve({ kind: 'body', bytes: Buffer.concat(chunks) }));
    req.on('close', () => resolve({ kind: 'aborted' }));
    req.on('error', () => resolve({ kind: 'aborted' }));
  });
}

function isForm(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === FORM_TYPE;
}

/** The grant's parameters, or the RFC 6749 §5.2 error that refuses it (credentials not yet checked). */
export function readGrant(contentType: string | undefined, body: Buffer): Grant {
  if (!isForm(contentType)) return { error: 'invalid_request', description: `the body must be ${FORM_TYPE}` };
  // URLSearchParams decodes `+` as SP and %XX as UTF-8 (RFC 6749 Appendix B).
  const form = new URLSearchParams(body.toString('utf8'));
  const values = new Map<string, string>();
  for (const name of GRANT_PARAMETERS) {
    // RFC 6749 §3.2: "Parameters sent without a value MUST be treated as if they were omitted".
    const given = form.getAll(name).filter((v) => v !== '');
    if (given.length > 1) return { error: 'invalid_request', description: `${name} is repeated` };
    if (given.length === 1) values.set(name, given[0]!);
  }
  const grantType = values.get('grant_type');
  if (grantType === undefined) return { error: 'invalid_request', description: 'grant_type is missing' };
  if (grantType !== 'password') return { error: 'unsupported_grant_type', description: 'only grant_type=password is supported' };
  const username = values.get('username');
  const password = values.get('password');
  if (username === undefined) return { error: 'invalid_request', description: 'username is missing' };
  if (password === undefined) return { error: 'invalid_request', description: 'password is missing' };
  return { username, password };
}

export async function handleTokenRequest(req: IncomingMessage, res: ServerResponse, tokens: TokenStore): Promise<void> {
  if (req.method !== 'POST') return methodNotAllowed(res, 'POST', NO_STORE);
  const body = await readBody(req, MAX_TOKEN_REQUEST_BYTES);
  if (body.kind === 'aborted') return;
  if (body.kind === 'too-large') {
    const description = `the request body exceeds ${MAX_TOKEN_REQUEST_BYTES} bytes`;
    return sendJson(res, 413, { error: 'invalid_request', error_description: description }, { ...NO_STORE, connection: 'close' });
  }
  const grant = readGrant(req.headers['content-type'], body.bytes);
  if ('error' in grant) return sendJson(res, 400, { error: grant.error, error_description: grant.description }, NO_STORE);
  if (!checkPassword(grant.username, grant.password)) {
    return sendJson(res, 400, { error: 'invalid_grant', error_description: 'unknown username or wrong password' }, NO_STORE);
  }
  sendJson(res, 200, { access_token: tokens.issue(grant.username), token_type: 'bearer' }, NO_STORE);
}
