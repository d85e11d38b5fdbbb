// Where a response ends (RFC 9112 §6.3, the cases servers send): shared by the raw transport and
// the fuzz suite's keep-alive pool, which must know the exact end to reuse a connection.

const HEAD_END = Buffer.from('\r\n\r\n');

export type Framing = { kind: 'length'; end: number } | { kind: 'chunked'; bodyStart: number } | { kind: 'close' };

/**
 * How the response in `data` ends, once its head is complete (RFC 9112 §6.3, the cases a server
 * sends). `method` is the request's: "Any response to a HEAD request ... is always terminated by
 * the first empty line after the header fields", whatever Content-Length it announces.
 */
export function framing(data: Buffer, method?: string): Framing | undefined {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const head = data.subarray(0, headEnd).toString('latin1');
  const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(head)?.[1]);
  const bodyStart = headEnd + HEAD_END.length;
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) return { kind: 'length', end: bodyStart };
  if (/\r\ntransfer-encoding:[^\r]*chunked/i.test(head)) return { kind: 'chunked', bodyStart };
  const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
  return length ? { kind: 'length', end: bodyStart + Number(length[1]) } : { kind: 'close' };
}

export function complete(data: Buffer, f: Framing): boolean {
  if (f.kind === 'length') return data.length >= f.end;
  if (f.kind === 'chunked') return data.indexOf('\r\n0\r\n\r\n', f.bodyStart - 2) >= 0;
  return false;
}
