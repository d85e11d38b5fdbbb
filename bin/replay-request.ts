// The request a report recorded, read back into bytes: the inverse of escapeBytes (suites/evidence.ts),
// the redaction marker put back as the token, and the request line and header lines split so the
// raw transport can write them again, to the recorded target or to another one (--target).
import { REDACTED } from '../suites/redact.ts';
import type { RawRequest } from '../suites/model/types.ts';
import type { WireRequest } from '../suites/transport/wire.ts';

/** `\\` `\r` `\n` `\t` `\xNN` back to their bytes; every other character is its own (latin-1) byte. */
export function unescapeBytes(escaped: string): string {
  return escaped.replace(/\\(\\|r|n|t|x[0-9a-fA-F]{2})/g, (_all, e: string) =>
    e === '\\' ? '\\' : e === 'r' ? '\r' : e === 'n' ? '\n' : e === 't' ? '\t' : String.fromCharCode(parseInt(e.slice(1), 16)));
}

/** The recorded head, parsed: method, request-target and the lines after the request line. */
export interface RecordedRequest {
  method: string;
  /** origin-form: path and query */
  requestTarget: string;
  /** every header line as recorded, without CRLF (obs-fold continuations are lines of their own) */
  lines: string[];
}

const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/1\.1$/;

/** The head of `bytes` (a latin-1 string), or a reason it is not a request this tool wrote. */
export function parseRecorded(bytes: string): RecordedRequest | string {
  const end = bytes.indexOf('\r\n\r\n');
  const head = (end < 0 ? bytes : bytes.slice(0, end)).split('\r\n');
  const m = REQUEST_LINE.exec(head[0] ?? '');
  if (!m) return `the recorded request does not start with a request line: ${JSON.stringify((head[0] ?? '').slice(0, 80))}`;
  return { method: m[1]!, requestTarget: m[2]!, lines: head.slice(1) };
}

/** Host and Connection are written by the raw transport for the target it connects to; the rest is sent as recorded. */
const TRANSPORT_LINES = /^(host|connection):/i;

export function containsRedaction(r: RecordedRequest): boolean {
  return r.lines.some((l) => l.includes(REDACTED)) || r.requestTarget.includes(REDACTED);
}

/** The token as the wire carries it (its UTF-8 bytes as latin-1 characters), where the report says `[redacted]`. */
export function withToken(r: RecordedRequest, token: string): RecordedRequest {
  const bytes = Buffer.from(token, 'utf8').toString('latin1');
  const put = (s: string) => s.split(REDACTED).join(bytes);
  return { ...r, requestTarget: put(r.requestTarget), lines: r.lines.map(put) };
}

/**
 * The request to send: the recorded target's path prefix swapped for the replay target's (both are
 * base URLs that may carry a prefix such as /api/v1), the header lines as recorded.
 */
export function toWire(r: RecordedRequest, recordedBase: string, replayBase: string): WireRequest {
  const from = new URL(recordedBase).pathname.replace(/\/+$/, '');
  const to = new URL(replayBase);
  const rest = from && r.requestTarget.startsWith(from + '/') ? r.requestTarget.slice(from.length) : r.requestTarget;
  return { method: r.method, url: `${to.origin}${to.pathname.replace(/\/+$/, '')}${rest}`, lines: r.lines.filter((l) => !TRANSPORT_LINES.test(l)) };
}

/** The request as the model reads it (suites/model): method, the query, and the header lines. */
export function toModelRequest(wire: WireRequest): RawRequest {
  const query = new URL(wire.url).search.slice(1);
  return { method: wire.method, lines: wire.lines, ...(query ? { query } : {}) };
}
