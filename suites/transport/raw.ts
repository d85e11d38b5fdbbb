// Raw HTTP/1.1 over node:net / node:tls: the only way to put duplicates, obs-fold, CTLs, obs-text
// and oversize heads on the wire exactly as written (undici rightly refuses them).
import net from 'node:net';
import tls from 'node:tls';
import { targetGate } from './gate.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, TransportError, certificateProblem, headerValue, serializeRequest } from './wire.ts';
import { complete, framing } from './framing.ts';
import type { Exchange, SendOptions, WireRequest, WireResponse } from './wire.ts';

/** One request on a connection of its own, through the run's gate (budget, rate, 429, breaker). */
export function sendRaw(req: WireRequest, opts: SendOptions): Promise<Exchange> {
  return targetGate().send(async () => {
    const bytes = serializeRequest(req, 'close');
    const started = performance.now();
    const received = await exchangeBytes(new URL(req.url), bytes, req.method, opts);
    return { transport: 'raw' as const, requestBytes: bytes, response: parseResponse(received), elapsedMs: performance.now() - started };
  }, (ex) => ({ status: ex.response.status, retryAfter: headerValue(ex.response, 'retry-after') }));
}

/** Writes `bytes`, reads until the server closes (or the response to `method` is complete), bounded by time and size. */
function exchangeBytes(url: URL, bytes: Buffer, method: string, opts: SendOptions): Promise<Buffer> {
  const maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const socket = url.protocol === 'https:'
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, rejectUnauthorized: !opts.insecure })
      : net.connect({ host, port });
    const finish = (error?: TransportError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(chunks);
      // A server may answer and then reset (h11 does for oversize heads): keep what arrived.
      if (error && !(error.code === 'reset' && hasCompleteHead(data))) reject(error);
      else resolve(data);
    };
    const timer = setTimeout(() => finish(new TransportError('timeout', `no complete response within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return finish(new TransportError('too-large', `response larger than ${maxBytes} bytes`));
      chunks.push(chunk);
      if (isCompleteResponse(Buffer.concat(chunks), method)) finish();
    });
    socket.on('end', () => finish(hasCompleteHead(Buffer.concat(chunks)) ? undefined : new TransportError('reset', 'connection closed before a response')));
    socket.on('error', (err: NodeJS.ErrnoException) => finish(toTransportError(err)));
  });
}

function toTransportError(err: NodeJS.ErrnoException): TransportError {
  const certificate = certificateProblem(err);
  if (certificate) return new TransportError('other', certificate, { cause: err });
  if (err.code === 'ECONNREFUSED') return new TransportError('refused', `connection refused (${err.message})`, { cause: err });
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return new TransportError('reset', `connection reset (${err.code})`, { cause: err });
  return new TransportError('other', err.message, { cause: err });
}

const HEAD_END = Buffer.from('\r\n\r\n');

function hasCompleteHead(data: Buffer): boolean {
  return data.indexOf(HEAD_END) >= 0 || data.indexOf('\n\n') >= 0;
}

/** True once the head and the body its framing announces have arrived (content-length or chunked; none after HEAD). */
function isCompleteResponse(data: Buffer, method: string): boolean {
  const f = framing(data, method);
  return f !== undefined && complete(data, f);
}

function parseHead(data: Buffer): { statusLine: string; status: number; headers: Record<string, string[]>; bodyStart: number } {
  let end = data.indexOf(HEAD_END);
  let sep = 4;
  if (end < 0) {
    end = data.indexOf('\n\n');
    sep = 2;
  }
  if (end < 0) throw new TransportError('malformed-response', 'response head never ended');
  const lines = data.subarray(0, end).toString('latin1').split(/\r?\n/);
  const statusLine = lines[0] ?? '';
  const match = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine);
  if (!match) throw new TransportError('malformed-response', `not an HTTP response: ${JSON.stringify(statusLine.slice(0, 80))}`);
  const headers: Record<string, string[]> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  return { statusLine, status: Number(match[1]), headers, bodyStart: end + sep };
}

export function parseResponse(data: Buffer): WireResponse {
  const { statusLine, status, headers, bodyStart } = parseHead(data);
  let body = data.subarray(bodyStart);
  const length = headers['content-length']?.[0];
  if (/chunked/i.test(headers['transfer-encoding']?.[0] ?? '')) body = dechunk(body);
  else if (length !== undefined) body = body.subarray(0, Number(length));
  return { status, statusLine, headers, body: Buffer.from(body) };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (let guard = 0; guard < 100_000 && offset < data.length; guard++) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
