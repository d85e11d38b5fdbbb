// Cases from FastAPI's "Security - First Steps": "If it doesn't see an Authorization header, or the
// value doesn't have a Bearer token, it will respond with a 401 status code error (UNAUTHORIZED)".
import type { HeaderCase } from './types.ts';

export const FASTAPI_DOCS_CASES: HeaderCase[] = [
  { id: 'headers.missing', sends: 'no Authorization header', request: { lines: [] } },
  { id: 'headers.empty-value', sends: 'an empty Authorization value', request: { lines: ['Authorization: '] } },
  { id: 'headers.empty-no-space', sends: '`Authorization:` with nothing after the colon', request: { lines: ['Authorization:'] } },
  { id: 'headers.whitespace-only', sends: 'an Authorization value of only spaces', request: { lines: ['Authorization:     '] } },
  { id: 'headers.scheme-basic', sends: '`Basic` credentials', request: { lines: ['Authorization: Basic dXNlcjpwYXNz'] } },
  { id: 'headers.scheme-token', sends: '`Token <token>`', request: { lines: ['Authorization: Token {token}'] } },
  { id: 'headers.scheme-digest', sends: '`Digest <token>`', request: { lines: ['Authorization: Digest {token}'] } },
  { id: 'headers.scheme-glued', sends: '`Bearer<token>` with no separator', request: { lines: ['Authorization: Bearer{token}'] } },
  { id: 'headers.scheme-truncated', sends: '`Bear <token>`', request: { lines: ['Authorization: Bear {token}'] } },
  { id: 'headers.canonical', sends: 'canonical `Bearer <b64token>`', request: { lines: ['Authorization: Bearer {token}'] } },
  { id: 'headers.empty-token', sends: '`Bearer` with no token', request: { lines: ['Authorization: Bearer'] } },
  { id: 'headers.empty-token-trailing-sp', sends: '`Bearer ` with a trailing space and no token', request: { lines: ['Authorization: Bearer '] } },
  { id: 'headers.query-token-only', sends: '`?access_token=<token>` in the query and no header', request: { query: 'access_token={token}', lines: [] } },
];
