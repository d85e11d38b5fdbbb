// Raw HTTP/1.1 on keep-alive connections, for every fuzz request whose lines frame unambiguously.
// Requests undici could send go out as the very bytes undici writes (undiciBytes), so moving them
// here changed nothing on the wire, only our cost per request (no request object, body stream or
// abort signal each time). The others (CTLs, obs-fold, no SP after the colon) are the raw
// transport's bytes (serializeRequest) with `Connection: keep-alive`. A connection the server
// closes or marks `close` is not reused, so a malformed request never shares a connection with the
// next one unless the server said it may.
// Requests with a bare CR or LF inside a line go through sendRaw, one connection each: where such
// a request ends is the server's guess.
import net from 'node:net';
import tls from 'node:tls';
import { parseResponse } from './raw.ts';
import { complete, framing } from './framing.ts';
import type { Framing } from './framing.ts';
import { targetGate } from './gate.ts';
import { undiciBytes, undiciCanSend } from './http.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, TransportError, certificateProblem, headerValue, serializeRequest } from './wire.ts';
import type { Exchange, SendOptions, WireRequest } from './wire.ts';

const HEAD_END = Buffer.from('\r\n\r\n');
const STATUS_CODE = /^HTTP\/\S+ (\d{3})/;

/** True when the lines can be framed unambiguously: no CR or LF inside a line. */
export function framingSafe(lines: readonly string[]): boolean {
  return lines.every((l) => !l.includes('\r') && !l.includes('\n'));
}

function wantsClose(data: Buffer): boolean {
  const headEnd = data.indexOf(HEAD_END);
  return /\r\nconnection:[^\r]*close/i.test(data.subarray(0, headEnd).toString('latin1'));
}

/** The connection closed before a single byte of response: on a reused one, the server had closed it while idle. */
class ClosedWithoutResponse extends TransportError {
  constructor() {
    super('reset', 'the connection closed before any response');
  }
}

/** What the pool's connections cost: bench/fuzz-where.ts reads it. */
export interface PoolCounts {
  /** connections opened */
  connects: number;
  /** answers after which the connection was not reused, by status (the server marked it `close` or closed it) */
  closedAfter: Record<string, number>;
}

export class RawKeepAlivePool {
  private readonly idle = new Map<string, net.Socket[]>();
  private readonly open = new Set<net.Socket>();
  readonly counts: PoolCounts = { connects: 0, closedAfter: {} };
  constructor(private readonly opts: SendOptions) {}

  /** Through the run's gate (budget, rate, 429, breaker). */
  send(req: WireRequest): Promise<Exchange> {
    return targetGate().send(() => this.sendOnce(req), (ex) => ({ status: ex.response.status, retryAfter: headerValue(ex.response, 'retry-after') }));
  }

  private async sendOnce(req: WireRequest): Promise<Exchange> {
    const url = new URL(req.url);
    const bytes = undiciCanSend(req.lines) ? undiciBytes(req, url) : serializeRequest(req, 'keep-alive');
    const started = performance.now();
    const deadline = started + this.opts.timeoutMs;
    const reused = this.idle.get(url.origin)?.pop();
    let data: Buffer;
    try {
      data = await this.exchange(url, reused ?? (await this.connect(url, deadline)), bytes, req.method, deadline);
    } catch (err) {
      // A reused connection the server closed while it sat idle: once more on a fresh one.
      if (!(reused && err instanceof ClosedWithoutResponse)) throw err;
      data = await this.exchange(url, await this.connect(url, deadline), bytes, req.method, deadline);
    }
    return { transport: 'raw', requestBytes: bytes, response: parseResponse(data), elapsedMs: performance.now() - started };
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    this.open.clear();
    this.idle.clear();
  }

  private connect(url: URL, deadline: number): Promise<net.Socket> {
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return new Promise((resolve, reject) => {
      const socket = url.protocol === 'https:'
        ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, rejectUnauthorized: !this.opts.insecure })
        : net.connect({ host, port });
      const timer = setTimeout(() => fail(new TransportError('timeout', `no connection within ${this.opts.timeoutMs} ms`)), Math.max(0, deadline - performance.now()));
      const fail = (err: TransportError) => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      };
      socket.once('error', (err: NodeJS.ErrnoException) => fail(new TransportError(err.code === 'ECONNREFUSED' ? 'refused' : 'other', certificateProblem(err) ?? err.message, { cause: err })));
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        this.counts.connects++;
        this.open.add(socket);
        socket.once('close', () => this.forget(url.origin, socket));
        socket.on('error', () => undefined);
        resolve(socket);
      });
    });
  }

  /** Only on closes (a quarter of a fuzz run's answers at most); the caller parses the answer in full. */
  private countClose(data: Buffer): void {
    const status = STATUS_CODE.exec(data.subarray(0, 32).toString('latin1'))?.[1] ?? 'unparsed';
    this.counts.closedAfter[status] = (this.counts.closedAfter[status] ?? 0) + 1;
  }

  private forget(origin: string, socket: net.Socket): void {
    this.open.delete(socket);
    const idle = this.idle.get(origin);
    const at = idle?.indexOf(socket) ?? -1;
    if (at >= 0) idle!.splice(at, 1);
  }

  /** Writes `bytes`, reads one response; the socket goes back to the idle list when it may be reused. */
  private exchange(url: URL, socket: net.Socket, bytes: Buffer, method: string, deadline: number): Promise<Buffer> {
    const maxBytes = this.opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    return new Promise((resolve, reject) => {
      let data: Buffer = Buffer.alloc(0);
      let shape: Framing | undefined;
      const done = (err?: TransportError, keep = false) => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('close', onEnd);
        if (keep && !socket.destroyed) {
          const idle = this.idle.get(url.origin) ?? [];
          idle.push(socket);
          this.idle.set(url.origin, idle);
        } else {
          if (!err && shape) this.countClose(data);
          socket.destroy();
        }
        if (err) reject(err);
        else resolve(data);
      };
      const onData = (chunk: Buffer) => {
        data = data.length === 0 ? chunk : Buffer.concat([data, chunk]);
        if (data.length > maxBytes) return done(new TransportError('too-large', `response larger than ${maxBytes} bytes`));
        shape ??= framing(data, method);
        if (shape && complete(data, shape)) done(undefined, !wantsClose(data));
      };
      const onEnd = () => {
        // A server may answer and then close or reset (h11 does for oversize heads): keep what arrived.
        if (shape) return done();
        done(data.length === 0 ? new ClosedWithoutResponse() : new TransportError('reset', 'connection closed before a response'));
      };
      const timer = setTimeout(() => done(new TransportError('timeout', `no complete response within ${this.opts.timeoutMs} ms`)), Math.max(0, deadline - performance.now()));
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.once('close', onEnd);
      socket.write(bytes);
    });
  }
}
