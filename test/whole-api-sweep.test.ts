// Whole-API runs, in process: the sweep of every operation judges each as the headers suite would
// and names the operation that fails; operations group by security, method safety and echo oracle;
// --fuzz-runs is divided among representatives. Targets: the reference server (fastapi@0.92 mode)
// with numbered copies of GET /items/, one of them planted wrong (reference-server/numbered.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReferenceServer } from '../reference-server/server.ts';
import type { PlantedFault } from '../reference-server/numbered.ts';
import { planWholeApi, samples } from '../bin/whole-api.ts';
import { loadOpenApi } from '../suites/openapi/index.ts';
import { assertSweep } from '../suites/sweep/check.ts';
import { fuzzRunsEach, pickRepresentatives } from '../suites/sweep/sample.ts';
import { classify } from '../suites/checks/verdict.ts';
import { predictCase } from '../suites/checks/predict-case.ts';
import { casePredictions } from '../suites/sweep/predictions.ts';
import { CANONICAL_ID, SWEEP_CASE_IDS, headerCase } from '../suites/sweep/probes.ts';

const NET = { timeoutMs: 5000, insecure: false };
const COUNT = 60;

async function sweepOf(faults: Record<string, PlantedFault> = {}, token?: string) {
  const server = await startReferenceServer({ mode: 'fastapi@0.92', quiet: true, numbered: { count: COUNT, faults } });
  try {
    const { doc } = await loadOpenApi(`${server.url}/openapi.json`, NET);
    return await planWholeApi({ target: server.url, doc, profile: 'fastapi@0.92', secrets: token === undefined ? {} : { token }, oracle: 'auto', allowUnsafeMethods: false, deep: 2, fuzzBudget: 2000, net: NET, dated: (e) => e });
  } finally {
    await server.close();
  }
}

function verdictOf(plan: Awaited<ReturnType<typeof sweepOf>>, caseId: string) {
  const evidence: Record<string, unknown> = {};
  try {
    assertSweep(caseId, caseId.replace('headers.', 'sweep.'), plan.sweep, plan.sampling, evidence);
    return { verdict: 'pass', message: '', evidence };
  } catch (err) {
    return { ...classify(err), evidence };
  }
}

test('a FastAPI-0.92-like API: one group, two representatives, every operation swept and passing', async () => {
  const plan = await sweepOf();
  assert.equal(plan.sampling.swept, COUNT + 1);
  assert.equal(plan.sampling.groups.length, 1, JSON.stringify(plan.sampling.groups));
  assert.deepEqual(plan.endpoints.map((e) => e.path), ['/items/', `/items/${COUNT}/`]);
  assert.equal(plan.sampling.fuzzRunsEach, 1000);
  for (const id of ['headers.missing', 'headers.scheme-basic', 'headers.empty-token']) assert.equal(verdictOf(plan, id).verdict, 'pass', id);
});

test('an operation that ignores credentials: the sweep fails headers.missing and names it; it stays in the big group', async () => {
  const plan = await sweepOf({ '/items/37/': 'ignores-auth' });
  const missing = verdictOf(plan, 'headers.missing');
  assert.equal(missing.verdict, 'fail');
  assert.match(missing.message, /GET \/items\/37\//);
  assert.deepEqual((missing.evidence.operations as { operation: string }[]).map((o) => o.operation), ['GET /items/37/']);
  assert.equal(verdictOf(plan, 'headers.scheme-basic').verdict, 'fail');
  assert.equal(plan.sampling.groups.length, 1);
});

test('an operation that answers 403: named by the sweep, and (its canonical answer is not an echo) a group of its own, run deep', async () => {
  const plan = await sweepOf({ '/items/12/': 'forbids' });
  const missing = verdictOf(plan, 'headers.missing');
  assert.equal(missing.verdict, 'fail');
  assert.match(missing.message, /GET \/items\/12\/.*got 403/);
  assert.equal(plan.sampling.groups.length, 2);
  assert.ok(plan.endpoints.some((e) => e.path === '/items/12/'), plan.endpoints.map((e) => e.path).join(', '));
});

test('with a token, the canonical request is judged on every operation too, and a 403 there is named', async () => {
  const plan = await sweepOf({ '/items/5/': 'forbids' }, 'a-valid-token');
  const canonical = verdictOf(plan, 'headers.canonical');
  assert.equal(canonical.verdict, 'fail');
  assert.deepEqual((canonical.evidence.operations as { operation: string }[]).map((o) => o.operation), ['GET /items/5/']);
  assert.ok(!JSON.stringify(plan.sweep).includes('a-valid-token'), 'the token is in the plan');
});

test('sampling applies only when the document secures more operations than --deep and nothing asked for every one', () => {
  const ops = (n: number) => Array.from({ length: n }, (_, i) => ({ method: 'GET', path: `/o/${i}` }));
  assert.equal(samples({ endpoints: [], allOperations: false, deep: 2 }, {}, ops(3)), true);
  assert.equal(samples({ endpoints: [], allOperations: false, deep: 2 }, {}, ops(2)), false);
  assert.equal(samples({ endpoints: [], allOperations: true, deep: 2 }, {}, ops(30)), false);
  assert.equal(samples({ endpoints: ops(1), allOperations: false, deep: 2 }, {}, ops(30)), false);
  assert.equal(samples({ endpoints: [], allOperations: false, deep: 2 }, undefined, ops(30)), false);
});

test('representatives: spread evenly, never a templated path; the fuzz budget: divided, at least 100 each, all of it for one', () => {
  const members = Array.from({ length: 10 }, (_, i) => ({ i, templated: i === 0 }));
  assert.deepEqual(pickRepresentatives(members, 3).map((m) => m.i), [1, 5, 9]);
  assert.deepEqual(pickRepresentatives(members, 1).map((m) => m.i), [1]);
  assert.deepEqual(pickRepresentatives([{ templated: true }], 2), []);
  assert.equal(fuzzRunsEach(2000, 1), 2000);
  assert.equal(fuzzRunsEach(2000, 3), 666);
  assert.equal(fuzzRunsEach(2000, 100), 100);
  assert.equal(fuzzRunsEach(50, 4), 50);
});

test('the sweep predicts each case once per run: the same prediction for every operation, a new one only when token, validity or scheme differ', () => {
  const predictions = casePredictions();
  const demo = { profile: 'fastapi@0.92' as const, token: 'demo-token', validToken: false };
  for (const id of [CANONICAL_ID, ...SWEEP_CASE_IDS]) {
    const once = predictions(demo, id);
    assert.equal(predictions({ ...demo }, id), once, `${id}: predicted again`);
    assert.deepEqual({ request: once.request, prediction: once.prediction }, predictCase(demo, headerCase(id)));
    for (const other of [{ ...demo, validToken: true }, { ...demo, token: 'another-token' }, { ...demo, scheme: 'http-bearer' as const }]) {
      assert.deepEqual(predictions(other, id).prediction, predictCase(other, headerCase(id)).prediction, `${id} under ${JSON.stringify({ ...other, token: '…' })}`);
    }
  }
});
