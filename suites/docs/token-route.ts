// Watches the password-grant request Swagger UI sends from the Authorize dialog. It is forwarded to
// the target unchanged; only when the target has no token endpoint there (404 or 405, as FastAPI's
// first-steps app, which declares tokenUrl="token" but serves no /token) does the harness answer
// with a token of its own, so the rest of the flow (the Bearer header on Try it out) is still checked.
import { randomBytes } from 'node:crypto';
import type { Page, Route } from '@playwright/test';
import { seen } from './swagger.ts';
import type { SeenRequest } from './swagger.ts';
import { firstLine } from '../text.ts';
import { within } from './util.ts';

export const NO_ENDPOINT_STATUSES = [404, 405];

export type TokenOutcome =
  | { kind: 'answered'; status: number; body: string; accessToken?: string; tokenType?: string }
  | { kind: 'harness'; targetStatus: number; accessToken: string }
  | { kind: 'failed'; error: string };

export interface TokenExchange {
  request: SeenRequest;
  outcome: TokenOutcome;
}

export function isPasswordGrant(method: string, postData: string | null): boolean {
  return method === 'POST' && new URLSearchParams(postData ?? '').get('grant_type') === 'password';
}

/** A token for targets without a token endpoint: random, never derived from a secret, a valid b64token. */
function harnessToken(): string {
  return `harness-${randomBytes(16).toString('hex')}`;
}

function parseToken(body: string): { accessToken?: string; tokenType?: string } {
  try {
    const json = JSON.parse(body) as { access_token?: unknown; token_type?: unknown };
    return {
      ...(typeof json.access_token === 'string' ? { accessToken: json.access_token } : {}),
      ...(typeof json.token_type === 'string' ? { tokenType: json.token_type } : {}),
    };
  } catch {
    return {};
  }
}

async function forward(route: Route, timeoutMs: number): Promise<TokenOutcome> {
  let response;
  try {
    response = await route.fetch({ timeout: timeoutMs });
  } catch (err) {
    await route.abort('connectionrefused');
    return { kind: 'failed', error: firstLine(err) };
  }
  if (NO_ENDPOINT_STATUSES.includes(response.status())) {
    const accessToken = harnessToken();
    await route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: JSON.stringify({ access_token: accessToken, token_type: 'bearer' }) });
    return { kind: 'harness', targetStatus: response.status(), accessToken };
  }
  const body = await response.text();
  await route.fulfill({ response, body });
  return { kind: 'answered', status: response.status(), body, ...parseToken(body) };
}

export interface TokenInterceptor {
  /** the first exchange, or undefined when none happens within `ms` */
  next(ms: number): Promise<TokenExchange | undefined>;
  stop(): Promise<void>;
}

/**
 * Routes password-grant POSTs through `forward` until `stop()`. `allowed(url)` leaves requests to
 * hosts the run may not reach to the offline routes.
 */
export async function interceptTokenRequests(page: Page, o: { timeoutMs: number; allowed: (url: URL) => boolean }): Promise<TokenInterceptor> {
  let resolveFirst: (x: TokenExchange) => void = () => {};
  const first = new Promise<TokenExchange>((resolve) => (resolveFirst = resolve));
  const handler = async (route: Route) => {
    const req = route.request();
    if (!isPasswordGrant(req.method(), req.postData()) || !o.allowed(new URL(req.url()))) return route.fallback();
    const request = await seen(req);
    resolveFirst({ request, outcome: await forward(route, o.timeoutMs) });
  };
  const matcher = () => true;
  await page.route(matcher, handler);
  return {
    next: (ms) => within(first, ms),
    stop: () => page.unroute(matcher, handler),
  };
}
