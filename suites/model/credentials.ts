// What an Authorization value is, by the grammar of RFC 9110 §11.4 and RFC 6750 §2.1:
//   credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//   credentials = "Bearer" 1*SP b64token
// Each shape is a situation with a stable id; the profiles decide what a target must do in it.
import { isB64token, isPythonWhitespace, leadingToken } from './grammar.ts';

export const SHAPES = [
  'bearer.no-header',
  'bearer.query-method',
  'bearer.empty-value',
  'bearer.other-scheme',
  'bearer.empty-token',
  'bearer.missing-sp',
  'bearer.canonical',
  'bearer.scheme-case',
  'bearer.multiple-sp',
  'bearer.sp-htab-separator',
  'bearer.unicode-whitespace',
  'bearer.non-b64token',
] as const;

export type ShapeId = (typeof SHAPES)[number];

/** A value that reached the application, classified. `credentials` is what follows the SP run after the scheme. */
export type Shape =
  | { id: 'bearer.no-header' | 'bearer.empty-value' | 'bearer.other-scheme' | 'bearer.empty-token' | 'bearer.missing-sp' }
  | { id: 'bearer.query-method'; queryToken: string }
  | { id: 'bearer.canonical' | 'bearer.scheme-case' | 'bearer.multiple-sp'; credentials: string }
  | { id: 'bearer.sp-htab-separator' | 'bearer.unicode-whitespace' | 'bearer.non-b64token'; credentials: string };

/** The situation of a request whose first Authorization value is `value` (undefined: no such field). */
export function shapeOf(value: string | undefined, query: string | undefined): Shape {
  if (value === undefined) {
    const queryToken = new URLSearchParams(query ?? '').get('access_token');
    return queryToken === null ? { id: 'bearer.no-header' } : { id: 'bearer.query-method', queryToken };
  }
  if (value === '') return { id: 'bearer.empty-value' };
  const scheme = leadingToken(value);
  if (scheme.toLowerCase() !== 'bearer') return { id: 'bearer.other-scheme' };
  const rest = value.slice(scheme.length);
  if (rest === '') return { id: 'bearer.empty-token' };
  if (rest[0] !== ' ') return { id: 'bearer.missing-sp' };
  const credentials = rest.replace(/^ +/, '');
  const separator = rest.length - credentials.length;
  if (credentials === '') return { id: 'bearer.empty-token' };
  if (credentials[0] === '\t') return { id: 'bearer.sp-htab-separator', credentials };
  if (isPythonWhitespace(credentials[0]) || isPythonWhitespace(credentials[credentials.length - 1])) return { id: 'bearer.unicode-whitespace', credentials };
  if (!isB64token(credentials)) return { id: 'bearer.non-b64token', credentials };
  if (separator > 1) return { id: 'bearer.multiple-sp', credentials };
  if (scheme !== 'Bearer') return { id: 'bearer.scheme-case', credentials };
  return { id: 'bearer.canonical', credentials };
}

/** Shapes without a Bearer authentication attempt (RFC 6750 §3.1: then no error code). */
export const NO_CREDENTIALS: readonly ShapeId[] = ['bearer.no-header', 'bearer.empty-value', 'bearer.other-scheme', 'bearer.empty-token'];
