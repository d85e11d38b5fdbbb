// The WWW-Authenticate parser against RFC 9110 §11.3/§11.6.1: what must parse, into what, and what
// must not parse at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChallenges, parseWwwAuthenticate } from '../suites/checks/challenge.ts';
import type { Challenge } from '../suites/checks/challenge.ts';

const bearer = (...params: [string, string][]): Challenge => ({ scheme: 'Bearer', params: params.map(([name, value]) => ({ name, value })) });

const PARSES: [string, Challenge[]][] = [
  ['Bearer', [bearer()]],
  ['bearer', [{ scheme: 'bearer', params: [] }]],
  ['Bearer realm="example"', [bearer(['realm', 'example'])]],
  // RFC 6750 §3 examples
  ['Bearer realm="example", error="invalid_token", error_description="The access token expired"',
    [bearer(['realm', 'example'], ['error', 'invalid_token'], ['error_description', 'The access token expired'])]],
  ['Bearer error=invalid_token', [bearer(['error', 'invalid_token'])]],
  ['Bearer realm = "a" ,  error =\t"b"', [bearer(['realm', 'a'], ['error', 'b'])]],
  ['Bearer realm="a\\"b\\\\c"', [bearer(['realm', 'a"b\\c'])]],
  ['Bearer realm=""', [bearer(['realm', ''])]],
  ['Bearer realm="\xe9\t "', [bearer(['realm', '\xe9\t '])]],
  ['Bearer realm="a,b", scope="x y"', [bearer(['realm', 'a,b'], ['scope', 'x y'])]],
  ['Basic realm="x", Bearer', [{ scheme: 'Basic', params: [{ name: 'realm', value: 'x' }] }, bearer()]],
  ['Bearer, Basic realm="x"', [bearer(), { scheme: 'Basic', params: [{ name: 'realm', value: 'x' }] }]],
  ['Bearer realm="a", error="b", Basic realm="c"', [bearer(['realm', 'a'], ['error', 'b']), { scheme: 'Basic', params: [{ name: 'realm', value: 'c' }] }]],
  ['Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"', [
    { scheme: 'Newauth', params: [{ name: 'realm', value: 'apps' }, { name: 'type', value: '1' }, { name: 'title', value: 'Login to "apps"' }] },
    { scheme: 'Basic', params: [{ name: 'realm', value: 'simple' }] },
  ]],
  ['Negotiate abc==', [{ scheme: 'Negotiate', token68: 'abc==', params: [] }]],
  ['Negotiate a/b+c, Bearer', [{ scheme: 'Negotiate', token68: 'a/b+c', params: [] }, bearer()]],
  ['Bearer realm=', [{ scheme: 'Bearer', token68: 'realm=', params: [] }]],
  ['Bearer realm="a", realm="b"', [bearer(['realm', 'a'], ['realm', 'b'])]],
  // empty list elements are ignored (RFC 9110 §5.6.1.2)
  [', Bearer ,, realm="x",,', [bearer(['realm', 'x'])]],
  ['Bearer, realm="x", Basic', [bearer(['realm', 'x']), { scheme: 'Basic', params: [] }]],
  ['', []],
  ['  ', []],
  // a quoted-pair escapes the quote, so the comma after it is still inside the string
  ['Bearer realm="a\\",b", error="c"', [bearer(['realm', 'a",b'], ['error', 'c'])]],
  ['Bearer error_description="x\\,y",scope="me"', [bearer(['error_description', 'x,y'], ['scope', 'me'])]],
  // a token68 ending in padding, then more challenges
  ['Negotiate YQ==, Bearer realm="x", Basic realm="y"', [
    { scheme: 'Negotiate', token68: 'YQ==', params: [] }, bearer(['realm', 'x']), { scheme: 'Basic', params: [{ name: 'realm', value: 'y' }] },
  ]],
];

for (const [value, challenges] of PARSES) {
  test(`parses ${JSON.stringify(value)}`, () => {
    assert.deepEqual(parseChallenges(value), { ok: true, challenges });
  });
}

const FAILS: [string, RegExp][] = [
  ['Bearer realm="unterminated', /expected "," after a token68/],
  ['Bearer\trealm="x"', /expected SP after the auth-scheme/],
  ['Bearer=abc', /expected SP after the auth-scheme/],
  ['"Bearer"', /expected an auth-scheme at offset 0/],
  ['Bearer realm="x" error="y"', /expected "," after an auth-param/],
  ['Bearer abc def', /expected "," after a token68/],
  ['Bearer =abc', /expected a token68 or an auth-param/],
  ['Bearer realm="a\x01"', /expected "," after a token68/],
  ['Bearer realm="x", =y', /expected an auth-scheme/],
];

for (const [value, error] of FAILS) {
  test(`does not parse ${JSON.stringify(value)}`, () => {
    const got = parseChallenges(value);
    assert.equal(got.ok, false);
    assert.match(got.ok ? '' : got.error, error);
  });
}

test('several field lines are one list', () => {
  assert.deepEqual(parseWwwAuthenticate(['Basic realm="x"', 'Bearer error="invalid_token"']), {
    ok: true,
    challenges: [{ scheme: 'Basic', params: [{ name: 'realm', value: 'x' }] }, bearer(['error', 'invalid_token'])],
  });
  assert.deepEqual(parseWwwAuthenticate([]), { ok: true, challenges: [] });
  assert.deepEqual(parseWwwAuthenticate(['Negotiate abc=', 'Bearer realm="a", realm="b"']), {
    ok: true,
    challenges: [{ scheme: 'Negotiate', token68: 'abc=', params: [] }, bearer(['realm', 'a'], ['realm', 'b'])],
  });
});
