// readCredentials on the values the HTTP layer delivers (after OWS trimming and unfolding).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { B64TOKEN, DESCRIPTIONS, readCredentials } from './credentials.ts';
import type { CredentialOutcome, Mode } from './credentials.ts';

function read(mode: Mode, value: string | undefined, lines = value === undefined ? 0 : 1): CredentialOutcome {
  return readCredentials(mode, { value, lines });
}

const token = (t: string): CredentialOutcome => ({ kind: 'token', token: t });
const UNAUTHENTICATED: CredentialOutcome = { kind: 'unauthenticated' };
const invalid = (description: string): CredentialOutcome => ({ kind: 'invalid_request', description });

test('b64token is RFC 6750 §2.1: the token68 characters, then only trailing "="', () => {
  for (const ok of ['mF_9.B5f-4.1JqM', 'abc==', 'a+/~', 'A']) assert.ok(B64TOKEN.test(ok), ok);
  for (const bad of ['', '=', '=abc', 'a=b', 'a b', 'a,b', 'ab\xe9', 'a\tb', 'a"b']) assert.ok(!B64TOKEN.test(bad), bad);
});

test('fastapi@0.92 partitions at the first SP and returns the rest verbatim', () => {
  assert.deepEqual(read('fastapi@0.92', undefined), UNAUTHENTICATED);
  assert.deepEqual(read('fastapi@0.92', ''), UNAUTHENTICATED);
  assert.deepEqual(read('fastapi@0.92', 'Bearer'), token(''));
  assert.deepEqual(read('fastapi@0.92', 'Bearer  abc'), token(' abc'));
  assert.deepEqual(read('fastapi@0.92', 'Bearer \tabc'), token('\tabc'));
  assert.deepEqual(read('fastapi@0.92', 'bEARER abc, Basic xyz'), token('abc, Basic xyz'));
  assert.deepEqual(read('fastapi@0.92', 'Bearer\tabc'), UNAUTHENTICATED);
  assert.deepEqual(read('fastapi@0.92', 'Bearer\xa0abc'), UNAUTHENTICATED);
  assert.deepEqual(read('fastapi@0.92', 'Basic abc'), UNAUTHENTICATED);
});

test('fastapi strips the token as Python does (ground truth §4), not as String.trim() does', () => {
  const rows: [string, string][] = [
    ['Bearer', ''],
    ['Bearer  abc', 'abc'],
    ['Bearer \tabc', 'abc'],
    ['Bearer abc  def', 'abc  def'],
    ['Bearer \x1f', ''],
    ['Bearer \xa0abc', 'abc'],
    ['Bearer \x85abc', 'abc'],
    ['Bearer abc\x1c', 'abc'],
    ['Bearer \x1c\x1d\x1e\x1f\x0b\x0cabc', 'abc'],
  ];
  for (const [value, expected] of rows) assert.deepEqual(read('fastapi', value), token(expected), JSON.stringify(value));
  // String.trim() would remove U+FEFF; str.isspace() is false for it.
  assert.deepEqual(read('fastapi', 'Bearer \ufeffabc'), token('\ufeffabc'));
  assert.deepEqual(read('fastapi', 'Bearer\tabc'), UNAUTHENTICATED);
});

test('documented: Bearer 1*SP and a non-empty token, returned verbatim', () => {
  assert.deepEqual(read('documented', undefined), UNAUTHENTICATED);
  assert.deepEqual(read('documented', 'Bearer'), UNAUTHENTICATED);
  assert.deepEqual(read('documented', 'Bearer  '), UNAUTHENTICATED);
  assert.deepEqual(read('documented', 'Bearer   abc'), token('abc'));
  assert.deepEqual(read('documented', 'Bearer abc def'), token('abc def'));
  assert.deepEqual(read('documented', 'Bearer \tabc'), token('\tabc'));
  assert.deepEqual(read('documented', 'BEARER abc'), token('abc'));
  assert.deepEqual(read('documented', 'Bearer\tabc'), UNAUTHENTICATED);
  assert.deepEqual(read('documented', 'Bearer abc', 2), token('abc'));
});

test('rfc6750: Bearer 1*SP b64token, other schemes 401, anything else malformed is 400 invalid_request', () => {
  assert.deepEqual(read('rfc6750', undefined), UNAUTHENTICATED);
  assert.deepEqual(read('rfc6750', ''), UNAUTHENTICATED);
  assert.deepEqual(read('rfc6750', 'Bearer'), UNAUTHENTICATED);
  assert.deepEqual(read('rfc6750', 'Bearerabc'), UNAUTHENTICATED);
  assert.deepEqual(read('rfc6750', 'Basic Og=='), UNAUTHENTICATED);
  assert.deepEqual(read('rfc6750', 'Basic\tOg=='), UNAUTHENTICATED);
  assert.deepEqual(read('rfc6750', 'bearer  mF_9.B5f-4.1JqM'), token('mF_9.B5f-4.1JqM'));
  assert.deepEqual(read('rfc6750', 'Bearer\tabc'), invalid(DESCRIPTIONS.tabSeparator));
  for (const value of ['Bearer abc def', 'Bearer a,b', 'Bearer realm="x"', 'Bearer a=b', 'Bearer \tabc', 'Bearer ab\xe9c']) {
    assert.deepEqual(read('rfc6750', value), invalid(DESCRIPTIONS.notB64token), JSON.stringify(value));
  }
  assert.deepEqual(read('rfc6750', 'Bearer abc', 2), invalid(DESCRIPTIONS.repeated));
});

test('error descriptions keep to the characters RFC 6750 §3 allows in a quoted error_description', () => {
  for (const d of Object.values(DESCRIPTIONS)) assert.match(d, /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
});
