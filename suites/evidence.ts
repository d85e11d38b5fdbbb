// Evidence that lets a reader reproduce a case: the exact bytes sent, what came back, and a replay
// command. Control bytes and obs-text are escaped so reports stay readable and safe. Collecting
// evidence never changes a verdict (collectEvidence): a failure to collect is itself evidence.
import { serializeRequest } from './transport/wire.ts';
import type { Exchange, WireRequest } from './transport/wire.ts';
import type { Redactor } from './redact.ts';
import { firstLine } from './text.ts';

const BODY_PREVIEW_BYTES = 1024;

/**
 * Printable ASCII stays, CR/LF/HTAB become \r \n \t, every other byte \xNN. A backslash is doubled
 * so the result reads back unambiguously, unless `keepBackslash` (text that was escaped already).
 */
export function escapeBytes(data: Uint8Array | string, opts: { keepBackslash?: boolean } = {}): string {
  const s = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '\\') out += opts.keepBackslash ? '\\' : '\\\\';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out;
}

/**
 * For text (titles, quotes, messages): control characters (C0 but CR/LF/HTAB, DEL, C1) become \xNN,
 * every other character stays, so `§` and `—` read as themselves. Bytes of the wire are escaped by
 * escapeBytes where they are captured; this is for text that is already characters.
 */
export function escapeControls(s: string): string {
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A request as the raw transport writes it (with `Connection: close`), redacted, and the shell line that sends it again. */
export function requestEvidence(wire: WireRequest, redactor: Redactor): { bytes: string; replay: string } {
  const redacted = Buffer.from(redactor.text(serializeRequest(wire, 'close').toString('latin1')), 'latin1');
  return { bytes: escapeBytes(redacted), replay: replayCommand(redacted, wire.url) };
}

/** A shell line that sends the same bytes: `printf '…' | nc host port` (or openssl s_client for https). */
export function replayCommand(requestBytes: Uint8Array, url: string): string {
  const u = new URL(url);
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  let fmt = '';
  for (const b of requestBytes) {
    const ch = String.fromCharCode(b);
    fmt += /[A-Za-z0-9 .,:;/_=+\-*?&!#@()[\]{}<>^~|$"`]/.test(ch) ? ch : '\\' + b.toString(8).padStart(3, '0');
  }
  const sink = u.protocol === 'https:' ? `openssl s_client -quiet -connect ${u.hostname}:${port}` : `nc ${u.hostname} ${port}`;
  return `printf '${fmt}' | ${sink}`;
}

export interface ExchangeEvidence {
  transport: string;
  request: string;
  replay: string;
  response: { status: number; headers: Record<string, string[]>; body: string; bodyBytes: number };
  elapsedMs: number;
}

export function exchangeEvidence(ex: Exchange, url: string, redactor: Redactor): ExchangeEvidence {
  const request = Buffer.from(redactor.text(Buffer.from(ex.requestBytes).toString('latin1')), 'latin1');
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(ex.response.headers)) headers[k] = v.map((x) => escapeBytes(redactor.text(x)));
  return {
    transport: ex.transport,
    request: escapeBytes(request),
    replay: replayCommand(request, url),
    response: {
      status: ex.response.status,
      headers,
      body: escapeBytes(redactor.text(ex.response.body.subarray(0, BODY_PREVIEW_BYTES).toString('latin1'))),
      bodyBytes: ex.response.body.length,
    },
    elapsedMs: Math.round(ex.elapsedMs * 10) / 10,
  };
}

/** How long one piece of evidence (a screenshot, an attachment) may take before it is given up. */
export const EVIDENCE_TIMEOUT_MS = 3000;

/** Where a piece of evidence that could not be collected is noted: `{ "<what>": "<why>" }`. */
export const NOT_COLLECTED = 'notCollected';

export function noteNotCollected(evidence: Record<string, unknown>, what: string, why: string): void {
  evidence[NOT_COLLECTED] = { ...(evidence[NOT_COLLECTED] as Record<string, string> | undefined), [what]: why };
}

/**
 * Collects one piece of evidence without ever changing the verdict: the check's own verdict stands
 * whatever happens here. A collector that throws or outlasts `ms` is noted in `evidence.notCollected`.
 */
export async function collectEvidence(evidence: Record<string, unknown>, what: string, collect: () => Promise<void>, ms = EVIDENCE_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const attempt = Promise.resolve().then(collect);
  // An attempt given up after the timeout may still reject later; nobody is waiting for it then.
  attempt.catch(() => undefined);
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not collected within ${ms} ms`)), ms)));
  try {
    await Promise.race([attempt, timeout]);
  } catch (err) {
    noteNotCollected(evidence, what, firstLine(err));
  } finally {
    clearTimeout(timer);
  }
}
