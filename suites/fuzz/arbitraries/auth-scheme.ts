// The auth-scheme: Bearer in any letter case, and near misses that must never count as Bearer.
import fc from 'fast-check';
import { b64char } from './b64token.ts';
import { tchar, token } from './tchar.ts';
import { WIRE_CTLS } from './ctl.ts';
import { concatMapper } from './concat.ts';

export const SCHEME = 'Bearer';

/** Schemes people send by mistake or by design: none of them is Bearer. */
export const NEAR_MISS_SCHEMES: readonly string[] = ['Bearerx', 'Bear', 'Basic', 'Token', 'Beare', 'Bearers', 'BearerToken', 'Bearer_', 'Digest', 'OAuth', 'JWT', 'earer', 'xBearer'];

/**
 * Bytes that are not tchar and cannot be read as whitespace around the scheme: no SP/HTAB (OWS),
 * no NUL/CR/LF (a server may turn those into SP, RFC 9110 §5.5).
 */
export const NON_TCHAR_BYTES: readonly string[] = [
  ...'"(),:;<=>?@[\\]{}',
  ...WIRE_CTLS.filter((c) => c !== '\0'),
  ...Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(0x80 + i)),
];

/** @internal "Bearer" with the letter at `at` replaced by a tchar other than that letter in any case. */
export function substituteMapper([at, replacement]: [number, string]): string {
  const i = at % SCHEME.length;
  return SCHEME.slice(0, i) + replacement + SCHEME.slice(i + 1);
}

/** @internal "Bearer" without the letter at `at`. */
export function deleteMapper(at: number): string {
  const i = at % SCHEME.length;
  return SCHEME.slice(0, i) + SCHEME.slice(i + 1);
}

/** @internal "Bearer" with `inserted` before letter `at` (1..5: strictly inside). */
export function insideMapper([at, inserted]: [number, string]): string {
  const i = 1 + (at % (SCHEME.length - 1));
  return SCHEME.slice(0, i) + inserted + SCHEME.slice(i);
}

/** @internal Letter `i` of `text` (an ASCII letter) toggled when bit `i % 31` of `bits` is set. */
export function toggleCaseMapper([text, bits]: [string, number]): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const flip = ((bits >>> (i % 31)) & 1) === 1 && /[A-Za-z]/.test(ch);
    out += flip ? (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase()) : ch;
  }
  return out;
}

/**
 * `arb`'s strings in any ASCII letter case; shrinks towards the case `arb` gave. (fc.mixedCase
 * would do, at three times the cost, and toggles obs-text too: `'ÿ'.toUpperCase()` is not latin-1.)
 */
export function anyCase(arb: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(arb, fc.nat(0x7fffffff)).map(toggleCaseMapper);
}

function isBearerInAnyCase(s: string): boolean {
  return s.toLowerCase() === SCHEME.toLowerCase();
}

function differsFromBearer([at, replacement]: [number, string]): boolean {
  return replacement.toLowerCase() !== SCHEME[at % SCHEME.length]!.toLowerCase();
}

// auth-scheme = token, "a case-insensitive token"                   (RFC 9110 §11.1)
// "Bearer" in any letter case (ABNF strings are case-insensitive, RFC 5234 §2.3).
// Mostly as clients write it, often all lower or upper case, sometimes mixed.
export function bearerScheme(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(SCHEME) },
    { weight: 1, arbitrary: fc.constant(SCHEME.toLowerCase()) },
    { weight: 1, arbitrary: fc.constant(SCHEME.toUpperCase()) },
    { weight: 2, arbitrary: anyCase(fc.constant(SCHEME)) },
  );
}

// An auth-scheme that is a token but not "Bearer": common schemes and one-edit variants,
// with a suffix (`Bearerx`: a prefix match is not a match); as written, or in any letter case.
export function tokenNearMiss(): fc.Arbitrary<string> {
  const asWritten = fc.oneof(
    fc.constantFrom(...NEAR_MISS_SCHEMES),
    fc.tuple(fc.constant(SCHEME), token(6)).map(concatMapper),
    fc.tuple(token(4), fc.constant(SCHEME)).map(concatMapper),
    fc.tuple(fc.nat(), tchar()).filter(differsFromBearer).map(substituteMapper),
    fc.nat().map(deleteMapper),
    token(10),
  );
  return fc.oneof({ weight: 3, arbitrary: asWritten }, { weight: 1, arbitrary: anyCase(asWritten) }).filter(isNotBearer);
}

/** @internal */
export function isNotBearer(s: string): boolean {
  return !isBearerInAnyCase(s);
}

// "Bearer" with a byte that is not tchar inside it or right after it: no longer `token`, so not
// the scheme (`Bea:rer`, `Bearer\x7f`, `Bearer\xa0`).
export function nonTcharNearMiss(): fc.Arbitrary<string> {
  const byte = fc.constantFrom(...NON_TCHAR_BYTES);
  const asWritten = fc.oneof(
    fc.tuple(fc.nat(), byte).map(insideMapper),
    fc.tuple(fc.constant(SCHEME), byte).map(concatMapper),
    fc.tuple(fc.constant(SCHEME), byte, fc.string({ unit: b64char(), maxLength: 4 })).map(concatMapper),
  );
  return fc.oneof({ weight: 3, arbitrary: asWritten }, { weight: 1, arbitrary: anyCase(asWritten) });
}

// Every near miss: a token that is not "Bearer", or "Bearer" broken by a non-tchar byte.
export function nearMissScheme(): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: tokenNearMiss(), weight: 3 }, { arbitrary: nonTcharNearMiss(), weight: 1 });
}
