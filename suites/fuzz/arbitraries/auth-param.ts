// auth-params after the Bearer scheme: valid RFC 9110 credentials syntax, but not what RFC 6750's
// `"Bearer" 1*SP b64token` allows (FastAPI passes `realm="x"` through as the token, D-5).
import fc from 'fast-check';
import { token } from './tchar.ts';
import { ows } from './whitespace.ts';

const QDTEXT = [...' !#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~'];

/** @internal */
export function quoteMapper(text: string): string {
  return `"${text}"`;
}

/** @internal */
export function authParamMapper([name, bwsBefore, bwsAfter, value]: [string, string, string, string]): string {
  return `${name}${bwsBefore}=${bwsAfter}${value}`;
}

/** @internal */
export function listMapper(params: readonly string[]): string {
  return params.join(', ');
}

// quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE          (RFC 9110 §5.6.4)
export function quotedString(): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...QDTEXT), maxLength: 12 }).map(quoteMapper);
}

// auth-param = token BWS "=" BWS ( token / quoted-string )          (RFC 9110 §11.2)
// BWS = OWS                                                         (RFC 9110 §5.6.3)
export function authParam(): fc.Arbitrary<string> {
  const name = fc.oneof(fc.constantFrom('realm', 'error', 'scope', 'token'), token(8));
  return fc.tuple(name, ows(1), ows(1), fc.oneof(token(12), quotedString())).map(authParamMapper);
}

// #auth-param: 1 to 3, comma-separated                              (RFC 9110 §5.6.1)
export function authParamList(): fc.Arbitrary<string> {
  return fc.array(authParam(), { minLength: 1, maxLength: 3 }).map(listMapper);
}
