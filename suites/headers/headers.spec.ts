// The headers suite: every case of the catalogue against every endpoint under test, judged by the
// model for the run's profile, plus the shape of the 401 (status, challenge, body) and, with a valid
// token, the refusal of a never-issued one and, when that token is a JWT, of its tampered forms.
// Each declaration is registered with its kind's check (headers/checks.ts) and the context it reads.
import { test } from '@playwright/test';
import { registerCheck, runContext, runTokenMode } from '../harness.ts';
import { HEADER_CHECKS } from './checks.ts';
import { HEADER_CASES, DEMO_TOKEN } from '../catalogue/index.ts';
import { headerCaseTitle, neverIssuedTitle, scopeTitle, sweepTitle, tamperTitle } from './titles.ts';
import { responseShapeRules } from '../checks/shape.ts';
import { neverIssuedRequirement } from '../checks/never-issued.ts';
import { endpointKey } from '../checks/token-mode.ts';
import { HttpClient } from '../transport/http.ts';
import { openHeaderContext } from './run.ts';
import { predictCase } from '../checks/predict-case.ts';
import { scopeClauses } from '../checks/scopes.ts';
import { TAMPERINGS, tamperRequirement } from '../checks/jwt-tamper.ts';
import type { HeaderRunContext } from './run.ts';
import type { Endpoint } from '../config.ts';
import { CANONICAL_ID, SWEEP_CASE_IDS, headerCase, sweepId } from '../sweep/probes.ts';
import { leavesOperationsOut } from '../sweep/sample.ts';

const { config, secrets, redactor } = runContext();
const client = new HttpClient({ timeoutMs: config.timeoutMs, insecure: config.insecure });
const contexts = new Map<string, Promise<HeaderRunContext>>();

// A check may wait for a timeout, its re-send and the gate's liveness request (headers/run.ts).
test.describe.configure({ timeout: Math.max(60_000, 4 * config.timeoutMs + 10_000) });

test.afterAll(async () => client.close());

/** The run context of an endpoint, with the echo oracle decided once. */
function contextFor(endpoint: Endpoint): Promise<HeaderRunContext> {
  const key = endpointKey(endpoint);
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = openHeaderContext({ target: config.target, profile: config.profile, client, redactor }, endpoint, runTokenMode(endpoint), config.oracle);
    contexts.set(key, ctx);
  }
  return ctx;
}

function suffix(endpoint: Endpoint): string {
  return config.endpoints.length > 1 ? ` [${endpoint.method} ${endpoint.path}]` : '';
}

for (const endpoint of config.endpoints) {
  const mode = runTokenMode(endpoint);
  for (const c of HEADER_CASES) {
    const { prediction } = predictCase({ profile: config.profile, token: DEMO_TOKEN, validToken: mode.validToken, scheme: endpoint.scheme }, c);
    const meta = {
      id: c.id + suffix(endpoint),
      suite: 'headers' as const,
      level: prediction.requirement.level,
      title: `${headerCaseTitle(c, prediction)}${suffix(endpoint)}`,
      source: prediction.requirement.source,
    };
    registerCheck(meta, HEADER_CHECKS.case, async () => ({ ctx: await contextFor(endpoint), c, endpoint }));
  }

  // only with a valid token (runs without one keep their checks): what the preflight learnt decides the level
  const neverIssued = neverIssuedRequirement(config.profile);
  const validation = config.tokenValidation?.[endpointKey(endpoint)];
  const tokenProbe = async () => ({ ctx: await contextFor(endpoint), endpoint, plan: { realToken: secrets.token, validation, seed: config.seed } });
  if (secrets.token !== undefined) registerCheck({
    id: neverIssued.id + suffix(endpoint),
    suite: 'headers',
    // a target found to accept any token gets an observation, not a verdict on validation it does not do
    level: validation?.verdict === 'accepts-any' ? 'INFO' : neverIssued.level,
    title: `${neverIssuedTitle(config.profile)}${suffix(endpoint)}`,
    source: neverIssued.source,
  }, HEADER_CHECKS['never-issued'], tokenProbe);

  // only with a valid token; a token that is not a signed JWT makes them skip with the reason
  if (secrets.token !== undefined) for (const tampering of TAMPERINGS) {
    const requirement = tamperRequirement(config.profile, tampering);
    registerCheck({
      id: requirement.id + suffix(endpoint),
      suite: 'headers',
      level: validation?.verdict === 'accepts-any' ? 'INFO' : requirement.level,
      title: `${tamperTitle(config.profile, tampering)}${suffix(endpoint)}`,
      source: requirement.source,
    }, HEADER_CHECKS.tamper, async () => ({ ...(await tokenProbe()), tampering }));
  }

  for (const rule of responseShapeRules(config.profile)) {
    const meta = {
      id: rule.requirement.id + suffix(endpoint),
      suite: 'headers' as const,
      level: rule.requirement.level,
      title: `${rule.title}${suffix(endpoint)}`,
      source: rule.requirement.source,
    };
    registerCheck(meta, HEADER_CHECKS.shape, async () => ({ ctx: await contextFor(endpoint), rule, endpoint }));
  }

  // only with --scopes: a token granted fewer scopes than the operation declares
  const missing = config.scopes?.missing[endpointKey(endpoint)];
  if (config.scopes && secrets.scopedToken !== undefined && missing !== undefined) {
    const plan = { scopedToken: secrets.scopedToken, granted: config.scopes.granted, missing };
    for (const clause of scopeClauses(config.profile)) {
      registerCheck({
        id: clause.requirement.id + suffix(endpoint),
        suite: 'headers',
        level: clause.requirement.level,
        title: `${scopeTitle(clause)}${suffix(endpoint)}`,
        source: clause.requirement.source,
      }, HEADER_CHECKS.scope, async () => ({ ctx: await contextFor(endpoint), clause, endpoint, plan }));
    }
  }
}

// Whole-API runs: the sweep of every secured operation (sent and judged by the CLI before the suites,
// suites/sweep/), one requirement per request, when some operation was not run deep above.
const { sampling, sweep } = config;
if (sampling && sweep && leavesOperationsOut(sampling)) {
  const caseIds = secrets.token !== undefined ? [CANONICAL_ID, ...SWEEP_CASE_IDS] : [...SWEEP_CASE_IDS];
  for (const caseId of caseIds) {
    const c = headerCase(caseId);
    const { prediction } = predictCase({ profile: config.profile, token: DEMO_TOKEN, validToken: secrets.token !== undefined }, c);
    registerCheck({
      id: sweepId(caseId),
      suite: 'headers',
      level: prediction.requirement.level,
      title: sweepTitle(c, prediction),
      source: prediction.requirement.source,
    }, HEADER_CHECKS.sweep, () => ({ caseId, id: sweepId(caseId), sweep, sampling }));
  }
}
