// Proof that the fuzz properties can fail: faulty targets whose fault only some inputs reach are
// each caught, within the default budget, by the property they break, with a shrunk
// counterexample in the evidence that replays from the seed; the correct target passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUZZ_MUTANTS, correct, startBehaviour } from './mutants/fuzz-mutants.ts';
import { correctApp } from './mutants/header-mutants.ts';
import type { Behaviour } from './mutants/header-mutants.ts';
import { DEFAULT_FUZZ_BUDGET, FuzzSession } from '../suites/fuzz/session.ts';
import { FUZZ_REQUIREMENTS } from '../suites/fuzz/requirements.ts';
import type { FuzzPropertyId } from '../suites/fuzz/requirements.ts';
import { REQUESTS, valueAtPath } from '../suites/fuzz/generate.ts';
import { CheckFailure } from '../suites/checks/failures.ts';
import { Redactor } from '../suites/redact.ts';
import { DEMO_TOKEN } from '../suites/catalogue/types.ts';
import { runCatalogue } from './helpers/catalogue-run.ts';
import type { Evidence } from '../suites/results.ts';

const SEEDS = [1, 2, 3];
const TIMEOUT_MS = 5000;
/** For the target that hangs: shrinking it costs one timeout per step. */
const HANG_TIMEOUT_MS = 1000;

interface Verdict { error?: unknown; evidence: Evidence }

async function fuzz(behaviour: Behaviour, seed: number, timeoutMs = TIMEOUT_MS): Promise<{ session: FuzzSession; verdicts: Map<FuzzPropertyId, Verdict> }> {
  const target = await startBehaviour(behaviour);
  try {
    const session = await FuzzSession.open({
      target: target.url, endpoint: { method: 'GET', path: '/items/' }, profile: 'documented', token: DEMO_TOKEN, validToken: false,
      seed, runs: DEFAULT_FUZZ_BUDGET.runs, timeS: DEFAULT_FUZZ_BUDGET.timeS, timeoutMs, rate: 0,
    }, new Redactor());
    const verdicts = new Map<FuzzPropertyId, Verdict>();
    for (const r of FUZZ_REQUIREMENTS) {
      const evidence: Evidence = {};
      try {
        await session.check(r.id, evidence);
        verdicts.set(r.id, { evidence });
      } catch (error) {
        verdicts.set(r.id, { error, evidence });
      }
    }
    await session.close();
    return { session, verdicts };
  } finally {
    await target.close();
  }
}

test('the correct target passes every fuzz property', async () => {
  for (const seed of SEEDS) {
    const { verdicts } = await fuzz(correct('documented'), seed);
    for (const [id, v] of verdicts) assert.equal(v.error, undefined, `${id}, seed ${seed}: ${(v.error as Error)?.message}`);
  }
});

interface Counterexample {
  seed: number; path: string; index: number; lines: string[]; bytes: string; replay: string;
  expected: string[]; actual: string; shrink: { steps: number; stoppedBy: string }; rerun: string;
}

for (const mutant of FUZZ_MUTANTS) {
  test(`mutant "${mutant.name}" is caught by ${mutant.caughtBy}, with a shrunk counterexample`, async () => {
    for (const seed of SEEDS) {
      const { session, verdicts } = await fuzz(mutant.behaviour, seed, mutant.caughtBy === 'fuzz.answers-in-time' ? HANG_TIMEOUT_MS : TIMEOUT_MS);
      assert.ok(session.campaign.sent <= DEFAULT_FUZZ_BUDGET.runs);
      const { error, evidence } = verdicts.get(mutant.caughtBy)!;
      assert.ok(error instanceof CheckFailure, `seed ${seed}: not caught (${(error as Error)?.message ?? 'pass'})`);
      assert.equal(error.requirementId, mutant.caughtBy);
      assert.equal(error.level, 'MUST', `seed ${seed}: each of these mutants breaks a MUST clause`);
      const c = evidence.counterexample as Counterexample;
      assert.equal(c.seed, seed);
      assert.match(c.path, /^\d+(:\d+)*$/);
      assert.equal(Number(c.path.split(':')[0]), c.index);
      assert.ok(c.shrink.steps > 0, `seed ${seed}: not shrunk`);
      assert.deepEqual(valueAtPath(REQUESTS, seed, c.path).lines.map((l) => l.length), c.lines.map((l) => l.replace(/\\x[0-9a-f]{2}|\\[rnt\\]/g, '.').length));
      assert.match(c.replay, /^printf '.*' \| nc 127\.0\.0\.1 \d+$/s);
      assert.match(c.rerun, new RegExp(`--seed ${seed} `));
      assert.ok(c.expected.length > 0 && c.actual.length > 0);
      assert.match(error.message, new RegExp(`seed ${seed}, path ${c.path}\\)`));
    }
  });
}

test('shrunk counterexamples are the smallest requests with the fault', async () => {
  const shrunkLines = async (name: string, seed: number) => {
    const mutant = FUZZ_MUTANTS.find((m) => m.name.startsWith(name))!;
    const { verdicts } = await fuzz(mutant.behaviour, seed, mutant.caughtBy === 'fuzz.answers-in-time' ? HANG_TIMEOUT_MS : TIMEOUT_MS);
    return (verdicts.get(mutant.caughtBy)!.evidence.counterexample as Counterexample).lines;
  };
  assert.deepEqual(await shrunkLines('500 only', 1), [`Authorization: Bearer ${'a'.repeat(4097)}`]);
  const [lowered] = await shrunkLines('token lower-cased', 1);
  // an "=" inside a short token, next to a letter that lower-casing changes (ASCII or latin-1, e.g. \xc0)
  assert.match(lowered!, /^Authorization: Bearer [^=]{1,8}=+[^=]{1,16}$/);
  const [hung] = await shrunkLines('no answer', 1);
  // a lone 0xA7, or inside the UTF-8 character it came from
  assert.match(hung!, /^Authorization: Bearer ?(\\x[89a-f][0-9a-f]){0,3}\\xa7(\\x[89a-f][0-9a-f]){0,3}a?$/);
});

test('a target that dies on one input fails no-5xx (no answer to a canonical request afterwards) and answers-in-time', async () => {
  let stop: (() => Promise<void>) | undefined;
  const dies: Behaviour = {
    ...correct('documented'),
    // 0xFF is obs-text: it gets past this target's field syntax checks to the app.
    app: (value, req, b) => {
      if (req.lines.some((l) => l.includes('\xff'))) void stop?.();
      return correctApp(value, req, b);
    },
  };
  const target = await startBehaviour(dies);
  stop = () => target.close();
  const session = await FuzzSession.open({
    target: target.url, endpoint: { method: 'GET', path: '/items/' }, profile: 'documented', token: DEMO_TOKEN, validToken: false,
    seed: 1, runs: DEFAULT_FUZZ_BUDGET.runs, timeS: DEFAULT_FUZZ_BUDGET.timeS, timeoutMs: TIMEOUT_MS, rate: 0,
  }, new Redactor());
  try {
    await assert.rejects(session.check('fuzz.answers-in-time', {}), /the target stopped answering; not shrunk/);
    const evidence: Evidence = {};
    await assert.rejects(session.check('fuzz.no-5xx', evidence), /after \d+ generated requests, a canonical request got no answer/);
    assert.ok(evidence.afterwards);
  } finally {
    await session.close();
    await target.close();
  }
});

test('the fixed catalogue misses every one of these mutants: only the fuzzer finds them', async () => {
  for (const mutant of FUZZ_MUTANTS) {
    const target = await startBehaviour(mutant.behaviour);
    try {
      const verdicts = await runCatalogue(target.url, 'documented', { timeoutMs: 1000 });
      assert.deepEqual([...verdicts].filter(([, v]) => v.verdict !== 'pass'), [], mutant.name);
    } finally {
      await target.close();
    }
  }
});
