// The fastapi modes answer as uvicorn 0.17.6 with h11 0.14.0 did (ground truth §3). Node's
// insecure parser lets CTLs and obs-fold through, as h11 does; two differences remain, measured on
// Node 20.20.2 (llhttp 9.3.1) and closed here:
//  - llhttp also passes NUL, VT and FF, which h11 refuses (`field_vchar = [^\x00\s]`): reject them.
//  - llhttp unfolds obs-fold by dropping the CRLF and keeping the continuation's whitespace
//    (`Bearer abc` CRLF HTAB `def` → `Bearer abc\tdef`); h11 joins with one SP and drops that
//    whitespace (→ `Bearer abc def`). The parsed value has lost where the fold was, so a tap reads
//    the raw head bytes and hands the handler h11's view of the Authorization value.
// Both end a line at a bare LF (RFC 9112 §2.2 allows it). h11 then drops one CR before each LF and
// refuses a line that still holds a CR (measured on 0.92: `Bearer abc` LF CR `def` → 400); llhttp
// ends the head at that LF CR and answers the request. The tap sees the CR and says so.
import type { Socket } from 'node:net';

/** uvicorn's answer when h11 refuses a request: 400, text/plain, `Connection: close`. */
export const H11_REJECTION_BODY = 'Invalid HTTP request received.';

/** Bytes h11 refuses anywhere in a field value; CR and LF never get past llhttp. */
const H11_REFUSED_IN_VALUE = /[\x00\x0b\x0c\r\n]/;

/** `OWS = *( SP / HTAB )` (RFC 9110 §5.6.3), trimmed from both ends of a field value. */
const OWS_AT_ENDS = /^[ \t]+|[ \t]+$/g;

/** A head larger than this is the parser's to refuse (431); the tap stops following the stream. */
const MAX_TRACKED_HEAD_BYTES = 81 * 1024;

export function refusedByH11(rawHeaders: readonly string[]): boolean {
  for (let i = 1; i < rawHeaders.length; i += 2) if (H11_REFUSED_IN_VALUE.test(rawHeaders[i]!)) return true;
  return false;
}

/** The first Authorization value of one head, as llhttp delivers it and as h11 would. */
interface Unfolded {
  asLlhttp: string | undefined;
  asH11: string | undefined;
  /** a line of the head, split as h11 splits it, still holds a CR: h11 refuses the request */
  h11Refuses: boolean;
}

/** What the handler takes from the tap for one request. */
export interface H11View {
  authorization: string | undefined;
  refused: boolean;
}

/** Both views of the first Authorization field and the body length that follows the head. */
export function readHead(head: string): Unfolded & { bodyBytes: number | 'unknown' } {
  const lines = head.split(/\r?\n/);
  const h11Refuses = lines.some((line) => line.includes('\r'));
  let authorization: string[] | undefined;
  let current: string[] | undefined;
  const contentLengths: string[] = [];
  let chunked = false;
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line)) {
      current?.push(line);
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1);
    current = undefined;
    if (name === 'authorization' && authorization === undefined) current = authorization = [value];
    if (name === 'content-length') contentLengths.push(value.replace(OWS_AT_ENDS, ''));
    if (name === 'transfer-encoding') chunked = true;
  }
  const single = contentLengths.length === 1 && /^\d{1,15}$/.test(contentLengths[0]!) ? Number(contentLengths[0]) : undefined;
  const bodyBytes = chunked || contentLengths.length > 1 ? 'unknown' : contentLengths.length === 0 ? 0 : (single ?? 'unknown');
  if (authorization === undefined) return { asLlhttp: undefined, asH11: undefined, h11Refuses, bodyBytes };
  const [first, ...continuations] = authorization;
  return {
    asLlhttp: (first + continuations.join('')).replace(OWS_AT_ENDS, ''),
    asH11: (first + continuations.map((c) => ' ' + c.replace(/^[ \t]+/, '')).join('')).replace(OWS_AT_ENDS, ''),
    h11Refuses,
    bodyBytes,
  };
}

/** The empty line that ends a head; llhttp (lenient) and h11 also accept bare LF line ends. */
const END_OF_HEAD = /\r?\n\r?\n/;

/**
 * Follows one connection's request heads, in order, skipping Content-Length bodies. It only
 * observes: when it cannot follow (chunked bodies, odd framing) or its view disagrees with what
 * llhttp parsed, it stops and the handler keeps llhttp's value.
 */
export class ObsFoldTap {
  private pending = '';
  private bodyLeft = 0;
  private lost = false;
  private readonly heads: Unfolded[] = [];

  constructor(socket: Socket) {
    // Node's HTTP server hands the socket to the parser in C++; a 'data' listener moves parsing
    // back to JavaScript. Prepended, the tap sees each chunk before the parser does.
    socket.prependListener('data', (chunk: Buffer) => this.observe(chunk));
  }

  /** h11's view of the next request on this connection, given the Authorization value llhttp parsed. */
  headFor(parsed: string | undefined): H11View {
    const head = this.heads.shift();
    if (head !== undefined && head.asLlhttp === parsed && !head.h11Refuses) return { authorization: head.asH11, refused: false };
    // Out of step with the parser, or llhttp took a CR for a line end (`\r\n\rX`): h11 refuses
    // the head that starts here and closes, so no queued head can be trusted either.
    this.stopFollowing();
    this.heads.length = 0;
    return { authorization: parsed, refused: head?.h11Refuses ?? false };
  }

  /** Heads already read stay good; the requests after them keep llhttp's values. */
  private stopFollowing(): void {
    this.lost = true;
    this.pending = '';
  }

  private observe(chunk: Buffer): void {
    if (this.lost) return;
    let text = chunk.toString('latin1');
    while (text.length > 0 && !this.lost) {
      if (this.bodyLeft > 0) {
        const skipped = Math.min(this.bodyLeft, text.length);
        this.bodyLeft -= skipped;
        text = text.slice(skipped);
        continue;
      }
      // RFC 9112 §2.2: empty lines before a request line are ignored.
      const buffered = this.pending === '' ? text.replace(/^[\r\n]+/, '') : this.pending + text;
      const end = END_OF_HEAD.exec(buffered);
      if (!end) {
        if (buffered.length > MAX_TRACKED_HEAD_BYTES) this.stopFollowing();
        else this.pending = buffered;
        return;
      }
      const head = readHead(buffered.slice(0, end.index));
      this.heads.push(head);
      this.pending = '';
      // This head is good; what follows it cannot be framed without a real parser.
      if (head.bodyBytes === 'unknown') return this.stopFollowing();
      this.bodyLeft = head.bodyBytes;
      text = buffered.slice(end.index + end[0].length);
    }
  }
}
