// Turns a requirement (data) and its check (checks/check.ts: whether it applies, then an assertion
// that throws a typed failure) into a Playwright test. Id, level, source and suite travel as
// annotations so they reach Playwright's HTML and JUnit reports; the verdict and the evidence travel
// as an annotation and an attachment that the conformance reporter reads.
import { test } from '@playwright/test';
import type { TestInfo } from '@playwright/test';
import { loadRunConfig, loadSecrets } from './config.ts';
import type { Endpoint, RunConfig, Secrets } from './config.ts';
import { DEMO_TOKEN } from './catalogue/types.ts';
import { endpointKey, tokenMode } from './checks/token-mode.ts';
import type { TokenMode } from './checks/token-mode.ts';
import { CheckFailure } from './checks/failures.ts';
import { classify } from './checks/verdict.ts';
import { Redactor } from './redact.ts';
import { targetGate, useRunGate } from './transport/gate.ts';
import { ANNOTATION, EVIDENCE_ATTACHMENT, formatSource } from './results.ts';
import { onlySelects } from './catalogue/select.ts';
import { collectEvidence, noteNotCollected } from './evidence.ts';
import { runCheck } from './checks/check.ts';
import type { Check } from './checks/check.ts';
import type { Evidence, RequirementMeta, Verdict } from './results.ts';

export interface RequirementContext {
  config: RunConfig;
  secrets: Secrets;
  redactor: Redactor;
  /** filled by the check as it goes; attached even when the check throws */
  evidence: Evidence;
  testInfo: TestInfo;
  /** collects one piece of evidence (a screenshot): bounded, and a failure is noted in the evidence, never thrown */
  collect(what: string, collector: () => Promise<void>): Promise<void>;
}

let shared: { config: RunConfig; secrets: Secrets; redactor: Redactor } | undefined;

/** The run's plan, secrets and redactor, loaded once per worker; the plan configures the worker's gate. */
export function runContext(): { config: RunConfig; secrets: Secrets; redactor: Redactor } {
  if (!shared) {
    const config = loadRunConfig();
    const secrets = loadSecrets();
    shared = { config, secrets, redactor: Redactor.forRun(secrets) };
    useRunGate(config);
  }
  return shared;
}

/** How an endpoint is judged with the run's token, from what the preflight learnt (checks/token-mode.ts). */
export function runTokenMode(endpoint: Endpoint): TokenMode {
  const { config, secrets } = runContext();
  return tokenMode(secrets.token, config.tokenValidation?.[endpointKey(endpoint)], DEMO_TOKEN);
}

/**
 * `--only`: a requirement it does not name is not registered at all, so its result is absent (not
 * `skip`). The id is matched without the endpoint suffix (" [GET /x]") a multi-endpoint run adds.
 */
let selects: ((id: string) => boolean) | undefined;
function selected(id: string): boolean {
  selects ??= onlySelects(runContext().config.only);
  return selects(id);
}

function annotations(meta: RequirementMeta) {
  return [
    { type: ANNOTATION.id, description: meta.id },
    { type: ANNOTATION.level, description: meta.level },
    { type: ANNOTATION.suite, description: meta.suite },
    { type: ANNOTATION.source, description: formatSource(meta.source) },
  ];
}

/**
 * How every suite registers a requirement: its meta under the run's profile, its check, and the
 * context the check reads (`contextFor`, asked inside the test: a context that cannot be had costs
 * this requirement an `error`, never the run).
 */
export function registerCheck<C>(meta: RequirementMeta, check: Check<C>, contextFor: (ctx: RequirementContext) => C | Promise<C>): void {
  requirementTest(meta, async (ctx) => runCheck(check, await contextFor(ctx), ctx.evidence));
}

/** The test under registerCheck: `check` runs inside the harness's judgement (verdict, evidence, faults). */
export function requirementTest(meta: RequirementMeta, check: (ctx: RequirementContext) => Promise<void>): void {
  if (!selected(meta.id)) return;
  test(meta.title, { annotation: annotations(meta) }, async ({}, testInfo) => {
    await judge(testInfo, meta.id, async (ctx) => {
      await injectTestFault(meta.id);
      await check(ctx);
    });
  });
}

/**
 * Test-only: BEARER_CONFORMANCE_TEST_FAULT="<id>:throw,<id>:unhandled" makes those checks crash (a
 * TypeError, or a promise rejected with nobody awaiting it), so test/nothing-lost.test.ts can show
 * that a crash costs that requirement an `error`, never the run. "<id>:evidence" makes every piece of
 * its evidence fail to collect (test/docs-faults.test.ts: the verdict stands). Unset in every real run.
 */
function testFaults(id: string): string[] {
  return (process.env.BEARER_CONFORMANCE_TEST_FAULT ?? '').split(',').filter((f) => f.startsWith(`${id}:`)).map((f) => f.slice(id.length + 1));
}

async function injectTestFault(id: string): Promise<void> {
  const kinds = testFaults(id);
  if (kinds.includes('unhandled')) {
    void Promise.reject(new TypeError(`injected unhandled rejection in ${id}`));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (kinds.includes('throw')) (undefined as unknown as { parse(): void }).parse();
}

/**
 * Once the run's gate has closed (the target stopped answering, or --max-requests is spent), a check
 * that starts is `error` "not run: …" at once: skipped in Playwright's terms, so the worker is not
 * restarted; the reporter takes the verdict annotation first.
 */
async function notRun(testInfo: TestInfo): Promise<void> {
  const reason = targetGate().closed();
  if (reason === undefined) return;
  targetGate().refuse();
  testInfo.annotations.push({ type: ANNOTATION.verdict, description: 'error' }, { type: ANNOTATION.message, description: `not run: ${reason}` });
  await testInfo.attach(EVIDENCE_ATTACHMENT, { body: '{}', contentType: 'application/json' });
  testInfo.skip(true, `not run: ${reason}`);
}

/** The evidence as JSON; a value that cannot be serialised (a BigInt, a cycle) is left out and noted. */
function serialiseEvidence(evidence: Evidence, redactor: Redactor): string {
  const kept: Evidence = {};
  const unserialisable: [string, string][] = [];
  for (const [key, value] of Object.entries(evidence)) {
    try {
      JSON.stringify(value);
      kept[key] = value;
    } catch (err) {
      unserialisable.push([key, `could not be serialised: ${(err as Error).message}`]);
    }
  }
  for (const [key, why] of unserialisable) noteNotCollected(kept, key, why);
  return JSON.stringify(redactor.value(kept), null, 2);
}

/** Attaches the evidence; failing to write it is reported on stderr, and the verdict (already annotated) stands. */
async function attachEvidence(testInfo: TestInfo, evidence: Evidence, redactor: Redactor): Promise<void> {
  try {
    await testInfo.attach(EVIDENCE_ATTACHMENT, { body: serialiseEvidence(evidence, redactor), contentType: 'application/json' });
  } catch (err) {
    process.stderr.write(`bearer-conformance: the evidence of "${testInfo.title}" could not be attached: ${redactor.text((err as Error).message)}\n`);
  }
}

/** ctx.collect: collectEvidence, or with the test-only "<id>:evidence" fault a collector that fails. */
function collector(evidence: Evidence, faulty: boolean): RequirementContext['collect'] {
  return (what, collect) => collectEvidence(evidence, what, faulty ? () => Promise.reject(new Error(`injected evidence fault (${what})`)) : collect);
}

async function judge(testInfo: TestInfo, id: string, check: (ctx: RequirementContext) => Promise<void>): Promise<void> {
  const { config, secrets, redactor } = runContext(); // first: it hands the plan to the gate notRun asks
  await notRun(testInfo);
  const evidence: Evidence = {};
  const faultyEvidence = testFaults(id).includes('evidence');
  // An unserialisable value, as a careless check might leave behind; attachEvidence must survive it.
  if (faultyEvidence) evidence.injectedUnserialisable = 1n;
  let verdict: Verdict = 'pass';
  let message = '';
  let rethrow: Error | undefined;
  try {
    await check({ config, secrets, redactor, evidence, testInfo, collect: collector(evidence, faultyEvidence) });
  } catch (err) {
    ({ verdict, message } = classify(err));
    message = redactor.text(message);
    if (verdict === 'fail' && err instanceof CheckFailure) {
      Object.assign(evidence, { expected: err.expected, actual: err.actual });
      testInfo.annotations.push({ type: ANNOTATION.findingLevel, description: err.level });
    }
    if (verdict !== 'skip') rethrow = new Error(message);
  }
  testInfo.annotations.push({ type: ANNOTATION.verdict, description: verdict });
  if (message) testInfo.annotations.push({ type: ANNOTATION.message, description: message });
  await attachEvidence(testInfo, evidence, redactor);
  if (verdict === 'skip') testInfo.skip(true, message);
  if (rethrow) throw rethrow;
}
