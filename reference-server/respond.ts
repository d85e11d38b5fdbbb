// Every response goes out through `send`: one write, always with content-length (so keep-alive
// framing never depends on chunking), lower-case header names as uvicorn sends them.
import type { ServerResponse } from 'node:http';

export type Headers = Record<string, string>;

export const JSON_TYPE = 'application/json';
export const HTML_TYPE = 'text/html; charset=utf-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

export function send(res: ServerResponse, status: number, headers: Headers, body: Buffer | string = ''): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
  res.end(bytes);
}

/**
 * Compact JSON in UTF-8, non-ASCII unescaped and C0 controls as \u00XX: what Starlette's
 * JSONResponse (`ensure_ascii=False`, `separators=(",", ":")`) writes for latin-1 strings.
 */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Headers = {}): void {
  send(res, status, { ...headers, 'content-type': JSON_TYPE }, JSON.stringify(value));
}

export function notFound(res: ServerResponse): void {
  sendJson(res, 404, { detail: 'Not Found' });
}

export function methodNotAllowed(res: ServerResponse, allow: string, headers: Headers = {}): void {
  sendJson(res, 405, { detail: 'Method Not Allowed' }, { ...headers, allow });
}
