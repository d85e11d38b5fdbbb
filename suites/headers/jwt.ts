// Runs one token-validation check of a JWT (checks/jwt-tamper.ts) against one endpoint: forge the
// tampered token from the valid one, send it once, and judge the refusal. Free of Playwright, like
// headers/run.ts, so the project's own tests run it against faulty targets directly.
import { APPLIES, runCheck, skip } from '../checks/check.ts';
import type { Check } from '../checks/check.ts';
import { describeToken, tamperPrediction, tamperable } from '../checks/jwt-tamper.ts';
import type { DecodedJwt, Tampering } from '../checks/jwt-tamper.ts';
import type { Endpoint } from '../config.ts';
import type { Evidence } from '../results.ts';
import { expectRefused } from './run.ts';
import type { HeaderRunContext, NeverIssuedPlan, TokenProbeRun } from './run.ts';

/**
 * headers.jwt-*: with a valid token that is a JWT, the tampered token is refused with 401 and a
 * Bearer challenge (under rfc6750 with error="invalid_token"). Skips when there is no valid token or
 * it is not a signed JWT. On a target found to accept any token, a finding is an INFO observation,
 * as for the never-issued token.
 */
export async function checkTampered(ctx: HeaderRunContext, endpoint: Endpoint, tampering: Tampering, plan: NeverIssuedPlan, evidence: Evidence): Promise<void> {
  await runCheck(TAMPERED_CHECK, { ctx, endpoint, plan, tampering }, evidence);
}

/** A tampering's check on one endpoint: the endpoint's run, the valid token, and which forgery. */
export interface TamperRun extends TokenProbeRun {
  tampering: Tampering;
}

/** The valid token as a signed JWT to forge from, or why there is none. */
function signedJwt(plan: NeverIssuedPlan): DecodedJwt | string {
  if (plan.realToken === undefined) return 'needs a valid token (--token or --username/--password): there is no JWT to tamper with';
  const jwt = tamperable(plan.realToken);
  return typeof jwt === 'string' ? `${jwt}: the JWT checks apply to signed JWTs only` : jwt;
}

export const TAMPERED_CHECK: Check<TamperRun> = {
  applies: ({ plan }) => {
    const jwt = signedJwt(plan);
    return typeof jwt === 'string' ? skip(jwt) : APPLIES;
  },
  // applies found a signed JWT in the plan, so signedJwt gives it again here
  run: (run, evidence) => sendTampered(run, signedJwt(run.plan) as DecodedJwt, evidence),
};

async function sendTampered({ ctx, endpoint, plan, tampering }: TamperRun, jwt: DecodedJwt, evidence: Evidence): Promise<void> {
  const forged = tampering.forge(jwt);
  // the forged token keeps most of the valid one (its signature, or its header and payload): a secret too
  ctx.redactor.add(forged);
  const prediction = tamperPrediction(ctx.profile, tampering);
  evidence.profile = ctx.profile;
  evidence.rationale = prediction.rationale;
  evidence.basis = tampering.basis;
  evidence.tokenValidation = plan.validation;
  evidence.jwt = ctx.redactor.value({ valid: describeToken(plan.realToken!), sent: describeToken(forged) });
  await expectRefused(ctx, endpoint, {
    id: tampering.id, token: forged, prediction, validation: plan.validation, sends: tampering.sends, detail: tampering.basis.ref,
  }, evidence);
}
