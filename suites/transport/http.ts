// undici for well-formed requests: pooled keep-alive connections, fast and polite. Requests whose
// bytes undici would alter or refuse go through the raw transport instead (see chooseTransport).
import { Agent, Pool, request } from 'undici';
import type { Dispatcher } from 'undici';
import { targetGate } from './gate.ts';
import { sendRaw } from './raw.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, TransportError, certificateProblem, headerValue } from './wire.ts';
import type { Exchange, SendOptions, WireRequest } from './wire.ts';

/** `Name: value` with exactly one SP after the colon and bytes undici writes verbatim (HTAB, 0x20-0x7E, obs-text). */
const UNDICI_SAFE_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+): ([\t\x20-\x7e\x80-\xff]*)$/;

/** Names undici writes itself; a request that sets them goes raw so the bytes stay exact. */
const UNDICI_OWN_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding']);

export function undiciCanSend(lines: string[]): boolean {
  return lines.every((line) => {
    const m = UNDICI_SAFE_LINE.exec(line);
    return m !== null && !UNDICI_OWN_HEADERS.has(m[1]!.toLowerCase());
  });
}

export class HttpClient {
  private readonly pools = new Map<string, Pool>();
  constructor(private readonly opts: SendOptions & { connections?: number }) {}

  /** Sends with undici when the bytes allow it, else raw. */
  async send(req: WireRequest): Promise<Exchange> {
    return undiciCanSend(req.lines) ? this.sendUndici(req) : sendRaw(req, this.opts);
  }

  /** Through the run's gate (budget, rate, 429, breaker); never follows a redirect. */
  sendUndici(req: WireRequest): Promise<Exchange> {
    return targetGate().send(() => this.sendUndiciOnce(req), (ex) => ({ status: ex.response.status, retryAfter: headerValue(ex.response, 'retry-after') }));
  }

  private async sendUndiciOnce(req: WireRequest): Promise<Exchange> {
    const url = new URL(req.url);
    const headers: string[] = [];
    for (const line of req.lines) {
      const m = UNDICI_SAFE_LINE.exec(line);
      if (!m) throw new TransportError('unsendable', `undici cannot send ${JSON.stringify(line)} verbatim`);
      headers.push(m[1]!, m[2]!);
    }
    const started = performance.now();
    try {
      const res = await this.pool(url.origin).request({
        method: req.method, path: url.pathname + url.search, headers,
        headersTimeout: this.opts.timeoutMs, bodyTimeout: this.opts.timeoutMs,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      const body = await readBounded(res.body, this.opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
      const responseHeaders: Record<string, string[]> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value : [value];
      }
      return {
        transport: 'undici',
        requestBytes: undiciBytes(req, url),
        response: { status: res.statusCode, statusLine: `HTTP/1.1 ${res.statusCode}`, headers: responseHeaders, body },
        elapsedMs: performance.now() - started,
      };
    } catch (err) {
      throw toTransportError(err, this.opts.timeoutMs);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close().catch(() => undefined)));
    this.pools.clear();
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.opts.connections ?? 8,
        connect: { rejectUnauthorized: !this.opts.insecure },
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}

/** What undici writes for this request: it puts host and connection first, then our lines verbatim. */
export function undiciBytes(req: WireRequest, url: URL): Buffer {
  const head = [`${req.method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, 'connection: keep-alive', ...req.lines];
  return Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1');
}

/** Reads at most `maxBytes`: more is an error, or with `truncate` the first `maxBytes` (the rest is not read). */
async function readBounded(body: AsyncIterable<Buffer>, maxBytes: number, truncate = false): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes && !truncate) throw new TransportError('too-large', `response larger than ${maxBytes} bytes`);
    chunks.push(chunk);
    if (size >= maxBytes) break;
  }
  return Buffer.concat(chunks).subarray(0, maxBytes);
}

export interface TargetResponse {
  status: number;
  /** lower-case name -> value (repeated headers joined with ", ") */
  headers: Record<string, string>;
  body: Buffer;
}

export interface TargetRequestOptions {
  method?: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: string;
  dispatcher: Dispatcher;
  timeoutMs: number;
  /** default DEFAULT_MAX_RESPONSE_BYTES */
  maxBytes?: number;
  /** keep the first maxBytes of a longer body instead of failing */
  truncate?: boolean;
}

/**
 * A plain request to the target (OpenAPI document, token endpoint, preflight, cross-check) through
 * the run's gate: the whole exchange within `timeoutMs`, at most `maxBytes` read, no redirect
 * followed (a 3xx is the answer). Failures are TransportErrors.
 */
export function requestTarget(url: string, o: TargetRequestOptions): Promise<TargetResponse> {
  return targetGate().send(async () => {
    try {
      const res = await request(url, {
        method: o.method ?? 'GET', headers: o.headers, body: o.body, dispatcher: o.dispatcher,
        headersTimeout: o.timeoutMs, bodyTimeout: o.timeoutMs, signal: AbortSignal.timeout(o.timeoutMs),
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      const body = await readBounded(res.body, o.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES, o.truncate).finally(() => res.body.destroy());
      return { status: res.statusCode, headers, body };
    } catch (err) {
      throw toTransportError(err, o.timeoutMs);
    }
  }, (res) => ({ status: res.status, retryAfter: res.headers['retry-after'] }));
}

export function toTransportError(err: unknown, timeoutMs: number): TransportError {
  if (err instanceof TransportError) return err;
  const e = err as { code?: string; name?: string; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT')
    return new TransportError('timeout', `no complete response within ${timeoutMs} ms`, { cause: err });
  if (e.code === 'ECONNREFUSED') return new TransportError('refused', `connection refused`, { cause: err });
  if (e.code === 'ECONNRESET' || e.code === 'UND_ERR_SOCKET') return new TransportError('reset', `connection reset (${e.message ?? e.code})`, { cause: err });
  if (e.name === 'HTTPParserError' || e.code?.startsWith('HPE_')) return new TransportError('malformed-response', `not an HTTP response (${e.message})`, { cause: err });
  const certificate = certificateProblem(err);
  if (certificate) return new TransportError('other', certificate, { cause: err });
  return new TransportError('other', e.message ?? String(err), { cause: err });
}

/** A dispatcher for plain fetch-style calls (OpenAPI document, token endpoint) honouring --insecure. */
export function makeAgent(insecure: boolean): Agent {
  return new Agent({ connect: { rejectUnauthorized: !insecure } });
}
