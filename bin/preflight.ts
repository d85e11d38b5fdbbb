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
import type { TransportError } from '../suites/transport/wire.ts';
import { field, isGranted, passwordGrant as grantForm, postForm } from '../suites/openapi/token-http.ts';
import type { TokenExchange } from '../suites/openapi/token-http.ts';
import { Redactor } from '../suites/redact.ts';
import { mapConcurrent } from '../suites/concurrent.ts';

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
  let ex: TokenExchange;
  const dispatcher = makeAgent(opts.insecure);
  try {
    // the run registers the issued token as a secret itself; nothing here is reported
    ex = await postForm(tokenUrl, grantForm(username, password, opts.scopes), { dispatcher, timeoutMs: opts.timeoutMs, redactor: new Redactor() });
  } catch (err) {
    throw new CannotTest(`could not reach the token endpoint ${tokenUrl}: ${((err as Error).cause as Error | undefined ?? err as Error).message}`);
  } finally {
    await dispatcher.destroy();
  }
  if (ex.status === 404 || ex.status === 405) throw new TokenEndpointMissing(`${tokenUrl} answers ${ex.status}: the target has no token endpoint there`);
  if (!isGranted(ex)) {
    const error = field(ex, 'error');
    const detail = field(ex, 'detail');
    const why = typeof error === 'string' ? error : typeof detail === 'string' ? detail : 'no access_token in the answer';
    throw new TokenRefused(`the token endpoint ${tokenUrl} did not issue a token for ${JSON.stringify(username)}: ${ex.status} ${why}`);
  }
  return field(ex, 'access_token') as string;
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
  try {
    // a whole API has hundreds of operations: a few at a time, as the sweep does
    const learnt = await mapConcurrent(endpoints, SWEEP_CONCURRENCY, (e) => learnTokenValidation({ target, client }, e, tokens));
    return Object.fromEntries(endpoints.map((e, i) => [endpointKey(e), learnt[i]!]));
  } finally {
    await client.close();
  }
}
