// Credentials that are visible ASCII but not a b64token: what RFC 6750 §3.1 calls malformed and
// FastAPI hands to the app verbatim (ground truth D-5).
import fc from 'fast-check';
import { b64char } from './b64token.ts';
import { insertedAnywhere, insertedInside } from './insert.ts';

/** tchar that b64token does not allow, and the delimiters of RFC 9110 §5.6.2 except "/" (which it does). */
export const NON_B64TOKEN_VCHARS: readonly string[] = [...'!#$%&\'*^`|', ...'"(),:;<>?@[\\]{}'];

function b64body(): fc.Arbitrary<string> {
  return fc.string({ unit: b64char(), minLength: 1, maxLength: 16 });
}

// Not b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=":
//   a VCHAR outside that set anywhere; "=" before the body or inside it (`a=b`, as an auth-param
//   would have); SP inside (`abc def`: SP at either end would be OWS, not part of the token).
export function nonB64token(): fc.Arbitrary<string> {
  return fc.oneof(
    insertedAnywhere(b64body(), fc.constantFrom(...NON_B64TOKEN_VCHARS)),
    insertedAnywhere(b64body(), fc.constant('=')).filter(isNotPaddingOnly),
    insertedInside(b64body(), fc.constantFrom(' ', '  ', ' = ', ', ')),
  );
}

/** @internal "abc=" is a valid b64token (padding); only "=" elsewhere makes it invalid. */
export function isNotPaddingOnly(s: string): boolean {
  return !/^[^=]+=+$/.test(s);
}
