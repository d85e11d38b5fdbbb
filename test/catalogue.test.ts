// The catalogue guards itself: ids are unique and every source resolves to an in-repo text that holds
// its quote. That the listing is exactly what the suites register: test/catalogue-registered.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allRequirements } from '../suites/catalogue/requirements.ts';
import { PROFILES } from '../suites/model/profiles.ts';
import { sourceProblem } from './helpers/sources.ts';
import { TAMPERINGS } from '../suites/checks/jwt-tamper.ts';

const listed = allRequirements();

test('requirement ids are unique, and titles are unique under each profile', () => {
  const ids = listed.map((r) => r.id);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  for (const p of PROFILES) {
    const titles = listed.flatMap((r) => r.profiles[p]?.title ?? []);
    assert.deepEqual(titles.filter((t, i) => titles.indexOf(t) !== i), [], p);
  }
});

test('every source of every requirement resolves to an in-repo text that holds its quote', () => {
  const problems = listed.flatMap((r) => Object.entries(r.profiles).flatMap(([p, c]) => {
    const problem = sourceProblem(c!.source);
    return problem ? [`${r.id} (${p}): ${problem}`] : [];
  }));
  assert.deepEqual(problems, []);
});

test('the JOSE clause each JWT tampering gives as its reason (in its prediction\'s rationale) resolves too', () => {
  assert.deepEqual(TAMPERINGS.flatMap((t) => sourceProblem(t.basis) ?? []), []);
});
