// The reference server: FastAPI's "Security - First Steps" tutorial app (GET /items/ behind
// OAuth2PasswordBearer) re-built on node:http, with /openapi.json, Swagger UI at /docs and a
// working password grant at /token. It imports nothing from suites/: the model there and this
// server are checked against the same vectors, so neither may borrow the other's parsing.
// This file owns the listening socket and what the HTTP parser refuses; routes.ts the rest.
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { MODES, isMode } from './credentials.ts';
import type { Mode } from './credentials.ts';
import { H11_REJECTION_BODY, ObsFoldTap } from './h11.ts';
import { TEXT_TYPE, sendJson } from './respond.ts';
import { emulatesH11, handle } from './routes.ts';
import type { Context } from './routes.ts';
import { TokenStore, isDemoUser } from './tokens.ts';
import type { NumberedOperations } from './numbered.ts';

export { DEMO_USERS } from './tokens.ts';
export { MODES } from './credentials.ts';
export { REALM } from './routes.ts';
export type { Mode } from './credentials.ts';

export interface ReferenceServerOptions {
  /** 0 (the default) picks a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** default 'documented' */
  mode?: Mode;
  /** e.g. '/api/v1': every route lives under it, as behind a proxy with FastAPI's root_path */
  rootPath?: string;
  /** accept only tokens issued by POST /token (the tutorial accepts any token); they are then HS256 JWTs */
  validateTokens?: boolean;
  /** no line on stderr for requests the HTTP parser refused */
  quiet?: boolean;
  /** also serve GET /items/1/ … /items/N/ (numbered.ts), each documented; default none */
  numbered?: NumberedOperations;
}

export interface ReferenceServer {
  /** base URL including the root path, without a trailing slash */
  url: string;
  port: number;
  close(): Promise<void>;
  /** requests answered so far, those the HTTP parser refused included (the bench counts what a run sends) */
  served(): number;
  /** a token as POST /token would issue it to `username` (one of DEMO_USERS) */
  issueToken(username: string): string;
}

const DEFAULT_HOST = '127.0.0.1';
/** A 64 KiB token is served, as h11 serves it when it arrives in one read (ground truth §3). */
export const MAX_HEADER_BYTES = 80 * 1024;
/** After answering a request the parser refused, how long the client gets to read it before the socket is destroyed. */
const LINGER_MS = 1000;
/** A prefix of path segments (RFC 3986 pchar without quotes, `&`, `<`, `>` or `\`: it is written into HTML and JS). */
const ROOT_PATH = /^(?:\/[A-Za-z0-9\-._~!$()*+,;=:@%]+)*$/;

/** '' or '/a/b' (trailing slashes dropped; '/' means no prefix). Throws RangeError otherwise. */
export function normaliseRootPath(input: string): string {
  const prefix = input.replace(/\/+$/, '');
  if (!ROOT_PATH.test(prefix)) {
    throw new RangeError(`root path ${JSON.stringify(input)} must look like /prefix or /a/b (letters, digits and -._~!$()*+,;=:@%)`);
  }
  return prefix;
}

/** No header value can make `handle` throw; this catch is for bugs, and says so loudly. */
function onRequest(ctx: Context, req: IncomingMessage, res: ServerResponse): void {
  handle(ctx, req, res).catch((err: unknown) => {
    process.stderr.write(`reference server: internal error on ${req.method} ${JSON.stringify(req.url)}: ${(err as Error)?.stack ?? String(err)}\n`);
    if (res.headersSent) res.destroy();
    else sendJson(res, 500, { detail: 'Internal Server Error' }, { connection: 'close' });
  });
}

/** Requests llhttp refused never reach `handle`: answer on the socket, then let it go. */
function onClientError(ctx: Context, err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET') return void socket.destroy();
  // The parser keeps reporting errors for the bytes that follow; the first answer stands.
  if (!socket.writable) return;
  const [status, reason] =
    err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large']
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout']
    : [400, 'Bad Request'];
  const body = status === 400 ? H11_REJECTION_BODY : reason;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: ${TEXT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  const linger = setTimeout(() => socket.destroy(), LINGER_MS).unref();
  socket.once('close', () => clearTimeout(linger));
  if (!ctx.quiet) process.stderr.write(`reference server: ${status} for a request the parser refused (${err.code}: ${(err as { reason?: string }).reason ?? err.message})\n`);
}

/** CONNECT would hand the socket over; nothing here tunnels, so answer 405 and close. */
function onConnect(_req: IncomingMessage, socket: Duplex): void {
  const body = JSON.stringify({ detail: 'Method Not Allowed' });
  socket.end(`HTTP/1.1 405 Method Not Allowed\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startReferenceServer(opts: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const mode = opts.mode ?? 'documented';
  if (!isMode(mode)) throw new RangeError(`unknown mode ${JSON.stringify(mode)}; valid: ${MODES.join(', ')}`);
  const rootPath = normaliseRootPath(opts.rootPath ?? '');
  const host = opts.host ?? DEFAULT_HOST;
  const sockets = new Set<Socket>();
  const ctx: Context = {
    mode, rootPath, validateTokens: opts.validateTokens ?? false, quiet: opts.quiet ?? false,
    tokens: new TokenStore({ jwt: opts.validateTokens ?? false }), authority: '', taps: new WeakMap(), numbered: opts.numbered ?? { count: 0 },
  };
  const server = http.createServer(
    // requireHostHeader: Node's own 400 for a missing Host has no content-length; handle() answers it.
    { insecureHTTPParser: emulatesH11(mode), maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false },
    (req, res) => onRequest(ctx, req, res),
  );
  // Node drops header lines after the 2000th without a word; h11 has no count limit, only the size.
  server.maxHeadersCount = 0;
  // RFC 9110 §10.1.1 lets a server ignore expectations it does not know, as uvicorn does.
  server.on('checkExpectation', (req, res) => onRequest(ctx, req, res));
  let served = 0;
  server.on('request', () => served++);
  server.on('clientError', (err: Error, socket: Duplex) => {
    served++;
    onClientError(ctx, err, socket);
  });
  server.on('connect', onConnect);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (emulatesH11(mode)) ctx.taps.set(socket, new ObsFoldTap(socket));
  });
  await listen(server, opts.port ?? 0, host);
  server.on('error', (err) => process.stderr.write(`reference server: ${err.message}\n`));

  const port = (server.address() as { port: number }).port;
  ctx.authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${ctx.authority}${rootPath}`,
    port,
    close: () => (closing ??= new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    })),
    served: () => served,
    issueToken(username: string): string {
      if (!isDemoUser(username)) throw new RangeError(`${JSON.stringify(username)} is not a demo user`);
      return ctx.tokens.issue(username);
    },
  };
}
