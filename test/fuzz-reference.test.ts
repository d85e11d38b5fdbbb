// The reference server, in each mode, judged under its own profile: no generated request over
// 10,000 per seed breaks a fuzz property, and the probes see each mode's HTTP layer as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReferenceServer } from '../reference-server/server.ts';
import { PROFILES } from '../suites/model/profiles.ts';
import type { ProfileName } from '../suites/model/types.ts';
import { FuzzSession } from '../suites/fuzz/session.ts';
import { FUZZ_REQUIREMENTS } from '../suites/fuzz/requirements.ts';
import { Redactor } from '../suites/redact.ts';
import { DEMO_TOKEN } from '../suites/catalogue/types.ts';

const SEEDS = [1, 2, 3];
const RUNS = 10_000;

async function fuzzReference(mode: ProfileName, seed: number) {
  const server = await startReferenceServer({ port: 0, mode, quiet: true });
  const session = await FuzzSession.open({
    target: server.url, endpoint: { method: 'GET', path: '/items/' }, profile: mode, token: DEMO_TOKEN, validToken: false,
    seed, runs: RUNS, timeS: 120, timeoutMs: 5000, rate: 0,
  }, new Redactor());
  const verdicts: Record<string, string> = {};
  for (const r of FUZZ_REQUIREMENTS) {
    try {
      await session.check(r.id, {});
      verdicts[r.id] = 'pass';
    } catch (err) {
      verdicts[r.id] = (err as Error).message;
    }
  }
  await session.close();
  await server.close();
  return { session, verdicts };
}

for (const mode of PROFILES) {
  test(`the reference server in mode ${mode}: ${RUNS} generated requests for each of seeds ${SEEDS.join(', ')}, no failure`, async () => {
    for (const seed of SEEDS) {
      const { session, verdicts } = await fuzzReference(mode, seed);
      assert.equal(session.campaign.sent, RUNS);
      assert.equal(session.campaign.harnessErrors.count, 0);
      assert.equal(session.oracle, 'echo');
      assert.deepEqual(verdicts, Object.fromEntries(FUZZ_REQUIREMENTS.map((r) => [r.id, 'pass'])), `seed ${seed}`);
    }
  });
}

test('probes: strict modes refuse NUL, CTLs and obs-fold; the h11-like modes refuse only NUL', async () => {
  const expected: Record<ProfileName, string[]> = { documented: ['nul', 'ctl', 'obs-fold'], rfc6750: ['nul', 'ctl', 'obs-fold'], fastapi: ['nul'], 'fastapi@0.92': ['nul'] };
  for (const mode of PROFILES) {
    const server = await startReferenceServer({ port: 0, mode, quiet: true });
    try {
      const session = await FuzzSession.open({
        target: server.url, endpoint: { method: 'GET', path: '/items/' }, profile: mode, token: DEMO_TOKEN, validToken: false,
        seed: 1, runs: 0, timeS: 1, timeoutMs: 3000, rate: 0,
      }, new Redactor());
      await session.close();
      assert.deepEqual(session.probes.rejected, expected[mode].map((feature) => ({ feature, status: 400 })), mode);
      assert.equal(session.probes.findings.length, 6);
      assert.match(session.probes.summary, /^HTTP layer rejects nul \(400\)/);
    } finally {
      await server.close();
    }
  }
});
