// Runs one token-validation check of a JWT (checks/jwt-tamper.ts) against one endpoint: forge the
// tampered token from the valid one, send it once, and judge the refusal. Free of Playwright, like
// headers/run.ts, so the project's own tests run it against faulty targets directly.
import { CheckFailure, NotApplicable } from '../checks/failures.ts';
import { judge } from '../checks/outcome.ts';
import { describeToken, tamperPrediction, tamperable } from '../checks/jwt-tamper.ts';
import type { Tampering } from '../checks/jwt-tamper.ts';
import { exchangeEvidence } from '../evidence.ts';
import type { Endpoint } from '../config.ts';
import type { Evidence } from '../results.ts';
import { observe } from '../checks/oracle.ts';
import { send } from '../transport/endpoint.ts';
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
  const { url, exchange } = await send(ctx, endpoint, { lines: [`Authorization: Bearer ${forged}`] });
  evidence.exchange = exchangeEvidence(exchange, url, ctx.redactor);
  const verdict = judge(prediction, observe(exchange.response, false), { echo: false });
  if (verdict.conforms) return;
  const acceptsAny = plan.validation?.verdict === 'accepts-any' && exchange.response.status >= 200 && exchange.response.status <= 299;
  throw new CheckFailure({
    requirementId: tampering.id, level: acceptsAny ? 'INFO' : prediction.requirement.level, expected: verdict.expected, actual: verdict.actual,
    message: acceptsAny
      ? `the target accepts any token: ${tampering.sends} got ${verdict.actual}; every check was judged as without a valid token`
      : `sent ${tampering.sends}: expected ${verdict.expected.join(' or ')}; got ${verdict.actual} (${tampering.basis.ref})`,
  });
}
