// Cases from RFC 6750 §2.1: `credentials = "Bearer" 1*SP b64token`, and §1.1: values are case-sensitive.
import type { HeaderCase } from './types.ts';

export const RFC6750_CASES: HeaderCase[] = [
  { id: 'headers.multiple-sp', sends: 'two SP between `Bearer` and the token', request: { lines: ['Authorization: Bearer  {token}'] } },
  { id: 'headers.padded-b64token', sends: 'a b64token with `==` padding', request: { lines: ['Authorization: Bearer {token}=='] } },
  { id: 'headers.token-case-preserved', sends: 'the token with its letter case swapped', request: { lines: ['Authorization: Bearer {token-swapcase}'] } },
  { id: 'headers.token-with-space', sends: '`Bearer <token> def` (a space inside the credentials)', request: { lines: ['Authorization: Bearer {token} def'] } },
  { id: 'headers.token-with-comma', sends: '`Bearer a,b` (a comma is not a b64token character)', request: { lines: ['Authorization: Bearer a,{token}'] } },
  { id: 'headers.auth-param', sends: '`Bearer realm="x"` (an auth-param, not a b64token)', request: { lines: ['Authorization: Bearer realm="x"'] } },
  { id: 'headers.leading-equals', sends: '`Bearer =<token>` (padding first is not a b64token)', request: { lines: ['Authorization: Bearer ={token}'] } },
];
