// Runs one header case against one endpoint: expand the case, ask the model what is acceptable,
// send it (undici when well-formed, raw otherwise), and judge. Free of Playwright so the project's
// own tests can run it against faulty targets directly.
import type { Prediction, RawRequest } from '../model/types.ts';
import { judge } from '../checks/outcome.ts';
import { CheckFailure, NotApplicable } from '../checks/failures.ts';
import { exchangeEvidence, requestEvidence } from '../evidence.ts';
import type { ExchangeEvidence } from '../evidence.ts';
import type { ShapeRule } from '../checks/shape.ts';
import type { HeaderCase } from '../catalogue/index.ts';
import type { Endpoint } from '../config.ts';
import type { Evidence } from '../results.ts';
import { targetGate } from '../transport/gate.ts';
import { TransportError } from '../transport/wire.ts';
import type { Exchange, WireRequest, WireResponse } from '../transport/wire.ts';
import { endpointWire, send } from '../transport/endpoint.ts';
import { predictCase } from '../checks/predict-case.ts';
import type { HeaderRunContext } from '../checks/run-context.ts';
import { decideEchoOracle, observe } from '../checks/oracle.ts';
import type { EchoOracle, OracleChoice } from '../checks/oracle.ts';
import { classifyNeverIssued, neverIssuedToken } from '../checks/token-mode.ts';
import type { TokenMode, TokenValidation } from '../checks/token-mode.ts';
import { NEVER_ISSUED_ID, neverIssuedPrediction } from '../checks/never-issued.ts';
import type { Redactor } from '../redact.ts';
import { APPLIES, runCheck, skip } from '../checks/check.ts';
import type { Check } from '../checks/check.ts';

export type { HeaderRunContext } from '../checks/run-context.ts';

export async function checkHeaderCase(ctx: HeaderRunContext, c: HeaderCase, endpoint: Endpoint, evidence: Evidence): Promise<void> {
  const { request, prediction } = predictCase({ ...ctx, scheme: endpoint.scheme }, c);
  evidence.profile = ctx.profile;
  if (endpoint.scheme) evidence.scheme = endpoint.scheme;
  evidence.modelRequirement = prediction.requirement.id;
  evidence.rationale = prediction.rationale;
  evidence.oracle = oracleEvidence(ctx);
  const { url, exchange } = await sendOrBlame(ctx, c, endpoint, request, evidence);
  evidence.exchange = exchangeEvidence(exchange, url, ctx.redactor);
  const verdict = judge(prediction, observe(exchange.response, ctx.echo), { echo: ctx.echo });
  if (verdict.conforms) return;
  const hint = c.id === 'headers.canonical' && !ctx.validToken && exchange.response.status === 401
    ? ' (if the target validates tokens, pass --token or --username/--password)' : '';
  // The finding has the level of the clause the response breaks, as in the fuzz suite (DESIGN.md §3).
  const finding = verdict.finding ?? prediction.requirement;
  evidence.modelRequirement = finding.id;
  const weaker = finding.id === prediction.requirement.id ? '' : ` (breaks only ${finding.id}, ${finding.level})`;
  throw new CheckFailure({
    requirementId: c.id, level: finding.level, expected: verdict.expected, actual: verdict.actual,
    message: `sent ${c.sends}: expected ${verdict.expected.join(' or ')}; got ${verdict.actual}${weaker}${hint}`,
  });
}

/**
 * Sends the case's request. One left without an answer within --timeout is sent once more (one slow
 * answer on a busy machine is not a verdict); unanswered again while the target still answers a
 * liveness request (the gate's), the target broke "every request gets an answer" (DESIGN.md §3,
 * shared by every profile): a MUST failure with the bytes. A target that answers nothing (or a gate
 * that cannot tell) leaves the timeout an `error`. Only a timeout: a reset can be a keep-alive
 * connection the server closed, not this request's fault.
 */
async function sendOrBlame(ctx: HeaderRunContext, c: HeaderCase, endpoint: Endpoint, request: RawRequest, evidence: Evidence): Promise<{ url: string; exchange: Exchange }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(ctx, endpoint, request);
    } catch (err) {
      if (!(err instanceof TransportError) || err.code !== 'timeout') throw err;
      if (attempt < 2) continue;
      if ((await targetGate().alive()) !== true) throw err;
      const wire = endpointWire(ctx.target, endpoint, request);
      evidence.request = unansweredEvidence(wire, ctx.redactor, err.message);
      throw new CheckFailure({
        requirementId: c.id, level: 'MUST', expected: ['an HTTP response (every request gets an answer)'], actual: `no answer, twice (${err.message})`,
        message: `sent ${c.sends}: no answer, twice (${err.message}), while the target answers a request without credentials`,
      });
    }
  }
}

/** The bytes of a request that got no answer (as the raw transport writes them), redacted, and how to send them again. */
function unansweredEvidence(wire: WireRequest, redactor: Redactor, error: string): Evidence {
  return { ...requestEvidence(wire, redactor), error };
}

/** The oracle an endpoint is judged by, as the report states it. */
export function oracleEvidence(ctx: Pick<HeaderRunContext, 'echo' | 'echoReason' | 'validToken' | 'tokenReason'>): Evidence {
  return {
    kind: ctx.validToken ? 'valid-token' : ctx.echo ? 'echo' : 'status',
    echo: ctx.echo,
    ...(ctx.echoReason ? { echoReason: ctx.echoReason } : {}),
    validToken: ctx.validToken,
    ...(ctx.tokenReason ? { tokenReason: ctx.tokenReason } : {}),
  };
}

/** The echo oracle of an endpoint, decided once from a canonical request (suites/checks/oracle.ts). */
export async function detectEcho(ctx: Pick<HeaderRunContext, 'target' | 'client' | 'profile' | 'token'>, endpoint: Endpoint, choice: OracleChoice = 'auto'): Promise<EchoOracle> {
  const { exchange } = await send(ctx, endpoint, { lines: [`Authorization: Bearer ${ctx.token}`] });
  return decideEchoOracle(ctx.profile, ctx.token, exchange.response, choice);
}

/** An endpoint's run context: the token mode (learnt by the preflight), then the echo oracle, decided once. */
export async function openHeaderContext(base: Omit<HeaderRunContext, 'token' | 'validToken' | 'tokenReason' | 'echo' | 'echoReason'>, endpoint: Endpoint, mode: TokenMode, choice: OracleChoice = 'auto'): Promise<HeaderRunContext> {
  const withToken = { ...base, token: mode.token, validToken: mode.validToken, tokenReason: mode.reason };
  const oracle = await detectEcho(withToken, endpoint, choice);
  return { ...withToken, echo: oracle.echo, echoReason: oracle.reason };
}

/**
 * Does the endpoint validate tokens at all? Sends two tokens it never issued, once each: one shaped
 * like the valid token, one of another length (see classifyNeverIssued).
 */
export async function learnTokenValidation(ctx: Pick<HeaderRunContext, 'target' | 'client'>, endpoint: Endpoint, tokens: { sameShape: string; otherShape: string }): Promise<TokenValidation> {
  const statusOf = async (token: string) => (await send(ctx, endpoint, { lines: [`Authorization: Bearer ${token}`] })).exchange.response.status;
  let sameShape: number;
  try {
    sameShape = await statusOf(tokens.sameShape);
  } catch (err) {
    if (err instanceof TransportError) return classifyNeverIssued(undefined, undefined, err.message);
    throw err;
  }
  const otherShape = sameShape >= 200 && sameShape <= 299 ? await statusOf(tokens.otherShape).catch((err: unknown) => {
    if (err instanceof TransportError) return undefined;
    throw err;
  }) : undefined;
  return classifyNeverIssued(sameShape, otherShape);
}

export interface NeverIssuedPlan {
  /** the user's token, if any */
  realToken?: string;
  /** what the preflight learnt about this endpoint */
  validation?: TokenValidation;
  seed: number;
}

/**
 * headers.never-issued-token: with a valid token, a never-issued one of the same shape is refused
 * with 401 and a Bearer challenge. On a target that accepts it, an INFO observation with the
 * evidence (the run is then judged as without a valid token).
 */
export async function checkNeverIssued(ctx: HeaderRunContext, endpoint: Endpoint, plan: NeverIssuedPlan, evidence: Evidence): Promise<void> {
  await runCheck(NEVER_ISSUED_CHECK, { ctx, endpoint, plan }, evidence);
}

/** A check of a token the target must refuse, on one endpoint: the endpoint's run and what the valid token is. */
export interface TokenProbeRun {
  ctx: HeaderRunContext;
  endpoint: Endpoint;
  plan: NeverIssuedPlan;
}

export const NEVER_ISSUED_CHECK: Check<TokenProbeRun> = {
  applies: ({ plan }) => (plan.realToken === undefined ? skip('needs a valid token (--token or --username/--password): without one there is no token to tell a never-issued one from') : APPLIES),
  run: async ({ ctx, endpoint, plan }, evidence) => {
    const decoy = neverIssuedToken(plan.realToken!, plan.seed);
    const prediction = neverIssuedPrediction(ctx.profile);
    evidence.profile = ctx.profile;
    evidence.rationale = prediction.rationale;
    evidence.tokenValidation = plan.validation;
    await expectRefused(ctx, endpoint, {
      id: NEVER_ISSUED_ID, token: decoy, prediction, validation: plan.validation,
      sends: "a never-issued token of the valid token's shape", detail: plan.validation?.reason,
    }, evidence);
  },
};

/** A token the target must refuse (never issued, forged), sent once and judged against its prediction. */
export interface RefusalProbe {
  id: string;
  token: string;
  prediction: Prediction;
  validation?: TokenValidation;
  /** what is sent, for the message: "a never-issued token of the valid token's shape" */
  sends: string;
  /** why, appended to a failure's message */
  detail?: string;
}

/**
 * Sends the probe's token and throws unless the answer is the predicted refusal. On a target the
 * preflight found to accept any token, an accepted probe is an INFO observation (the run is then
 * judged as without a valid token).
 */
export async function expectRefused(ctx: HeaderRunContext, endpoint: Endpoint, probe: RefusalProbe, evidence: Evidence): Promise<void> {
  const { url, exchange } = await send(ctx, endpoint, { lines: [`Authorization: Bearer ${probe.token}`] });
  evidence.exchange = exchangeEvidence(exchange, url, ctx.redactor);
  const verdict = judge(probe.prediction, observe(exchange.response, false), { echo: false });
  if (verdict.conforms) return;
  const acceptsAny = probe.validation?.verdict === 'accepts-any' && exchange.response.status >= 200 && exchange.response.status <= 299;
  throw new CheckFailure({
    requirementId: probe.id, level: acceptsAny ? 'INFO' : probe.prediction.requirement.level, expected: verdict.expected, actual: verdict.actual,
    message: acceptsAny
      ? `the target accepts any token: ${probe.sends} got ${verdict.actual}; every check was judged as without a valid token`
      : `sent ${probe.sends}: expected ${verdict.expected.join(' or ')}; got ${verdict.actual}${probe.detail ? ` (${probe.detail})` : ''}`,
  });
}

/** 401 responses whose shape the shape rules judge: no credentials at all, and another scheme. */
export const SHAPE_PROBES: readonly { sends: string; request: RawRequest }[] = [
  { sends: 'no Authorization header', request: { lines: [] } },
  { sends: '`Basic` credentials', request: { lines: ['Authorization: Basic dXNlcjpwYXNz'] } },
];

function requireUnauthorized(res: WireResponse, sends: string): void {
  if (res.status !== 401) throw new NotApplicable(`the response to ${sends} was ${res.status}, not 401: no challenge to judge`);
}

/** Judges the shape of the 401s (challenge, body) that a shape rule constrains. */
export async function checkShapeRule(ctx: HeaderRunContext, rule: ShapeRule, endpoint: Endpoint, evidence: Evidence): Promise<void> {
  const exchanges: ExchangeEvidence[] = [];
  evidence.exchanges = exchanges;
  for (const probe of SHAPE_PROBES) {
    const { url, exchange } = await send(ctx, endpoint, probe.request);
    exchanges.push(exchangeEvidence(exchange, url, ctx.redactor));
    requireUnauthorized(exchange.response, probe.sends);
    const obs = observe(exchange.response, false);
    const problem = rule.appliesTo(obs) ? rule.check(obs, probe.request) : null;
    if (problem) {
      throw new CheckFailure({ requirementId: rule.requirement.id, level: rule.requirement.level, expected: [rule.title], actual: problem, message: `after ${probe.sends}: ${problem}` });
    }
  }
}
