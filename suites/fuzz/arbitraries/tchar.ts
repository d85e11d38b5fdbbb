// Tokens: what an auth-scheme and a field-name are made of.
import fc from 'fast-check';

/** Every tchar, in the order RFC 9110 lists them (fast-check shrinks towards the first). */
export const TCHARS: readonly string[] = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'!#$%&\'*+-.^_`|~',
];

// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
//         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA               (RFC 9110 §5.6.2)
export function tchar(): fc.Arbitrary<string> {
  return fc.constantFrom(...TCHARS);
}

// token = 1*tchar                                                   (RFC 9110 §5.6.2)
export function token(maxLength = 12): fc.Arbitrary<string> {
  return fc.string({ unit: tchar(), minLength: 1, maxLength });
}
