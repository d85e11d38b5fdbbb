// The uvicorn/h11 emulation of the fastapi modes: first what Node's parser does on its own
// (measured, so that a Node upgrade that changes it shows up here), then the tap that gives the
// handler h11's view of folded values, then the whole server on the wire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { Socket } from 'node:net';
import { ObsFoldTap, readHead, refusedByH11 } from './h11.ts';
import { bodyText, header, rawRequest, requestBytes, sendBytes } from './raw-client.ts';
import { startReferenceServer } from './server.ts';

/** What a bare node:http server hands its handler for one Authorization line group. */
async function nodeParses(insecureHTTPParser: boolean, lines: string[]): Promise<string> {
  const server = http.createServer({ insecureHTTPParser }, (req, res) => res.end(JSON.stringify(req.headers.authorization)));
  server.on('clientError', (err: Error & { code?: string }, socket) => socket.end(`HTTP/1.1 400 ${err.code}\r\ncontent-length: 0\r\n\r\n`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as { port: number }).port;
    const res = await rawRequest(port, { lines });
    return res.status === 200 ? (JSON.parse(bodyText(res)) as string) : `${res.status}`;
  } finally {
    server.close();
  }
}

test('measured: Node\'s insecure parser unfolds obs-fold by dropping only the CRLF', async () => {
  assert.equal(await nodeParses(true, ['Authorization: Bearer', ' abc']), 'Bearer abc');
  assert.equal(await nodeParses(true, ['Authorization: Bearer abc', '\tdef']), 'Bearer abc\tdef');
  assert.equal(await nodeParses(true, ['Authorization: Bearer', '  abc']), 'Bearer  abc');
  assert.equal(await nodeParses(true, ['Authorization: Bearer abc', '\t  def  ']), 'Bearer abc\t  def');
});

test('measured: Node\'s insecure parser passes NUL, VT, FF, 0x01 and DEL; the strict one refuses them and obs-fold', async () => {
  for (const byte of ['\x00', '\x0b', '\x0c', '\x01', '\x7f']) {
    assert.equal(await nodeParses(true, [`Authorization: Bearer a${byte}bc`]), `Bearer a${byte}bc`);
    assert.equal(await nodeParses(false, [`Authorization: Bearer a${byte}bc`]), '400');
  }
  assert.equal(await nodeParses(false, ['Authorization: Bearer', ' abc']), '400');
  assert.equal(await nodeParses(true, ['Authorization: Bearer a\rbc']), '400');
});

test('readHead gives llhttp\'s and h11\'s view of a folded Authorization value', () => {
  const head = readHead('GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer abc \r\n\t  def  \r\nauthorization: Basic x\r\nContent-Length: 5');
  assert.deepEqual(head, { asLlhttp: 'Bearer abc \t  def', asH11: 'Bearer abc  def', h11Refuses: false, bodyBytes: 5 });
  assert.deepEqual(readHead('GET / HTTP/1.1\nHost: x'), { asLlhttp: undefined, asH11: undefined, h11Refuses: false, bodyBytes: 0 });
  assert.equal(readHead('POST / HTTP/1.1\r\nTransfer-Encoding: chunked').bodyBytes, 'unknown');
  // h11 drops one CR before each LF; any other CR is in a line, and h11 refuses the head.
  assert.equal(readHead('GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer abc\n\rdef').h11Refuses, true);
  assert.equal(readHead('GET / HTTP/1.1\r\nHost: x\nAuthorization: Bearer abc\r\n X: y').h11Refuses, false);
  assert.equal(readHead('POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1').bodyBytes, 'unknown');
});

test('refusedByH11 looks for NUL, VT, FF, CR and LF in every field value', () => {
  assert.equal(refusedByH11(['Host', 'x', 'Authorization', 'Bearer a\x01b\x7f\x1f\x85']), false);
  for (const byte of ['\x00', '\x0b', '\x0c', '\r', '\n']) assert.equal(refusedByH11(['Host', 'x', 'X-Note', `a${byte}`]), true);
});

function fakeSocket(): EventEmitter & { feed(text: string): void } {
  const socket = new EventEmitter() as EventEmitter & { feed(text: string): void };
  socket.feed = (text) => socket.emit('data', Buffer.from(text, 'latin1'));
  return socket;
}

test('the tap follows pipelined heads across chunks and skips Content-Length bodies', () => {
  const socket = fakeSocket();
  const tap = new ObsFoldTap(socket as unknown as Socket);
  socket.feed('\r\nGET / HTTP/1.1\r\nAuthorization: Bearer\r\n  abc\r\n\r\nPOST /token HTTP/1.1\r\nContent-Length: 20\r\n\r\n');
  socket.feed('Authorization: x\r\n\r\nGE');
  socket.feed('T / HTTP/1.1\r\nAuthorization: Bearer abc\r\n\tdef\r\n\r\n');
  assert.equal(tap.headFor('Bearer  abc').authorization, 'Bearer abc');
  assert.equal(tap.headFor(undefined).authorization, undefined);
  assert.equal(tap.headFor('Bearer abc\tdef').authorization, 'Bearer abc def');
});

test('the tap gives way to llhttp\'s value once it cannot follow the stream', () => {
  const chunked = fakeSocket();
  const afterChunked = new ObsFoldTap(chunked as unknown as Socket);
  chunked.feed('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nAuthorization: Bearer\r\n\tabc\r\n\r\n3\r\n\r\n\r\n\r\n0\r\n\r\n');
  chunked.feed('GET / HTTP/1.1\r\nAuthorization: Bearer\r\n\tabc\r\n\r\n');
  assert.equal(afterChunked.headFor('Bearer\tabc').authorization, 'Bearer abc');
  assert.equal(afterChunked.headFor('Bearer\tabc').authorization, 'Bearer\tabc');

  const oversize = fakeSocket();
  const beforeOversize = new ObsFoldTap(oversize as unknown as Socket);
  oversize.feed(`GET / HTTP/1.1\r\nAuthorization: Bearer\r\n\tabc\r\n\r\nGET / HTTP/1.1\r\nX: ${'x'.repeat(90 * 1024)}`);
  assert.equal(beforeOversize.headFor('Bearer\tabc').authorization, 'Bearer abc');
  assert.equal(beforeOversize.headFor(undefined).authorization, undefined);

  const disagreeing = fakeSocket();
  const tap = new ObsFoldTap(disagreeing as unknown as Socket);
  disagreeing.feed('GET / HTTP/1.1\r\nAuthorization: one\r\n\r\nGET / HTTP/1.1\r\nAuthorization: two\r\n\r\n');
  assert.equal(tap.headFor('something else').authorization, 'something else');
  assert.equal(tap.headFor('two').authorization, 'two');
});

test('the tap says h11 refuses a head with a CR left in a line, even where llhttp framed it otherwise', () => {
  const socket = fakeSocket();
  const tap = new ObsFoldTap(socket as unknown as Socket);
  // llhttp ends this head at `\r\n\r` and sees no Authorization; h11 refuses the line `\rX: a`.
  socket.feed('GET / HTTP/1.1\r\nHost: x\r\n\rX: a\r\nAuthorization: Bearer abc\r\n\r\n');
  assert.deepEqual(tap.headFor(undefined), { authorization: undefined, refused: true });
  const inStep = fakeSocket();
  const follows = new ObsFoldTap(inStep as unknown as Socket);
  inStep.feed('GET / HTTP/1.1\r\nHost: x\nAuthorization: Bearer abc\r\n\r\n');
  assert.deepEqual(follows.headFor('Bearer abc'), { authorization: 'Bearer abc', refused: false });
});

test('fastapi modes: folded values reach the endpoint as h11 joins them, also on a keep-alive connection', async () => {
  const server = await startReferenceServer({ port: 0, mode: 'fastapi@0.92', quiet: true });
  try {
    const host = `Host: 127.0.0.1:${server.port}`;
    const form = 'grant_type=password&username=alice&password=wonderland';
    const pipelined = [
      `GET /items/ HTTP/1.1\r\n${host}\r\nAuthorization: Bearer abc\r\n\t  def  \r\n\r\n`,
      `POST /token HTTP/1.1\r\n${host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\n\r\n${form}`,
      `GET /items/ HTTP/1.1\r\n${host}\r\nAuthorization: Bearer\r\n   xyz\r\nConnection: close\r\n\r\n`,
    ].join('');
    const { responses } = await sendBytes(server.port, pipelined);
    assert.deepEqual(responses.map((r) => r.status), [200, 200, 200]);
    assert.equal(bodyText(responses[0]!), '{"token":"abc def"}');
    assert.equal(bodyText(responses[2]!), '{"token":"xyz"}');
  } finally {
    await server.close();
  }
});

test('fastapi modes: NUL, VT or FF in any header gets uvicorn\'s 400, 0x01 and DEL reach the app', async () => {
  const server = await startReferenceServer({ port: 0, mode: 'fastapi', quiet: true });
  try {
    for (const byte of ['\x00', '\x0b', '\x0c']) {
      const res = await rawRequest(server.port, { lines: ['Authorization: Bearer abc', `X-Note: a${byte}b`] });
      assert.equal(res.status, 400);
      assert.equal(header(res, 'content-type'), 'text/plain; charset=utf-8');
      assert.equal(header(res, 'connection'), 'close');
      assert.equal(bodyText(res), 'Invalid HTTP request received.');
    }
    const ctl = await rawRequest(server.port, { lines: ['Authorization: Bearer a\x01b\x7fc'] });
    assert.equal(bodyText(ctl), '{"token":"a\\u0001b\x7fc"}');
  } finally {
    await server.close();
  }
});

test('every mode: an HTTP/1.1 request without Host, or with two, is refused; HTTP/1.0 without Host is served', async () => {
  for (const mode of ['documented', 'fastapi'] as const) {
    const server = await startReferenceServer({ port: 0, mode, quiet: true });
    try {
      const noHost = await sendBytes(server.port, 'GET /items/ HTTP/1.1\r\nAuthorization: Bearer abc\r\nConnection: close\r\n\r\n');
      assert.equal(noHost.responses[0]?.status, 400);
      assert.equal(header(noHost.responses[0]!, 'content-length'), '30');
      const twoHosts = await sendBytes(server.port, requestBytes(server.port, { lines: ['Host: other', 'Authorization: Bearer abc'] }));
      assert.equal(twoHosts.responses[0]?.status, 400);
      const http10 = await sendBytes(server.port, 'GET /items/ HTTP/1.0\r\nAuthorization: Bearer abc\r\n\r\n');
      assert.equal(http10.responses[0]?.status, 200);
    } finally {
      await server.close();
    }
  }
});
