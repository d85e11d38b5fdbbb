// Runs one header case against one endpoint: expand the case, ask the model what is acceptable,
// send it (undici when well-formed, raw otherwise), and judge. Free of Playwright so the project's
// own tests can run it against faulty targets directly.
import { predict } from '../model/index.ts';
import type { Observation, Outcome, Prediction, ProfileName, RawRequest } from '../model/types.ts';
import { judge } from '../checks/outcome.ts';
import { CheckFailure, NotApplicable } from '../checks/failures.ts';
import { exchangeEvidence } from '../evidence.ts';
import type { ExchangeEvidence } from '../evidence.ts';
import type { ShapeRule } from '../checks/shape.ts';
import { expandRequest } from '../catalogue/index.ts';
import type { HeaderCase } from '../catalogue/index.ts';
import type { Endpoint } from '../config.ts';
import type { Evidence } from '../results.ts';
import type { HttpClient } from '../transport/http.ts';
import type { Exchange, WireResponse } from '../transport/wire.ts';
import type { Redactor } from '../redact.ts';

export interface HeaderRunContext {
  target: string;
  profile: ProfileName;
  client: HttpClient;
  redactor: Redactor;
  /** the token put into `{token}`: the demo token, or the user's real one */
  token: string;
  /** true when `token` is a real token of a target that validates tokens */
  validToken: boolean;
  /** true when the target echoes the token it saw ({"token": ...}) */
  echo: boolean;
}

export function endpointUrl(target: string, endpoint: Endpoint, query?: string): string {
  return `${target.replace(/\/+$/, '')}${endpoint.path}${query ? (endpoint.path.includes('?') ? '&' : '?') + query : ''}`;
}

/**
 * In valid-token mode the target checks the token: a variant that keeps the credentials' meaning
 * must still succeed, and a variant that changes the token must not. So "authorized with token X"
 * stays authorized only when X is the real token, and becomes "challenged" otherwise.
 */
export function forValidToken(prediction: Prediction, token: string): Prediction {
  const forToken = (outcomes: readonly Outcome[]): Outcome[] => outcomes.map((o) =>
    o.kind === 'authorized' && o.token !== null && o.token !== token ? { kind: 'challenged', error: 'any' } : o);
  const waivers = prediction.waivers?.map((w) => ({ ...w, acceptable: forToken(w.acceptable) }));
  return { ...prediction, acceptable: forToken(prediction.acceptable), ...(waivers ? { waivers } : {}) };
}

export function predictCase(ctx: Pick<HeaderRunContext, 'profile' | 'token' | 'validToken'>, c: HeaderCase): { request: RawRequest; prediction: Prediction } {
  const request = expandRequest(c.request, ctx.token);
  const predicted = predict(ctx.profile, request);
  return { request, prediction: ctx.validToken ? forValidToken(predicted, ctx.token) : predicted };
}

export function observe(res: WireResponse, echo: boolean): Observation {
  return { status: res.status, headers: res.headers, body: res.body, echoedToken: echo ? echoedToken(res) : undefined };
}

/** The token a FastAPI-tutorial-style endpoint reports: {"token": "..."} in a 2xx JSON body. */
export function echoedToken(res: WireResponse): string | undefined {
  if (res.status < 200 || res.status > 299) return undefined;
  try {
    const body = JSON.parse(res.body.toString('utf8')) as unknown;
    const token = (body as { token?: unknown } | null)?.token;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

export async function send(ctx: HeaderRunContext, endpoint: Endpoint, request: RawRequest): Promise<{ url: string; exchange: Exchange }> {
  const url = endpointUrl(ctx.target, endpoint, request.query);
  const exchange = await ctx.client.send({ method: request.method ?? endpoint.method, url, lines: request.lines });
  return { url, exchange };
}

export async function checkHeaderCase(ctx: HeaderRunContext, c: HeaderCase, endpoint: Endpoint, evidence: Evidence): Promise<void> {
  const { request, prediction } = predictCase(ctx, c);
  evidence.profile = ctx.profile;
  evidence.modelRequirement = prediction.requirement.id;
  evidence.rationale = prediction.rationale;
  evidence.oracle = ctx.validToken ? 'valid-token' : ctx.echo ? 'echo' : 'status';
  const { url, exchange } = await send(ctx, endpoint, request);
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
 * Echo auto-detection: a canonical request whose 2xx JSON body carries the sent token. A token that
 * comes back only altered in case or surrounding whitespace still switches the oracle on: the
 * endpoint clearly reports what it saw, and the alteration is exactly what the oracle must catch.
 */
export async function detectEcho(ctx: Omit<HeaderRunContext, 'echo'>, endpoint: Endpoint): Promise<boolean> {
  const { exchange } = await send({ ...ctx, echo: false }, endpoint, { lines: [`Authorization: Bearer ${ctx.token}`] });
  return echoesToken(exchange.response, ctx.token);
}

/** Whether the response to a canonical request with `token` reports that token (see detectEcho). */
export function echoesToken(res: WireResponse, token: string): boolean {
  const echoed = echoedToken(res);
  return echoed !== undefined && echoed.trim().toLowerCase() === token.toLowerCase();
}

/** 401 responses whose shape the shape rules judge: no credentials at all, and another scheme. */
const SHAPE_PROBES: readonly { sends: string; request: RawRequest }[] = [
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
