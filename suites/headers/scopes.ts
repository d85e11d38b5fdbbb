// With `--scopes`: sends the narrower token to an endpoint whose security requirement declares
// scopes it lacks, and judges the answer by one clause of checks/scopes.ts. Free of Playwright so
// the project's own tests can run it against faulty targets directly.
import { CheckFailure } from '../checks/failures.ts';
import { APPLIES, runCheck, skip } from '../checks/check.ts';
import type { Check } from '../checks/check.ts';
import type { ScopeClause } from '../checks/scopes.ts';
import { exchangeEvidence } from '../evidence.ts';
import type { Endpoint } from '../config.ts';
import type { Evidence } from '../results.ts';
import { observe } from '../checks/oracle.ts';
import { send } from '../transport/endpoint.ts';
import type { HeaderRunContext } from './run.ts';

export interface ScopeCheckPlan {
  /** a token the target issued with only `granted` */
  scopedToken: string;
  granted: readonly string[];
  /** the scopes the endpoint declares that `granted` lacks */
  missing: readonly string[];
}

export async function checkInsufficientScope(ctx: Pick<HeaderRunContext, 'target' | 'client' | 'redactor'>, clause: ScopeClause, endpoint: Endpoint, plan: ScopeCheckPlan, evidence: Evidence): Promise<void> {
  await runCheck(SCOPE_CHECK, { ctx, clause, endpoint, plan }, evidence);
}

/** One scope clause's check on one endpoint. */
export interface ScopeRun {
  ctx: Pick<HeaderRunContext, 'target' | 'client' | 'redactor'>;
  clause: ScopeClause;
  endpoint: Endpoint;
  plan: ScopeCheckPlan;
}

export const SCOPE_CHECK: Check<ScopeRun> = {
  // the scopes decided on are evidence whether the check applies or not
  applies: ({ endpoint, plan }, evidence) => {
    evidence.scopes = { granted: plan.granted, missing: plan.missing };
    return plan.missing.length === 0
      ? skip(`the OpenAPI document declares no scope for ${endpoint.method} ${endpoint.path} beyond those granted ("${plan.granted.join(' ')}")`)
      : APPLIES;
  },
  run: sendScopedToken,
};

async function sendScopedToken({ ctx, clause, endpoint, plan }: ScopeRun, evidence: Evidence): Promise<void> {
  const { url, exchange } = await send(ctx, endpoint, { lines: [`Authorization: Bearer ${plan.scopedToken}`] });
  evidence.exchanges = [exchangeEvidence(exchange, url, ctx.redactor)];
  const problem = clause.check(observe(exchange.response, false), plan.missing);
  if (problem) {
    throw new CheckFailure({ requirementId: clause.requirement.id, level: clause.requirement.level, expected: [clause.expects], actual: problem, message: `a token granted only "${plan.granted.join(' ')}" (lacking "${plan.missing.join(' ')}"): ${problem}` });
  }
}
