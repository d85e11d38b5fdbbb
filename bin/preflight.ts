// Before any suite runs: is the target there at all, and (with --username/--password) which token
// does its token endpoint issue. Failures here are one-line messages with exit code 2 or 3.
import { request } from 'undici';
import { makeAgent } from '../suites/transport/http.ts';

export class CannotTest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CannotTest';
  }
}

/** Any HTTP answer means reachable; refused, reset, DNS failure or timeout means not. */
export async function assertReachable(target: string, opts: { timeoutMs: number; insecure: boolean }): Promise<void> {
  try {
    const res = await request(target + '/', { dispatcher: makeAgent(opts.insecure), headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs, signal: AbortSignal.timeout(opts.timeoutMs) });
    await res.body.dump();
  } catch (err) {
    const e = err as { code?: string; name?: string; message?: string };
    const why = e.name === 'TimeoutError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' ? `no answer within ${opts.timeoutMs} ms` : (e.code ?? e.message ?? String(err));
    throw new CannotTest(`target ${target} is unreachable: ${why}`);
  }
}

/** RFC 6749 §4.3 password grant. Wrong credentials are a configuration error (exit 2), an unreachable endpoint is not (exit 3). */
export async function passwordGrant(tokenUrl: string, username: string, password: string, opts: { timeoutMs: number; insecure: boolean }): Promise<string> {
  let res;
  try {
    res = await request(tokenUrl, {
      method: 'POST',
      dispatcher: makeAgent(opts.insecure),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'password', username, password }).toString(),
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
  } catch (err) {
    throw new CannotTest(`could not reach the token endpoint ${tokenUrl}: ${(err as Error).message}`);
  }
  const text = await res.body.text();
  if (res.statusCode === 404 || res.statusCode === 405) throw new TokenEndpointMissing(`${tokenUrl} answers ${res.statusCode}: the target has no token endpoint there`);
  let body: { access_token?: unknown; error?: unknown; detail?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // reported below with the status
  }
  if (res.statusCode !== 200 || typeof body.access_token !== 'string' || !body.access_token) {
    const why = typeof body.error === 'string' ? body.error : typeof body.detail === 'string' ? body.detail : 'no access_token in the answer';
    throw new TokenRefused(`the token endpoint ${tokenUrl} did not issue a token for ${JSON.stringify(username)}: ${res.statusCode} ${why}`);
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
