// Test support: send exact bytes over node:net and read what comes back, so that requests no
// HTTP client would produce (CTLs, obs-fold, duplicates, oversize heads) can be tested.
import net from 'node:net';

export interface RawResponse {
  status: number;
  /** header lines in order, names lower-cased */
  headers: [string, string][];
  body: Buffer;
}

export interface RawExchange {
  /** the responses that arrived, in order */
  responses: RawResponse[];
  /** the connection ended with a reset rather than a close */
  reset: boolean;
}

export function header(res: RawResponse, name: string): string | undefined {
  return res.headers.find(([n]) => n === name)?.[1];
}

export function bodyText(res: RawResponse): string {
  return res.body.toString('utf8');
}

/** Splits a byte stream into responses, framed by content-length (or the end of the stream). */
export function parseResponses(bytes: Buffer, methods: readonly string[] = []): RawResponse[] {
  const responses: RawResponse[] = [];
  let at = 0;
  while (at < bytes.length) {
    const end = bytes.indexOf('\r\n\r\n', at, 'latin1');
    if (end < 0) break;
    const [statusLine, ...lines] = bytes.subarray(at, end).toString('latin1').split('\r\n');
    const headers = lines.map((l): [string, string] => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]);
    const length = headers.find(([n]) => n === 'content-length')?.[1];
    const bodyStart = end + 4;
    const isHead = methods[responses.length] === 'HEAD';
    const bodyEnd = isHead ? bodyStart : length === undefined ? bytes.length : bodyStart + Number(length);
    responses.push({ status: Number(statusLine!.split(' ')[1]), headers, body: bytes.subarray(bodyStart, bodyEnd) });
    at = bodyEnd;
  }
  return responses;
}

/** Writes `request` (a latin-1 string or bytes) and reads until the server closes the connection. */
export function sendBytes(port: number, request: string | Buffer, methods: readonly string[] = [], timeoutMs = 10_000): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let reset = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close from the server within ${timeoutMs} ms; got ${JSON.stringify(Buffer.concat(chunks).toString('latin1').slice(0, 200))}`));
    }, timeoutMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') reset = true;
      else reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ responses: parseResponses(Buffer.concat(chunks), methods), reset });
    });
    socket.end(typeof request === 'string' ? Buffer.from(request, 'latin1') : request);
  });
}

export interface RawRequest {
  method?: string;
  path?: string;
  /** header lines after Host, without CRLF; a line starting with SP or HTAB is an obs-fold */
  lines?: readonly string[];
  body?: string;
}

/** One request, `Connection: close`, Host first (as the ground-truth probes sent it). */
export function requestBytes(port: number, r: RawRequest): string {
  const lines = [`${r.method ?? 'GET'} ${r.path ?? '/items/'} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...(r.lines ?? []), 'Connection: close'];
  return `${lines.join('\r\n')}\r\n\r\n${r.body ?? ''}`;
}

/** Sends one request and returns its response; throws when none came back. */
export async function rawRequest(port: number, r: RawRequest): Promise<RawResponse> {
  const { responses } = await sendBytes(port, requestBytes(port, r), [r.method ?? 'GET']);
  if (responses.length === 0) throw new Error(`no response to ${JSON.stringify(requestBytes(port, r).slice(0, 200))}`);
  return responses[0]!;
}
