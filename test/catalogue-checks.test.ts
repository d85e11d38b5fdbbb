// The check contract (suites/checks/check.ts) and the compile-time guard it gives: every registry's
// type has a key for each id its suite declares, so a requirement without a check does not compile.
// The `@ts-expect-error` lines below are that guard under test: tsc (the first step of `npm test`)
// fails on a directive whose line compiles, so if a registry stopped refusing a missing id, tsc would
// say so. At run time: each registry holds exactly the declared ids, and runCheck keeps applicability
// apart from the assertion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APPLIES, runCheck, skip } from '../suites/checks/check.ts';
import type { Check, Registry } from '../suites/checks/check.ts';
import { NotApplicable } from '../suites/checks/failures.ts';
import { OPENAPI_CHECKS, OPENAPI_REQUIREMENTS, TOKEN_CHECKS } from '../suites/openapi/index.ts';
import type { OpenApiRequirementId, OpenApiRun, TokenRequirementId } from '../suites/openapi/index.ts';
import type { TokenSession } from '../suites/openapi/token-endpoint.ts';
import { DOCS_CHECKS } from '../suites/docs/checks/registry.ts';
import { DOCS_REQUIREMENTS } from '../suites/docs/requirements.ts';
import type { DocsRequirementId } from '../suites/docs/requirements.ts';
import type { DocsCheckContext } from '../suites/docs/context.ts';
import { FUZZ_CHECKS } from '../suites/fuzz/checks.ts';
import type { FuzzRun } from '../suites/fuzz/checks.ts';
import { ALL_FUZZ_REQUIREMENTS } from '../suites/fuzz/requirements.ts';
import type { FuzzPropertyId } from '../suites/fuzz/requirements.ts';
import { HEADER_CHECKS } from '../suites/headers/checks.ts';
import type { HeaderKind } from '../suites/headers/checks.ts';
import type { Evidence } from '../suites/results.ts';

/** The registry without one entry: what a suite that forgot that requirement's check would hold. */
function without<R extends object, K extends keyof R>(registry: R, id: K): Omit<R, K> {
  const { [id]: _dropped, ...rest } = registry;
  return rest;
}

// Each of these is a registry missing one declared requirement: a type error, which the directive expects.
// @ts-expect-error: token.no-store has no check
const openapiMissingOne: Registry<OpenApiRequirementId, OpenApiRun> = without(OPENAPI_CHECKS, 'token.no-store');
// @ts-expect-error: token.success has no check
const tokenMissingOne: Registry<TokenRequirementId, TokenSession> = without(TOKEN_CHECKS, 'token.success');
// @ts-expect-error: docs.password-flow has no check
const docsMissingOne: Registry<DocsRequirementId, DocsCheckContext> = without(DOCS_CHECKS, 'docs.password-flow');
// @ts-expect-error: fuzz.no-5xx has no check
const fuzzMissingOne: Registry<FuzzPropertyId, FuzzRun> = without(FUZZ_CHECKS, 'fuzz.no-5xx');
// @ts-expect-error: the scope clauses have no check family
const headersMissingOne: typeof HEADER_CHECKS = without(HEADER_CHECKS, 'scope');
// Requirement ids are the declared ones, not any string: an undeclared id is no key of a registry.
// @ts-expect-error: no openapi requirement declares this id
const undeclared: OpenApiRequirementId = 'openapi.not-declared';

test('a registry missing a declared id is refused by the compiler (the directives above), and really lacks it', () => {
  const missing: [object, string][] = [
    [openapiMissingOne, 'token.no-store'], [tokenMissingOne, 'token.success'], [docsMissingOne, 'docs.password-flow'],
    [fuzzMissingOne, 'fuzz.no-5xx'], [headersMissingOne, 'scope'],
  ];
  for (const [registry, id] of missing) assert.equal(id in registry, false, id);
  assert.equal(undeclared in OPENAPI_CHECKS, false);
});

test('each registry holds a check for exactly the ids its suite declares', () => {
  const keys = (r: object) => Object.keys(r).sort();
  assert.deepEqual(keys(OPENAPI_CHECKS), OPENAPI_REQUIREMENTS.map((r) => r.id).sort());
  assert.deepEqual(keys(DOCS_CHECKS), Object.values(DOCS_REQUIREMENTS).map((r) => r.id).sort());
  assert.deepEqual(keys(FUZZ_CHECKS), ALL_FUZZ_REQUIREMENTS.map((r) => r.id).sort());
  const kinds: HeaderKind[] = ['case', 'never-issued', 'tamper', 'shape', 'scope', 'sweep'];
  assert.deepEqual(keys(HEADER_CHECKS), [...kinds].sort());
  for (const registry of [OPENAPI_CHECKS, DOCS_CHECKS, FUZZ_CHECKS, HEADER_CHECKS] as Record<string, Check<never>>[]) {
    for (const [id, check] of Object.entries(registry)) assert.equal(typeof check.run, 'function', id);
  }
});

/** A check that records what ran, applying as told. */
function probe(applies?: () => ReturnType<typeof skip>): { check: Check<null>; ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    check: {
      ...(applies ? { applies: () => { ran.push('applies'); return applies(); } } : {}),
      run: () => { ran.push('run'); },
    },
  };
}

test('runCheck: a check that does not apply is NotApplicable with its reason, and its assertion does not run', async () => {
  const { check, ran } = probe(() => skip('no valid token'));
  const evidence: Evidence = {};
  await assert.rejects(runCheck(check, null, evidence), (err: unknown) => err instanceof NotApplicable && err.message === 'no valid token');
  assert.deepEqual(ran, ['applies']);
});

test('runCheck: a check that applies, or declares no applicability, runs its assertion after asking', async () => {
  const applying = probe(() => APPLIES);
  await runCheck(applying.check, null, {});
  assert.deepEqual(applying.ran, ['applies', 'run']);
  const always = probe();
  await runCheck(always.check, null, {});
  assert.deepEqual(always.ran, ['run']);
});
