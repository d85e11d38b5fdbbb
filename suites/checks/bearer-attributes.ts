// What RFC 6750 §3 asks of the auth-params of a Bearer challenge, beyond RFC 9110's grammar (which
// challenge.ts parses): each attribute once, the character sets of `error`, `error_description`
// and `scope`, and the error codes of §3.1. Pure functions over parsed challenges; each returns the
// problems it found, empty when there are none.
import { showBytes } from '../model/grammar.ts';
import type { AuthParam, Challenge } from './challenge.ts';

/**
 * RFC 6750 §3: error and error_description use %x20-21 / %x23-5B / %x5D-7E; scope values use
 * %x21 / %x23-5B / %x5D-7E with %x20 between them, the same set. So: printable ASCII less `"` and `\`.
 */
const ATTRIBUTE_CHARS = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const CHARSET_ATTRIBUTES = ['error', 'error_description', 'scope'] as const;

/** RFC 6750 §3.1 */
export const ERROR_CODES: readonly string[] = ['invalid_request', 'invalid_token', 'insufficient_scope'];

/** Names are compared case-insensitively (RFC 9110 §11.2). */
function named(challenge: Challenge, name: string): AuthParam[] {
  return challenge.params.filter((p) => p.name.toLowerCase() === name);
}

/** Auth-param names that occur more than once in one challenge, lower-cased. */
export function repeatedAttributes(challenge: Challenge): string[] {
  const lower = challenge.params.map((p) => p.name.toLowerCase());
  return [...new Set(lower.filter((n, i) => lower.indexOf(n) !== i))];
}

/** `name="value"` for each error, error_description or scope value with a character outside RFC 6750's set. */
export function forbiddenCharacters(challenge: Challenge): string[] {
  return CHARSET_ATTRIBUTES.flatMap((name) =>
    named(challenge, name).filter((p) => !ATTRIBUTE_CHARS.test(p.value)).map((p) => `${name}="${showBytes(p.value)}"`));
}

/** Error codes that RFC 6750 §3.1 does not define (values compare exactly, RFC 6750 §1.1). */
export function unknownErrorCodes(challenge: Challenge): string[] {
  return named(challenge, 'error').map((p) => p.value).filter((v) => !ERROR_CODES.includes(v));
}
