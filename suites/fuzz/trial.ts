// One fuzz request against the target: predict, send, judge. A trial never throws for what the
// target does; only a harness fault (a request the transports should never have been given) throws.
import { predict } from '../model/index.ts';
import type { Observation, Prediction, ProfileName, RawRequest } from '../model/types.ts';
import { judge } from '../checks/outcome.ts';
import type { Judgement } from '../checks/outcome.ts';
import { observe } from '../checks/oracle.ts';
import { endpointWire } from '../transport/endpoint.ts';
import { forValidToken, refusesVariant } from '../checks/token-mode.ts';
import type { Endpoint } from '../config.ts';
import { undiciCanSend } from '../transport/http.ts';
import type { HttpClient } from '../transport/http.ts';
import { framingSafe } from '../transport/raw-pool.ts';
import type { RawKeepAlivePool } from '../transport/raw-pool.ts';
import { sendRaw } from '../transport/raw.ts';
import { TransportError } from '../transport/wire.ts';
import type { Exchange, WireRequest } from '../transport/wire.ts';

/** Where and how requests go, and which oracle judges the answers. */
export interface FuzzTarget {
  /** base URL of the API under test */
  target: string;
  endpoint: Endpoint;
  profile: ProfileName;
  /** the token of canonical requests: the demo token, or the user's real one */
  token: string;
  /** true when `token` is a real token of a target that validates tokens */
  validToken: boolean;
  /** true when the endpoint echoes the token it saw ({"token": ...}) */
  echo: boolean;
  client: HttpClient;
  /** keep-alive raw connections for well-framed requests undici cannot send */
  rawPool?: RawKeepAlivePool;
  timeoutMs: number;
  insecure?: boolean;
}

export type TrialOutcome =
  | { kind: 'answered'; exchange: Exchange; observation: Observation; judgement: Judgement }
  | { kind: 'unanswered'; error: TransportError };

export interface Trial {
  request: RawRequest;
  prediction: Prediction;
  wire: WireRequest;
  outcome: TrialOutcome;
  /**
   * Valid-token mode: the target accepted a token the model would pass but that is not the valid
   * one (a variant of it, or another well-formed token). At most SHOULD (checks/token-mode.ts).
   */
  acceptsVariant?: true;
}

/** The model's prediction as sent (`modelled`) and as judged: with a valid token, other tokens are refused. */
function predictionsFor(target: Pick<FuzzTarget, 'profile' | 'token' | 'validToken'> & { endpoint?: Endpoint }, request: RawRequest): { modelled: Prediction; prediction: Prediction } {
  const modelled = predict(target.profile, request, target.endpoint?.scheme);
  return { modelled, prediction: target.validToken ? forValidToken(modelled, target.token) : modelled };
}

export function predictFor(target: Pick<FuzzTarget, 'profile' | 'token' | 'validToken'> & { endpoint?: Endpoint }, request: RawRequest): Prediction {
  return predictionsFor(target, request).prediction;
}

/** A nonconforming 2xx to a request whose only fault is not carrying the valid token. */
function acceptsVariant(target: Pick<FuzzTarget, 'token' | 'validToken'>, modelled: Prediction, status: number, judgement: Judgement): boolean {
  return target.validToken && !judgement.conforms && status >= 200 && status <= 299 && refusesVariant(modelled, target.token);
}

export function wireRequest(target: Pick<FuzzTarget, 'target' | 'endpoint'>, request: RawRequest): WireRequest {
  return endpointWire(target.target, target.endpoint, request);
}

export function canonicalRequest(token: string): RawRequest {
  return { lines: [`Authorization: Bearer ${token}`] };
}

/** undici refused bytes its own check let through: a generator or transport bug, never a verdict. */
export class UnsendableRequest extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnsendableRequest';
  }
}

/**
 * Sends on the raw keep-alive pool when the lines frame unambiguously (undici-sendable requests as
 * the bytes undici writes); else on a connection of its own. Without a pool (the project's tests),
 * with undici when it can carry the bytes verbatim. A keep-alive connection the server closed just
 * as undici reused it looks like a reset: that one is retried once on a fresh raw connection, so
 * only a target that really answers nothing is blamed (the pool retries such a connection itself).
 */
async function send(target: FuzzTarget, wire: WireRequest): Promise<Exchange> {
  const options = { timeoutMs: target.timeoutMs, insecure: target.insecure };
  if (target.rawPool && framingSafe(wire.lines)) return target.rawPool.send(wire);
  if (!undiciCanSend(wire.lines)) return sendRaw(wire, options);
  try {
    return await target.client.sendUndici(wire);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    if (cause?.code === 'UND_ERR_INVALID_ARG') throw new UnsendableRequest(`undici refused a request it was given: ${(err as Error).message}`, { cause: err });
    if (err instanceof TransportError && err.code === 'reset') return sendRaw(wire, options);
    throw err;
  }
}

export async function runTrial(target: FuzzTarget, request: RawRequest): Promise<Trial> {
  const { modelled, prediction } = predictionsFor(target, request);
  const wire = wireRequest(target, request);
  try {
    const exchange = await send(target, wire);
    const observation = observe(exchange.response, target.echo);
    const judgement = judge(prediction, observation, { echo: target.echo });
    const variant = acceptsVariant(target, modelled, exchange.response.status, judgement) ? { acceptsVariant: true as const } : {};
    return { request, prediction, wire, outcome: { kind: 'answered', exchange, observation, judgement }, ...variant };
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
    return { request, prediction, wire, outcome: { kind: 'unanswered', error: err } };
  }
}
