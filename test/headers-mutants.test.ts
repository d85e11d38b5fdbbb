// Proof that the header catalogue's checks can fail: each faulty target is reported as failing by
// the requirement it breaks, while the correct target and the reference server pass every case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEADER_MUTANTS, correct, startBehaviour } from './mutants/header-mutants.ts';
import { failures, runCatalogue } from './helpers/catalogue-run.ts';
import { startReferenceServer } from '../reference-server/server.ts';
import { PROFILES } from '../suites/model/profiles.ts';
import { HEADER_CASES } from '../suites/catalogue/index.ts';
import { predict } from '../suites/model/index.ts';
import { expandRequest, DEMO_TOKEN } from '../suites/catalogue/types.ts';

for (const flavour of ['documented', 'fastapi'] as const) {
  test(`the correct ${flavour} target passes every case under ${flavour}`, async () => {
    const target = await startBehaviour(correct(flavour));
    try {
      const verdicts = await runCatalogue(target.url, flavour);
      assert.deepEqual([...verdicts].filter(([, v]) => v.verdict !== 'pass'), []);
    } finally {
      await target.close();
    }
  });
}

for (const mode of PROFILES) {
  test(`the reference server in mode ${mode} passes every case under ${mode}`, async () => {
    const server = await startReferenceServer({ port: 0, mode, quiet: true });
    try {
      const verdicts = await runCatalogue(server.url, mode);
      assert.deepEqual([...verdicts].filter(([, v]) => v.verdict !== 'pass' && v.verdict !== 'skip'), []);
    } finally {
      await server.close();
    }
  });
}

/** What the mutants were caught by, per profile: the proof that each requirement can fail. */
const caughtBy = new Map<string, Set<string>>();

for (const mutant of HEADER_MUTANTS) {
  test(`mutant "${mutant.name}" is caught by ${mutant.breaks}`, async () => {
    const target = await startBehaviour(mutant.behaviour);
    try {
      const verdicts = await runCatalogue(target.url, mutant.profile);
      const failed = failures(verdicts);
      for (const id of failed) (caughtBy.get(mutant.profile) ?? caughtBy.set(mutant.profile, new Set()).get(mutant.profile)!).add(id);
      assert.ok(failed.includes(mutant.breaks), `failures: ${failed.join(', ') || 'none'}`);
    } finally {
      await target.close();
    }
  });
}

test('every MUST case of the catalogue fails on at least one mutant', () => {
  const caught = caughtBy.get('documented') ?? new Set<string>();
  const mustCases = HEADER_CASES.filter((c) => predict('documented', expandRequest(c.request, DEMO_TOKEN)).requirement.level === 'MUST');
  const uncovered = mustCases.map((c) => c.id).filter((id) => !caught.has(id));
  assert.deepEqual(uncovered, []);
});
