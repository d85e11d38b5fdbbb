// The catalogue is exactly what the suites register (id, level, title) under each profile, read from
// Playwright's own collection (`playwright test --list`, nothing sent): a listed requirement without a
// registered check fails here, and so does a registered check the listing lacks. Spawns Playwright
// eight times, so it is in the e2e tier (scripts/test.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IN_WHOLE_API_RUN, allRequirements } from '../suites/catalogue/requirements.ts';
import { PROFILES } from '../suites/model/profiles.ts';
import type { ProfileName } from '../suites/model/types.ts';
import { registeredChecks } from './helpers/registered.ts';

const listed = allRequirements();

/** "id level title" for each check, sorted: what the suites register and what the catalogue lists must be the same. */
function lines(checks: { id: string; level: string; title: string }[]): string[] {
  return checks.map((c) => `${c.id} ${c.level} ${c.title}`).sort();
}

/** Without a token (what the catalogue lists: the demo token), the requirements registered in every run, and a whole-API run's sweep. */
function listedUnder(profile: ProfileName): string[] {
  return lines(listed.flatMap((r) => {
    const c = r.profiles[profile];
    return c && (!r.when || r.when === IN_WHOLE_API_RUN) ? [{ id: r.id, level: c.level, title: c.title }] : [];
  }));
}

/** A whole-API run that left one operation out of the deep suites: the sweep's requirements are registered. */
const WHOLE_API = {
  deep: 1, swept: 2, fuzzBudget: 1, fuzzRunsEach: 1,
  groups: [{ key: 'security OAuth2PasswordBearer · safe method · status oracle', members: 2, representatives: ['GET /items/'], why: 'listing' }],
};

test('without a token, every listed requirement has a registered check and every registered check is listed (id, level, title), under each profile', async () => {
  const registered = await Promise.all(PROFILES.map((p) => registeredChecks(p, { token: false, plan: { sampling: WHOLE_API, sweep: [] } })));
  PROFILES.forEach((p, i) => assert.deepEqual(lines(registered[i]!), listedUnder(p), p));
});

test('with a valid token, --scopes and a whole-API sweep, the ids registered are the listed ones, and those registered only then match in level and title too', async () => {
  for (const profile of ['rfc6750', 'fastapi'] as const) {
    const registered = await registeredChecks(profile, { token: true, scopes: true, plan: { sampling: WHOLE_API, sweep: [] } });
    const ids = (xs: { id: string }[]) => [...new Set(xs.map((x) => x.id))].sort();
    assert.deepEqual(ids(registered), ids(listed.filter((r) => r.profiles[profile])), profile);
    // the header cases and the sweep are judged with the real token here (other titles); what only a token or --scopes registers is not
    const conditional = listed.flatMap((r) => (r.when && !r.when.startsWith(IN_WHOLE_API_RUN) && r.profiles[profile] ? [{ id: r.id, ...r.profiles[profile]! }] : []));
    const ofConditional = registered.filter((c) => conditional.some((r) => r.id === c.id));
    assert.deepEqual(lines(ofConditional), lines(conditional), profile);
  }
});

test('--only registers just the requirements it names (ids and globs), so the others are absent, not skipped', async () => {
  const registered = await registeredChecks('documented', { token: false, plan: { only: ['headers.scheme-*', 'token.no-store'] } });
  const expected = listed.filter((r) => r.profiles.documented && !r.when && (r.id.startsWith('headers.scheme-') || r.id === 'token.no-store'));
  assert.deepEqual(registered.map((r) => r.id).sort(), expected.map((r) => r.id).sort());
  assert.equal(registered.length, 9);
});
