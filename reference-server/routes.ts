// One request that the HTTP parser accepted: the HTTP-layer checks uvicorn/h11 would make, then
// the tutorial's routes (with Starlette's redirect_slashes and 405s, which come before auth).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readCredentials } from './credentials.ts';
import type { Mode } from './credentials.ts';
import { ASSETS_PATH, DOCS_PATH, OAUTH2_REDIRECT_PATH, OPENAPI_PATH, oauth2RedirectHtml, readAsset, swaggerUiHtml } from './docs.ts';
import { H11_REJECTION_BODY, refusedByH11 } from './h11.ts';
import type { ObsFoldTap } from './h11.ts';
import { buildOpenApi } from './openapi.ts';
import { HTML_TYPE, TEXT_TYPE, methodNotAllowed, notFound, send, sendJson } from './respond.ts';
import { handleTokenRequest } from './token-endpoint.ts';
import type { TokenStore } from './tokens.ts';
import { numberedItem } from './numbered.ts';
import type { NumberedOperations } from './numbered.ts';

/** rfc6750 challenges carry an auth-param (RFC 6750 §3: "MUST be followed by one or more auth-param values"). */
export const REALM = 'bearer-conformance';
/** A Host value safe to write back in a Location header (reg-name or IP literal, optional port). */
const HOST_VALUE = /^[A-Za-z0-9\-._~!$&'()*+,;=:[\]%]+$/;
const ROUTES: ReadonlySet<string> = new Set(['/items/', '/token', OPENAPI_PATH, DOCS_PATH, OAUTH2_REDIRECT_PATH]);

export interface Context {
  mode: Mode;
  /** '' or a prefix such as '/api/v1' */
  rootPath: string;
  validateTokens: boolean;
  quiet: boolean;
  tokens: TokenStore;
  /** host:port of the listening socket, for a Location when the request's Host cannot be used */
  authority: string;
  /** fastapi modes only: the h11 view of each connection's Authorization values */
  taps: WeakMap<Socket, ObsFoldTap>;
  /** numbered copies of GET /items/ (numbered.ts); count 0 when there are none */
  numbered: NumberedOperations;
}

export function emulatesH11(mode: Mode): boolean {
  return mode === 'fastapi' || mode === 'fastapi@0.92';
}

function countField(rawHeaders: readonly string[], name: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === name) count++;
  return count;
}

/** RFC 9112 §3.2: 400 for an HTTP/1.1 request without Host, or with more than one (h11 agrees). */
function hostIsMissingOrRepeated(req: IncomingMessage): boolean {
  const hosts = countField(req.rawHeaders, 'host');
  return hosts > 1 || (hosts === 0 && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1);
}

/** Every mode refuses malformed requests the way uvicorn does. */
function rejectRequest(res: ServerResponse): void {
  send(res, 400, { 'content-type': TEXT_TYPE, connection: 'close' }, H11_REJECTION_BODY);
}

function challenge(mode: Mode, error?: string, description?: string): string {
  if (mode !== 'rfc6750') return 'Bearer';
  const params = [`realm="${REALM}"`];
  if (error) params.push(`error="${error}"`);
  if (description) params.push(`error_description="${description}"`);
  return `Bearer ${params.join(', ')}`;
}

function readItems(ctx: Context, req: IncomingMessage, res: ServerResponse, authorization: string | undefined): void {
  if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
  const outcome = readCredentials(ctx.mode, { value: authorization, lines: countField(req.rawHeaders, 'authorization') });
  switch (outcome.kind) {
    case 'unauthenticated':
      return sendJson(res, 401, { detail: 'Not authenticated' }, { 'www-authenticate': challenge(ctx.mode) });
    case 'invalid_request': {
      const body = { error: 'invalid_request', error_description: outcome.description };
      return sendJson(res, 400, body, { 'www-authenticate': challenge(ctx.mode, 'invalid_request', outcome.description) });
    }
    case 'token':
      if (ctx.validateTokens && !ctx.tokens.accepts(outcome.token)) {
        // FastAPI's later tutorials answer an unknown token this way ("Could not validate credentials").
        return sendJson(res, 401, { detail: 'Could not validate credentials' }, { 'www-authenticate': challenge(ctx.mode, 'invalid_token') });
      }
      return sendJson(res, 200, { token: outcome.token });
  }
}

/** A numbered copy of GET /items/, unless a fault is planted there (numbered.ts). */
function readNumbered(ctx: Context, req: IncomingMessage, res: ServerResponse, route: string, authorization: string | undefined): void {
  const fault = ctx.numbered.faults?.[route];
  if (fault === 'ignores-auth') return sendJson(res, 200, { token: '' });
  if (fault === 'forbids') return sendJson(res, 403, { detail: 'Not authenticated' });
  readItems(ctx, req, res, authorization);
}

/** Bytes outside VCHAR cannot go into a header: percent-encode them (as UTF-8 above U+00FF). */
function headerSafe(text: string): string {
  return text.replace(/[^\x21-\x7e]/gu, (c) => {
    const bytes = c.codePointAt(0)! <= 0xff ? [c.codePointAt(0)!] : [...Buffer.from(c, 'utf8')];
    return bytes.map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('');
  });
}

/** Starlette's redirect_slashes: 307 to the same URL with the trailing slash toggled, query kept. */
function redirectSlashes(ctx: Context, req: IncomingMessage, res: ServerResponse, route: string, query: string): void {
  const host = req.headers.host !== undefined && HOST_VALUE.test(req.headers.host) ? req.headers.host : ctx.authority;
  send(res, 307, { location: `http://${host}${ctx.rootPath}${route}${headerSafe(query)}` });
}

/** Starlette routes for GET also answer HEAD. */
async function getOnly(req: IncomingMessage, res: ServerResponse, answer: () => Promise<void> | void): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
  await answer();
}

async function serveAsset(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  const asset = await readAsset(name);
  if (!asset) return notFound(res);
  await getOnly(req, res, () => send(res, 200, { 'content-type': asset.contentType }, asset.body));
}

export async function handle(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Every request takes its head from the tap, in order, whether or not its route reads it.
  const tap = ctx.taps.get(req.socket as Socket);
  const h11 = tap?.headFor(req.headers.authorization);
  const authorization = h11 ? h11.authorization : req.headers.authorization;
  if (hostIsMissingOrRepeated(req)) return rejectRequest(res);
  if (emulatesH11(ctx.mode) && (refusedByH11(req.rawHeaders) || h11?.refused)) return rejectRequest(res);

  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const pathname = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = queryAt < 0 ? '' : target.slice(queryAt);
  const route = pathname.startsWith(ctx.rootPath) ? pathname.slice(ctx.rootPath.length) : undefined;

  switch (route) {
    case '/items/':
      return readItems(ctx, req, res, authorization);
    case '/token':
      return handleTokenRequest(req, res, ctx.tokens);
    case OPENAPI_PATH:
      return getOnly(req, res, () => sendJson(res, 200, buildOpenApi(ctx.rootPath, ctx.numbered.count)));
    case DOCS_PATH:
      return getOnly(req, res, () => send(res, 200, { 'content-type': HTML_TYPE }, swaggerUiHtml(ctx.rootPath)));
    case OAUTH2_REDIRECT_PATH:
      return getOnly(req, res, async () => send(res, 200, { 'content-type': HTML_TYPE }, await oauth2RedirectHtml(ctx.rootPath)));
  }
  if (numberedItem(route, ctx.numbered.count) !== undefined) return readNumbered(ctx, req, res, route!, authorization);
  if (route?.startsWith(ASSETS_PATH)) return serveAsset(req, res, route.slice(ASSETS_PATH.length));
  const toggled = route === undefined ? undefined : route.endsWith('/') ? route.replace(/\/+$/, '') : `${route}/`;
  if (toggled !== undefined && (ROUTES.has(toggled) || numberedItem(toggled, ctx.numbered.count) !== undefined)) return redirectSlashes(ctx, req, res, toggled, query);
  notFound(res);
}
