// A deliberately tiny HTTP/1.1 server on a raw socket, for faulty targets: it hands the handler the
// header lines exactly as received, so a mutant can get wire-level details wrong on purpose.
// One request per connection (it always answers with Connection: close).
import net from 'node:net';

export interface MiniRequest {
  method: string;
  path: string;
  query: string;
  /** header lines as received (latin-1), without CRLF, obs-fold continuations included */
  lines: string[];
  headBytes: number;
}

export type MiniResponse =
  | { status: number; headers?: Record<string, string>; body?: string }
  | 'hang';

export type MiniHandler = (req: MiniRequest) => MiniResponse;

const REASON: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 431: 'Request Header Fields Too Large', 500: 'Internal Server Error' };
const MAX_HEAD = 256 * 1024;

export async function startMini(handler: MiniHandler): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let data = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end < 0 && data.length > MAX_HEAD) return respond(socket, { status: 431 });
      if (end < 0) return;
      socket.removeAllListeners('data');
      const [requestLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
      const [method = 'GET', target = '/'] = requestLine.split(' ');
      const [path = '/', query = ''] = target.split('?');
      const headerLines = lines.filter((l) => !/^(host|connection):/i.test(l));
      const res = handler({ method, path, query, lines: headerLines, headBytes: end });
      if (res !== 'hang') respond(socket, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

function respond(socket: net.Socket, res: Exclude<MiniResponse, 'hang'>): void {
  const body = Buffer.from(res.body ?? '', 'utf8');
  const head = [`HTTP/1.1 ${res.status} ${REASON[res.status] ?? 'Status'}`];
  for (const [k, v] of Object.entries(res.headers ?? {})) head.push(`${k}: ${v}`);
  head.push(`content-length: ${body.length}`, 'connection: close');
  socket.end(Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1'), body]));
}
