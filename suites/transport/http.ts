// undici for well-formed requests: pooled keep-alive connections, fast and polite. Requests whose
// bytes undici would alter or refuse go through the raw transport instead (see chooseTransport).
import { Agent, Pool } from 'undici';
import { sendRaw } from './raw.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, TransportError } from './wire.ts';
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

  async sendUndici(req: WireRequest): Promise<Exchange> {
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
function undiciBytes(req: WireRequest, url: URL): Buffer {
  const head = [`${req.method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, 'connection: keep-alive', ...req.lines];
  return Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1');
}

async function readBounded(body: AsyncIterable<Buffer>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw new TransportError('too-large', `response larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function toTransportError(err: unknown, timeoutMs: number): TransportError {
  if (err instanceof TransportError) return err;
  const e = err as { code?: string; name?: string; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT')
    return new TransportError('timeout', `no complete response within ${timeoutMs} ms`, { cause: err });
  if (e.code === 'ECONNREFUSED') return new TransportError('refused', `connection refused`, { cause: err });
  if (e.code === 'ECONNRESET' || e.code === 'UND_ERR_SOCKET') return new TransportError('reset', `connection reset (${e.message ?? e.code})`, { cause: err });
  return new TransportError('other', e.message ?? String(err), { cause: err });
}

/** A dispatcher for plain fetch-style calls (OpenAPI document, token endpoint) honouring --insecure. */
export function makeAgent(insecure: boolean): Agent {
  return new Agent({ connect: { rejectUnauthorized: !insecure } });
}
