import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CROSS_CHECK_REQUIREMENTS, DOCUMENT_REQUIREMENTS, DOCUMENT_RULES, OPENAPI_CHECKS, OPENAPI_REQUIREMENTS, TOKEN_CHECKS, TOKEN_REQUIREMENTS, requirementsFor } from '../suites/openapi/index.ts';
import type { ProfileName } from '../suites/model/types.ts';

const PROFILES: ProfileName[] = ['documented', 'fastapi', 'fastapi@0.92', 'rfc6750'];

test('requirement ids are unique and listed in report order: document, cross-check, token endpoint', () => {
  const ids = OPENAPI_REQUIREMENTS.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(ids, [...DOCUMENT_REQUIREMENTS, ...CROSS_CHECK_REQUIREMENTS, ...TOKEN_REQUIREMENTS].map((r) => r.id));
});

test('every requirement has exactly one check by id, and nothing else has one (the registry\'s type guards this at compile time too)', () => {
  assert.deepEqual(Object.keys(DOCUMENT_RULES), DOCUMENT_REQUIREMENTS.map((r) => r.id));
  assert.deepEqual(Object.keys(TOKEN_CHECKS), TOKEN_REQUIREMENTS.map((r) => r.id));
  assert.deepEqual(Object.keys(OPENAPI_CHECKS).sort(), OPENAPI_REQUIREMENTS.map((r) => r.id).sort());
  for (const r of OPENAPI_REQUIREMENTS) assert.equal(typeof OPENAPI_CHECKS[r.id].run, 'function', r.id);
});

for (const profile of PROFILES) {
  test(`under ${profile}: titles are unique, every requirement is in the openapi suite with a short verbatim source`, () => {
    const reqs = requirementsFor(profile);
    assert.equal(new Set(reqs.map((r) => r.title)).size, reqs.length);
    for (const r of reqs) {
      assert.equal(r.suite, 'openapi', r.id);
      assert.ok(/^(openapi|token)\.[a-z0-9-]+$/.test(r.id), r.id);
      assert.ok(r.source.ref.length > 0 && r.source.quote.length > 0 && r.source.quote.length <= 200, r.id);
      assert.match(r.title, /; expects /, r.id);
    }
  });
}
