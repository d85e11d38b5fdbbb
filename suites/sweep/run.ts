// Sends the sweep to every planned operation, a bounded number at a time, each request through the
// run's gate (--rate, --max-requests, 429, breaker), and judges each answer where it arrives: the
// canonical request first (it decides the operation's echo oracle, as openHeaderContext does for
// the headers suite), then the probes. Judged here, once, so secrets never leave this process: what
// is kept is the verdict and redacted evidence.
import { judge } from '../checks/outcome.ts';
import { decideEchoOracle, observe } from '../checks/oracle.ts';
import type { OracleChoice } from '../checks/oracle.ts';
import type { TokenMode, TokenValidationVerdict } from '../checks/token-mode.ts';
import { exchangeEvidence } from '../evidence.ts';
import type { ExchangeEvidence } from '../evidence.ts';
import type { HeaderRunContext } from '../checks/run-context.ts';
import { send } from '../transport/endpoint.ts';
import type { Level, ProfileName, RawRequest } from '../model/types.ts';
import type { ProbeResponse } from '../openapi/cross-check.ts';
import type { Redactor } from '../redact.ts';
import type { HttpClient } from '../transport/http.ts';
import type { Exchange } from '../transport/wire.ts';
import type { Endpoint } from '../config.ts';
import { CANONICAL_ID, SWEEP_CASE_IDS } from './probes.ts';
import { casePredictions } from './predictions.ts';
import type { CasePredictions, PredictedCase } from './predictions.ts';
import type { SweepOperation } from './plan.ts';
import { mapConcurrent } from '../concurrent.ts';

/** In flight at once: enough to sweep 1,000 operations in seconds on loopback, few enough to be polite. */
export const SWEEP_CONCURRENCY = 8;
/** What the cross-check keeps of a body (as runCrossCheck does). */
const BODY_PREVIEW_BYTES = 1024;

/** One probe's judgement on one operation. Evidence only for what did not pass. */
export interface ProbeVerdict {
  /** the catalogue case: headers.missing, … */
  id: string;
  verdict: 'pass' | 'fail' | 'error';
  /** the level of the clause a failure breaks */
  level?: Level;
  status?: number;
  message?: string;
  exchange?: ExchangeEvidence;
}

export interface SweptOperation extends SweepOperation {
  /** the echo oracle decided from this operation's canonical answer (Bearer operations only) */
  echo?: boolean;
  echoReason?: string;
  /** what a never-issued token taught (with a valid token only) */
  tokenValidation?: TokenValidationVerdict;
  /** the answer to the request without credentials, for the cross-check's judgements */
  noCredentials?: ProbeResponse;
  /** why the request without credentials got no answer */
  noCredentialsError?: string;
  probes: ProbeVerdict[];
}

export interface SweepContext {
  target: string;
  profile: ProfileName;
  client: HttpClient;
  redactor: Redactor;
  modeFor(endpoint: Endpoint): TokenMode;
  validationFor(endpoint: Endpoint): TokenValidationVerdict | undefined;
  oracle?: OracleChoice;
  /** the canonical request is judged only when the run has a valid token */
  judgeCanonical: boolean;
  concurrency?: number;
}

function preview(ex: Exchange): ProbeResponse {
  const headers = Object.fromEntries(Object.entries(ex.response.headers).map(([k, v]) => [k, v.join(', ')]));
  return { status: ex.response.status, headers, body: ex.response.body.subarray(0, BODY_PREVIEW_BYTES).toString('utf8') };
}

function withOperationLines(op: SweepOperation, request: RawRequest): RawRequest {
  return { ...request, lines: [...op.lines, ...request.lines] };
}

type Sent = { url: string; exchange: Exchange } | { error: string };

function sweepCase(predictions: CasePredictions, ctx: HeaderRunContext, op: SweepOperation, caseId: string): PredictedCase {
  // the run's prediction; the request with the operation's required header lines in front
  const predicted = predictions({ ...ctx, scheme: op.endpoint.scheme }, caseId);
  return { ...predicted, request: withOperationLines(op, predicted.request) };
}

async function sendCase(ctx: HeaderRunContext, op: SweepOperation, sc: PredictedCase): Promise<Sent> {
  try {
    return await send(ctx, op.endpoint, sc.request);
  } catch (err) {
    return { error: `${op.label}: sent ${sc.c.sends}: ${(err as Error).message}` };
  }
}

/** The model's verdict on one answer, judged as the headers suite judges the same case. */
function judgeCase(ctx: HeaderRunContext, op: SweepOperation, { c, prediction }: PredictedCase, sent: Sent): ProbeVerdict {
  const caseId = c.id;
  if ('error' in sent) return { id: caseId, verdict: 'error', message: ctx.redactor.text(sent.error) };
  const { url, exchange } = sent;
  const judged = judge(prediction, observe(exchange.response, ctx.echo), { echo: ctx.echo });
  if (judged.conforms) return { id: caseId, verdict: 'pass', status: exchange.response.status };
  const finding = judged.finding ?? prediction.requirement;
  return {
    id: caseId, verdict: 'fail', level: finding.level, status: exchange.response.status,
    message: ctx.redactor.text(`${op.label}: sent ${c.sends}: expected ${judged.expected.join(' or ')}; got ${judged.actual}`),
    exchange: exchangeEvidence(exchange, url, ctx.redactor),
  };
}

async function sweepBearer(base: SweepContext, predictions: CasePredictions, op: SweepOperation): Promise<SweptOperation> {
  const mode = base.modeFor(op.endpoint);
  const sending: HeaderRunContext = {
    target: base.target, profile: base.profile, client: base.client, redactor: base.redactor,
    token: mode.token, validToken: mode.validToken, tokenReason: mode.reason, echo: false,
  };
  const canonicalCase = sweepCase(predictions, sending, op, CANONICAL_ID);
  const canonical = await sendCase(sending, op, canonicalCase);
  const oracle = 'error' in canonical
    ? { echo: false, reason: canonical.error }
    : decideEchoOracle(base.profile, mode.token, canonical.exchange.response, base.oracle);
  const ctx = { ...sending, echo: oracle.echo, echoReason: oracle.reason };
  const out: SweptOperation = { ...op, echo: oracle.echo, echoReason: oracle.reason, probes: base.judgeCanonical ? [judgeCase(ctx, op, canonicalCase, canonical)] : [] };
  const validation = base.validationFor(op.endpoint);
  if (validation) out.tokenValidation = validation;
  for (const id of SWEEP_CASE_IDS) {
    const sc = sweepCase(predictions, ctx, op, id);
    const sent = await sendCase(ctx, op, sc);
    out.probes.push(judgeCase(ctx, op, sc, sent));
    if (id === 'headers.missing') {
      if ('error' in sent) out.noCredentialsError = sent.error;
      else out.noCredentials = preview(sent.exchange);
    }
  }
  return out;
}

/** A public operation (or one secured by another scheme) gets only the request without credentials. */
async function sweepOther(base: SweepContext, op: SweepOperation): Promise<SweptOperation> {
  try {
    const { exchange } = await send({ target: base.target, client: base.client }, op.endpoint, { lines: op.lines });
    return { ...op, noCredentials: preview(exchange), probes: [] };
  } catch (err) {
    return { ...op, noCredentialsError: `${op.label}: ${(err as Error).message}`, probes: [] };
  }
}

/** Every operation swept, in plan order, at most `concurrency` at a time. */
export async function runSweep(ops: readonly SweepOperation[], ctx: SweepContext): Promise<SweptOperation[]> {
  const predictions = casePredictions();
  return mapConcurrent(ops, ctx.concurrency ?? SWEEP_CONCURRENCY, (op) => (op.bearer ? sweepBearer(ctx, predictions, op) : sweepOther(ctx, op)));
}
