// The exchange both transports produce: the exact request bytes and the parsed response.
// Header lines are latin-1 strings (one char = one byte) so odd bytes survive unchanged.

export interface WireRequest {
  method: string;
  /** absolute URL of the request target (scheme, host, path and query) */
  url: string;
  /** header lines beyond Host and Connection, without CRLF; obs-fold continuations start with SP/HTAB */
  lines: string[];
}

export interface WireResponse {
  status: number;
  statusLine: string;
  /** lower-case header name -> values in order */
  headers: Record<string, string[]>;
  body: Buffer;
}

export interface Exchange {
  transport: 'raw' | 'undici';
  /** the request exactly as written to the socket */
  requestBytes: Buffer;
  response: WireResponse;
  elapsedMs: number;
}

export interface SendOptions {
  timeoutMs: number;
  /** accept self-signed TLS certificates */
  insecure?: boolean;
  /** largest response accepted, to survive hostile servers (default 1 MiB) */
  maxResponseBytes?: number;
}

/** Transport failures are "could not test", never a verdict on the target. */
export class TransportError extends Error {
  /** not-sent: the run's gate refused to send (breaker tripped, --max-requests reached) */
  readonly code: 'timeout' | 'refused' | 'reset' | 'malformed-response' | 'too-large' | 'unsendable' | 'not-sent' | 'other';
  constructor(code: TransportError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.code = code;
  }
}

export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** Node's codes for a server certificate the client does not trust. */
const TLS_CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED',
]);

/** "TLS certificate rejected: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT) …" for a distrusted certificate. */
export function certificateProblem(err: unknown): string | undefined {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e?.code || !TLS_CERT_CODES.has(e.code)) return undefined;
  return `TLS certificate rejected: ${e.message} (${e.code}); --insecure accepts it`;
}

/** The request line plus Host, the given lines and Connection: close, as bytes. */
export function serializeRequest(req: WireRequest, connection: 'close' | 'keep-alive' = 'close'): Buffer {
  const url = new URL(req.url);
  const head = [`${req.method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, ...req.lines, `Connection: ${connection}`];
  return Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1');
}

export function headerValue(res: WireResponse, name: string): string | undefined {
  return res.headers[name.toLowerCase()]?.[0];
}

/** 127.0.0.0/8, ::1 or localhost: this machine, where load and odd bytes are ours to send. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
