// The Bearer token: RFC 6750's b64token, the same character set as RFC 9110's token68.
import fc from 'fast-check';

/** The b64token characters (fast-check shrinks towards the first). */
export const B64TOKEN_CHARS: readonly string[] = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/'];

/** Longest token the fuzzer sends: 16 KiB, the default head limit of h11 and of Node (ground truth §3). */
export const MAX_TOKEN_BYTES = 16 * 1024;

/** @internal */
export function paddedMapper([body, padding]: [string, number]): string {
  return body + '='.repeat(padding);
}

/**
 * @internal A chunk repeated (and cut) to `length` bytes, the last `padding` of them "=" (as many
 * as fit after one body byte): long tokens without generating every byte.
 */
export function longTokenMapper([chunk, length, padding]: [string, number, number]): string {
  const pad = Math.min(padding, length - 1);
  const body = length - pad;
  return chunk.repeat(Math.ceil(body / chunk.length)).slice(0, body) + '='.repeat(pad);
}

// ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/"
export function b64char(): fc.Arbitrary<string> {
  return fc.constantFrom(...B64TOKEN_CHARS);
}

// b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="   (RFC 6750 §2.1)
export function b64token(maxLength = 40): fc.Arbitrary<string> {
  return fc.tuple(fc.string({ unit: b64char(), minLength: 1, maxLength }), fc.integer({ min: 0, max: 2 })).map(paddedMapper);
}

// A b64token of 1 to 16 KiB (`1*` has no upper bound; servers do).
export function longB64token(maxLength = MAX_TOKEN_BYTES): fc.Arbitrary<string> {
  const chunk = fc.string({ unit: b64char(), minLength: 1, maxLength: 8 });
  return fc.tuple(chunk, fc.integer({ min: 1, max: maxLength }), fc.integer({ min: 0, max: 2 })).map(longTokenMapper);
}
