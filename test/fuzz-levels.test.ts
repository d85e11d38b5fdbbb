// The fuzzer reports a counterexample at the level of the clause it breaks (DESIGN.md §3), as the
// headers suite does: a FastAPI-0.92-like target, whose only deviation under `documented` is the
// SHOULD clause bearer.multiple-sp, has no MUST finding, only SHOULD/INFO ones; the run exits 0
// (1 with --strict).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FASTAPI_092_LIKE, startBehaviour } from './mutants/fuzz-mutants.ts';
import { DEFAULT_FUZZ_BUDGET, FuzzSession } from '../suites/fuzz/session.ts';
import { FUZZ_REQUIREMENTS } from '../suites/fuzz/requirements.ts';
import { CheckFailure } from '../suites/checks/failures.ts';
import { Redactor } from '../suites/redact.ts';
import { DEMO_TOKEN } from '../suites/catalogue/types.ts';
import { runCatalogue } from './helpers/catalogue-run.ts';
import { runCli } from './helpers/cli.ts';
import type { Evidence } from '../suites/results.ts';

const SEEDS = [1, 2, 3, 4, 5];

interface Finding { id: string; level: string; modelLevel?: string; message: string }

/** Every fuzz requirement the target fails under `documented`, with its level and the model clause's. */
async function fuzzFindings(seed: number): Promise<Finding[]> {
  const target = await startBehaviour(FASTAPI_092_LIKE);
  try {
    const session = await FuzzSession.open({
      target: target.url, endpoint: { method: 'GET', path: '/items/' }, profile: 'documented', token: DEMO_TOKEN, validToken: false,
      seed, runs: DEFAULT_FUZZ_BUDGET.runs, timeS: DEFAULT_FUZZ_BUDGET.timeS, timeoutMs: 5000, rate: 0,
    }, new Redactor());
    const findings: Finding[] = [];
    try {
      for (const r of FUZZ_REQUIREMENTS) {
        const evidence: Evidence = {};
        try {
          await session.check(r.id, evidence);
        } catch (err) {
          assert.ok(err instanceof CheckFailure, `${r.id}, seed ${seed}: ${(err as Error).message}`);
          const modelLevel = (evidence.counterexample as { modelLevel?: string } | undefined)?.modelLevel;
          findings.push({ id: r.id, level: err.level, ...(modelLevel ? { modelLevel } : {}), message: err.message });
        }
      }
    } finally {
      await session.close();
    }
    return findings;
  } finally {
    await target.close();
  }
}

test('a FastAPI-0.92-like target under documented: no MUST fuzz finding; SHOULD/INFO findings at their level', async () => {
  let should = 0;
  for (const seed of SEEDS) {
    const findings = await fuzzFindings(seed);
    assert.deepEqual(findings.filter((f) => f.level === 'MUST'), [], `seed ${seed}`);
    assert.ok(findings.length > 0, `seed ${seed}: the separator run kept in the token went unreported`);
    for (const f of findings) assert.equal(f.modelLevel, f.level, `seed ${seed}, ${f.id}: the counterexample breaks a ${f.modelLevel} clause`);
    should += findings.filter((f) => f.id === 'fuzz.differential-should').length;
  }
  assert.ok(should > 0, 'bearer.multiple-sp (SHOULD) was never reported');
});

test('the headers suite agrees: the same target fails only headers.multiple-sp, at SHOULD', async () => {
  const target = await startBehaviour(FASTAPI_092_LIKE);
  try {
    const verdicts = await runCatalogue(target.url, 'documented');
    assert.deepEqual([...verdicts].filter(([, v]) => v.verdict !== 'pass' && v.verdict !== 'skip').map(([id, v]) => [id, v.level]), [['headers.multiple-sp', 'SHOULD']]);
  } finally {
    await target.close();
  }
});

test('the CLI passes the target (exit 0) and fails it only with --strict (exit 1)', async () => {
  const target = await startBehaviour(FASTAPI_092_LIKE);
  try {
    const args = ['--target', target.url, '--suites', 'headers,fuzz', '--seed', '1', '--fuzz-runs', '1000'];
    const plain = await runCli(args);
    const failing = plain.report().results.filter((r) => r.verdict === 'fail').map((r) => `${r.id} ${r.level}`);
    assert.equal(plain.code, 0, `exit ${plain.code}; failing: ${failing.join(', ')}\n${plain.stderr}`);
    assert.ok(failing.includes('headers.multiple-sp SHOULD'), failing.join(', '));
    assert.ok(failing.every((f) => !f.endsWith(' MUST')), failing.join(', '));
    const strict = await runCli([...args, '--strict']);
    assert.equal(strict.code, 1, strict.stderr);
  } finally {
    await target.close();
  }
});
