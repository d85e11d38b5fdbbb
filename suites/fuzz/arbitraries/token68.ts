// token68: "so that it can hold a base64, base64url …, base32, or base16 (hex) encoding, with or
// without padding, but excluding whitespace" (RFC 9110 §11.2). Generated as such encodings of bytes.
import fc from 'fast-check';

/** @internal */
export function base64Mapper(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** @internal */
export function base64urlMapper(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** @internal */
export function hexMapper(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** @internal A JWT-like token: three base64url parts joined by ".". */
export function dottedMapper(parts: readonly Uint8Array[]): string {
  return parts.map(base64urlMapper).join('.');
}

// token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="    (RFC 9110 §11.2)
export function token68(): fc.Arbitrary<string> {
  const bytes = fc.uint8Array({ minLength: 1, maxLength: 48 });
  return fc.oneof(
    bytes.map(base64Mapper),
    bytes.map(base64urlMapper),
    bytes.map(hexMapper),
    fc.array(fc.uint8Array({ minLength: 1, maxLength: 24 }), { minLength: 3, maxLength: 3 }).map(dottedMapper),
  );
}
