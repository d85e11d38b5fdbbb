// {token} and the other placeholders are expanded in every textual part of a case's request, so no
// target ever sees a literal `{token}` (issue 16, class 6: `?access_token={token}` was sent as is).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEADER_CASES } from '../suites/catalogue/index.ts';
import { DEMO_TOKEN, PLACEHOLDER, expandRequest } from '../suites/catalogue/types.ts';
import { predict } from '../suites/model/index.ts';

/** A real token may carry every b64token character, `+`, `/` and `=` included. */
const REAL_LOOKING = 'aB3-._~+/xyz==';

/** Every string anywhere in the request (lines, query, and any part added later). */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [];
}

for (const token of [DEMO_TOKEN, REAL_LOOKING]) {
  test(`no placeholder survives expansion in any part of any case (token ${JSON.stringify(token)})`, () => {
    const left = HEADER_CASES.flatMap((c) => texts(expandRequest(c.request, token)).filter((t) => PLACEHOLDER.test(t)).map((t) => `${c.id}: ${t}`));
    assert.deepEqual(left, []);
  });
}

test('the query gets the token form-encoded, and the model reads back exactly the token', () => {
  const expanded = expandRequest({ query: 'access_token={token}', lines: [] }, REAL_LOOKING);
  assert.equal(expanded.query, `access_token=${encodeURIComponent(REAL_LOOKING)}`);
  assert.equal(new URLSearchParams(expanded.query).get('access_token'), REAL_LOOKING);
  assert.deepEqual(predict('rfc6750', expanded).acceptable.filter((o) => o.kind === 'authorized'), [{ kind: 'authorized', token: REAL_LOOKING }]);
});

test('the query expands every placeholder, not only {token}', () => {
  const expanded = expandRequest({ query: 'a={token-swapcase}&b={x*3}', lines: [] }, 'aB');
  assert.equal(expanded.query, 'a=Ab&b=xxx');
});

test('header lines get the token verbatim, swapped, and runs of x', () => {
  const expanded = expandRequest({ lines: ['Authorization: Bearer {token}', 'X: {token-swapcase}', 'Y: {x*4}'] }, REAL_LOOKING);
  assert.deepEqual(expanded.lines, [`Authorization: Bearer ${REAL_LOOKING}`, 'X: Ab3-._~+/XYZ==', 'Y: xxxx']);
});

test('a request without a query gets none', () => {
  assert.equal('query' in expandRequest({ lines: ['Authorization: Bearer {token}'] }, DEMO_TOKEN), false);
});
