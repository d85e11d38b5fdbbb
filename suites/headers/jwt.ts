// Runs one token-validation check of a JWT (checks/jwt-tamper.ts) against one endpoint: forge the
// tampered token from the valid one, send it once, and judge the refusal. Free of Playwright, like
// headers/run.ts, so the project's own tests run it against faulty targets directly.
import { NotApplicable } from '../checks/failures.ts';
import { describeToken, tamperPrediction, tamperable } from '../checks/jwt-tamper.ts';
import type { Tampering } from '../checks/jwt-tamper.ts';
import type { Endpoint } from '../config.ts';
import type { Evidence } from '../results.ts';
import { expectRefused } from './run.ts';
import type { HeaderRunContext, NeverIssuedPlan } from './run.ts';

/**
 * headers.jwt-*: with a valid token that is a JWT, the tampered token is refused with 401 and a
 * Bearer challenge (under rfc6750 with error="invalid_token"). Skips when there is no valid token or
 * it is not a signed JWT. On a target found to accept any token, a finding is an INFO observation,
 * as for the never-issued token.
 */
export async function checkTampered(ctx: HeaderRunContext, endpoint: Endpoint, tampering: Tampering, plan: NeverIssuedPlan, evidence: Evidence): Promise<void> {
  if (plan.realToken === undefined) throw new NotApplicable('needs a valid token (--token or --username/--password): there is no JWT to tamper with');
  const jwt = tamperable(plan.realToken);
  if (typeof jwt === 'string') throw new NotApplicable(`${jwt}: the JWT checks apply to signed JWTs only`);
  const forged = tampering.forge(jwt);
  // the forged token keeps most of the valid one (its signature, or its header and payload): a secret too
  ctx.redactor.add(forged);
  const prediction = tamperPrediction(ctx.profile, tampering);
  evidence.profile = ctx.profile;
  evidence.rationale = prediction.rationale;
  evidence.basis = tampering.basis;
  evidence.tokenValidation = plan.validation;
  evidence.jwt = ctx.redactor.value({ valid: describeToken(plan.realToken), sent: describeToken(forged) });
  await expectRefused(ctx, endpoint, {
    id: tampering.id, token: forged, prediction, validation: plan.validation, sends: tampering.sends, detail: tampering.basis.ref,
  }, evidence);
}
