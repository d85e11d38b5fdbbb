// Before any suite runs: is the target there at all, and (with --username/--password) which token
// does its token endpoint issue. Failures here are one-line messages with exit code 2 or 3. Both go
// through the run's gate like every other request: bounded in time and bytes, no redirect followed.
import { HttpClient, makeAgent, requestTarget } from '../suites/transport/http.ts';
import { learnTokenValidation } from '../suites/headers/run.ts';
import { endpointKey, foreignToken, neverIssuedToken } from '../suites/checks/token-mode.ts';
import { DEMO_TOKEN } from '../suites/catalogue/index.ts';
import type { TokenValidation } from '../suites/checks/token-mode.ts';
import { SWEEP_CONCURRENCY } from '../suites/sweep/run.ts';
import type { Endpoint } from '../suites/config.ts';
import type { TargetResponse } from '../suites/transport/http.ts';
import type { TransportError } from '../suites/transport/wire.ts';

/** A preflight answer is small: the first bytes tell whether anything HTTP is there. */
const PREFLIGHT_MAX_BYTES = 64 * 1024;

export class CannotTest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CannotTest';
  }
}

/** Any HTTP answer means reachable; refused, reset, DNS failure or timeout means not. */
export async function assertReachable(target: string, opts: { timeoutMs: number; insecure: boolean }): Promise<void> {
  const dispatcher = makeAgent(opts.insecure);
  try {
    await requestTarget(target + '/', { dispatcher, timeoutMs: opts.timeoutMs, maxBytes: PREFLIGHT_MAX_BYTES, truncate: true });
  } catch (err) {
    const e = err as TransportError;
    const why = e.code === 'timeout' ? `no answer within ${opts.timeoutMs} ms` : e.code === 'refused' ? 'ECONNREFUSED (connection refused)' : e.message;
    throw new CannotTest(`target ${target} is unreachable: ${why}`);
  } finally {
    await dispatcher.destroy();
  }
}

/** RFC 6749 §4.3 password grant. Wrong credentials are a configuration error (exit 2), an unreachable endpoint is not (exit 3). */
export async function passwordGrant(tokenUrl: string, username: string, password: string, opts: { timeoutMs: number; insecure: boolean; scopes?: readonly string[] }): Promise<string> {
  // RFC 6749 §3.2: "Parameters sent without a value MUST be treated as if they were omitted", so no scopes, no field.
  const scope: Record<string, string> = opts.scopes?.length ? { scope: opts.scopes.join(' ') } : {};
  let res: TargetResponse;
  const dispatcher = makeAgent(opts.insecure);
  try {
    res = await requestTarget(tokenUrl, {
      method: 'POST', dispatcher, timeoutMs: opts.timeoutMs, maxBytes: PREFLIGHT_MAX_BYTES,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'password', username, password, ...scope }).toString(),
    });
  } catch (err) {
    throw new CannotTest(`could not reach the token endpoint ${tokenUrl}: ${(err as Error).message}`);
  } finally {
    await dispatcher.destroy();
  }
  const text = res.body.toString('utf8');
  if (res.status === 404 || res.status === 405) throw new TokenEndpointMissing(`${tokenUrl} answers ${res.status}: the target has no token endpoint there`);
  let body: { access_token?: unknown; error?: unknown; detail?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // reported below with the status
  }
  if (res.status !== 200 || typeof body.access_token !== 'string' || !body.access_token) {
    const why = typeof body.error === 'string' ? body.error : typeof body.detail === 'string' ? body.detail : 'no access_token in the answer';
    throw new TokenRefused(`the token endpoint ${tokenUrl} did not issue a token for ${JSON.stringify(username)}: ${res.status} ${why}`);
  }
  return body.access_token;
}

export class TokenRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenRefused';
  }
}

/** FastAPI's first-steps app declares tokenUrl "token" but has no such endpoint (ground truth §1 #67-68). */
export class TokenEndpointMissing extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenEndpointMissing';
  }
}

/**
 * With a valid token: does each endpoint validate tokens at all? Never-issued tokens (seeded, so the
 * run can be repeated), once per endpoint, before any suite runs, so that every
 * suite and every Playwright worker judges by the same answer.
 */
export async function learnTokenValidations(target: string, endpoints: readonly Endpoint[], token: string, seed: number, opts: { timeoutMs: number; insecure: boolean }): Promise<Record<string, TokenValidation>> {
  const client = new HttpClient({ timeoutMs: opts.timeoutMs, insecure: opts.insecure });
  const tokens = { sameShape: neverIssuedToken(token, seed), otherShape: foreignToken(token, DEMO_TOKEN, seed) };
  const learnt: TokenValidation[] = new Array(endpoints.length);
  try {
    // a whole API has hundreds of operations: a few at a time, as the sweep does
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < endpoints.length; i = next++) learnt[i] = await learnTokenValidation({ target, client }, endpoints[i]!, tokens);
    };
    await Promise.all(Array.from({ length: Math.min(SWEEP_CONCURRENCY, endpoints.length) }, worker));
  } finally {
    await client.close();
  }
  return Object.fromEntries(endpoints.map((e, i) => [endpointKey(e), learnt[i]!]));
}
