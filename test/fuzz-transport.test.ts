// How fuzz requests travel: at the configured rate, on reused raw connections where the server
// allows it, and exactly the seed's requests, byte for byte, whichever transport carried them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { sendRaw } from '../suites/transport/raw.ts';
import { RawKeepAlivePool, framingSafe } from '../suites/transport/raw-pool.ts';
import { MIN_CHUNK, chunkSize, runCampaign } from '../suites/fuzz/campaign.ts';
import { REQUESTS, requestsAt, valueAtPath } from '../suites/fuzz/generate.ts';
import { HttpClient } from '../suites/transport/http.ts';
import { startMini } from './mutants/mini-http.ts';
import type { FuzzTarget } from '../suites/fuzz/trial.ts';
import { FuzzSession } from '../suites/fuzz/session.ts';
import { Redactor } from '../suites/redact.ts';
import { TargetGate, useTargetGate } from '../suites/transport/gate.ts';

async function startCounting(): Promise<{ url: string; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const server = http.createServer({ insecureHTTPParser: true }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ token: req.headers.authorization ?? null }));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

test('raw keep-alive: one connection serves many requests; bytes undici would refuse go through as written', async () => {
  const server = await startCounting();
  const pool = new RawKeepAlivePool({ timeoutMs: 2000 });
  try {
    for (let i = 0; i < 20; i++) {
      const ex = await pool.send({ method: 'GET', url: `${server.url}/items/`, lines: [`Authorization:Bearer a\x01b${i}`] });
      assert.equal(ex.response.status, 200);
      assert.equal(JSON.parse(ex.response.body.toString('latin1')).token, `Bearer a\x01b${i}`);
      assert.match(ex.requestBytes.toString('latin1'), /\r\nAuthorization:Bearer a\x01b\d+\r\nConnection: keep-alive\r\n\r\n$/);
    }
    assert.equal(server.connections(), 1);
    // the pool's own counts agree with the server's
    assert.deepEqual(pool.counts, { connects: 1, closedAfter: {} });
  } finally {
    await pool.close();
    await server.close();
  }
});

/** A keep-alive server that records each connection's bytes as they arrived. */
async function startRecording(): Promise<{ url: string; received: () => string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server = http.createServer({ insecureHTTPParser: true }, (req, res) => {
    const body = JSON.stringify({ token: req.headers.authorization ?? null });
    res.setHeader('content-type', 'application/json');
    // what a GET would get, as RFC 9110 §9.3.2 lets HEAD answer: the length of a body not sent
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  server.on('connection', (socket) => {
    const at = received.push('') - 1;
    socket.on('data', (chunk: Buffer) => (received[at] += chunk.toString('latin1')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

test('a request on a connection of its own (sendRaw): the answer to HEAD ends with its head, even when the server keeps the connection', async () => {
  // announces the length of a body it does not send (RFC 9110 §9.3.2) and ignores Connection: close
  const server = net.createServer((socket) => socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 20\r\n\r\n')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const ex = await sendRaw({ method: 'HEAD', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/items/`, lines: ['Authorization: Bearer a\nb'] }, { timeoutMs: 1000 });
    assert.equal(ex.response.status, 200);
    assert.equal(ex.response.body.length, 0);
  } finally {
    server.close();
  }
});

test('raw keep-alive: a request undici could send goes out as the bytes undici writes', async () => {
  const server = await startRecording();
  const client = new HttpClient({ timeoutMs: 2000, connections: 1 });
  const pool = new RawKeepAlivePool({ timeoutMs: 2000 });
  const request = { method: 'GET', url: `${server.url}/items/?q=1`, lines: ['Authorization: Bearer abc\xe9', 'X-Other: 1'] };
  try {
    const viaUndici = await client.sendUndici(request);
    const viaPool = await pool.send(request);
    const [undiciWire, poolWire] = server.received();
    assert.equal(poolWire, undiciWire);
    assert.equal(viaPool.requestBytes.toString('latin1'), poolWire);
    assert.deepEqual(viaPool.response.body, viaUndici.response.body);
  } finally {
    await Promise.all([client.close(), pool.close()]);
    await server.close();
  }
});

test('raw keep-alive: the answer to HEAD ends with its head, whatever its Content-Length (RFC 9112 §6.3)', async () => {
  const server = await startRecording();
  const pool = new RawKeepAlivePool({ timeoutMs: 1000 });
  try {
    for (const lines of [['Authorization: Bearer abc'], ['Authorization:Bearer a\x01b']]) {
      const ex = await pool.send({ method: 'HEAD', url: `${server.url}/items/`, lines });
      assert.equal(ex.response.status, 200);
      assert.equal(ex.response.body.length, 0);
    }
    assert.equal(server.received().length, 1);
  } finally {
    await pool.close();
    await server.close();
  }
});

test('raw keep-alive: a server that closes after each answer gets a new connection each time', async () => {
  let seen = 0;
  const mini = await startMini(() => ({ status: 200, body: String(++seen) }));
  const pool = new RawKeepAlivePool({ timeoutMs: 2000 });
  try {
    for (let i = 1; i <= 5; i++) assert.equal((await pool.send({ method: 'GET', url: `${mini.url}/items/`, lines: ['Authorization:\tBearer x'] })).response.body.toString(), String(i));
    assert.deepEqual(pool.counts, { connects: 5, closedAfter: { 200: 5 } });
  } finally {
    await pool.close();
    await mini.close();
  }
});

test('raw keep-alive: no answer within the timeout is a timeout', async () => {
  const mini = await startMini(() => 'hang');
  const pool = new RawKeepAlivePool({ timeoutMs: 300 });
  try {
    await assert.rejects(pool.send({ method: 'GET', url: `${mini.url}/items/`, lines: ['Authorization:Bearer x'] }), { name: 'TransportError', code: 'timeout' });
  } finally {
    await pool.close();
    await mini.close();
  }
});

test('lines with a bare CR or LF are not framed on shared connections', () => {
  assert.equal(framingSafe(['Authorization: Bearer a\x01b', ' folded']), true);
  assert.equal(framingSafe(['Authorization: Bearer a\rb']), false);
  assert.equal(framingSafe(['Authorization: Bearer a\nb']), false);
});

test('a campaign sends exactly the requests of its seed, the same on every run', async () => {
  const received: string[] = [];
  const mini = await startMini((req) => {
    received.push(JSON.stringify(req.lines));
    return { status: 401, headers: { 'www-authenticate': 'Bearer' } };
  });
  const client = new HttpClient({ timeoutMs: 3000, connections: 8 });
  const rawPool = new RawKeepAlivePool({ timeoutMs: 3000 });
  const target: FuzzTarget = { target: mini.url, endpoint: { method: 'GET', path: '/items/' }, profile: 'documented', token: 'abc', validToken: false, echo: false, client, rawPool, timeoutMs: 3000 };
  try {
    const runs: string[][] = [];
    for (let i = 0; i < 2; i++) {
      received.length = 0;
      const result = await runCampaign(target, REQUESTS, { seed: 99, runs: 500, timeMs: 60_000, concurrency: 8 });
      assert.equal(result.sent, 500);
      assert.equal(result.harnessErrors.count, 0);
      runs.push([...received].sort());
    }
    const expected = requestsAt(REQUESTS, 99, 0, 500).map((r) => JSON.stringify(r.lines)).sort();
    assert.deepEqual(runs[0], expected);
    assert.deepEqual(runs[1], expected);
  } finally {
    await client.close();
    await rawPool.close();
    await mini.close();
  }
});

test('drawing a long run in chunks steps fast-check\'s generator a few times per request, not once per request before it', () => {
  // fc.sample with path "i" steps the generator i times: the sum of the chunks' offsets is that cost
  const runs = 100_000;
  let steps = 0;
  let chunks = 0;
  for (let next = 0; next < runs; next += chunkSize(next), chunks++) steps += next;
  assert.ok(steps <= 6 * runs, `${steps} steps for ${runs} requests`);
  assert.ok(chunkSize(0) === MIN_CHUNK && chunks < 60, `${chunks} chunks`);
  // a chunk's values are the run's values at those indexes
  const offset = 4096;
  const chunk = requestsAt(REQUESTS, 5, offset, chunkSize(offset));
  assert.equal(chunk.length, 1024);
  for (const at of [0, 1, 1023]) assert.deepEqual(chunk[at], valueAtPath(REQUESTS, 5, String(offset + at)));
});

test('a campaign stops handing out requests when its time is up', async () => {
  const mini = await startMini(() => ({ status: 401, headers: { 'www-authenticate': 'Bearer' } }));
  const client = new HttpClient({ timeoutMs: 3000, connections: 2 });
  const target: FuzzTarget = { target: mini.url, endpoint: { method: 'GET', path: '/items/' }, profile: 'documented', token: 'abc', validToken: false, echo: false, client, timeoutMs: 3000 };
  useTargetGate(new TargetGate({ rate: 100 }));
  try {
    const result = await runCampaign(target, REQUESTS, { seed: 1, runs: 1_000_000, timeMs: 300, concurrency: 2 });
    assert.equal(result.stoppedBy, 'time');
    assert.ok(result.sent > 0 && result.sent <= 35, `sent ${result.sent}`);
  } finally {
    useTargetGate(undefined);
    await client.close();
    await mini.close();
  }
});

test('--rate (the run\'s gate) holds for everything the suite sends: probes, the run, the canonical request after it, shrinking', async () => {
  const arrivals: number[] = [];
  // Lower-cases tokens that contain "=": a failure for the differential property to shrink.
  const mini = await startMini((req) => {
    arrivals.push(performance.now());
    const value = req.lines.find((l) => /^authorization:/i.test(l))?.replace(/^[^:]*:[ \t]*/, '') ?? '';
    const token = /^bearer +(\S+)$/i.exec(value)?.[1];
    return token ? { status: 200, body: JSON.stringify({ token: token.includes('=') ? token.toLowerCase() : token }) } : { status: 401, headers: { 'www-authenticate': 'Bearer' } };
  });
  const rate = 200;
  useTargetGate(new TargetGate({ rate }));
  const session = await FuzzSession.open({
    target: mini.url, endpoint: { method: 'GET', path: '/items/' }, profile: 'documented', token: 'abc', validToken: false,
    seed: 3, runs: 60, timeS: 30, timeoutMs: 3000, rate,
  }, new Redactor());
  try {
    await assert.rejects(session.check('fuzz.differential', {}), { name: 'CheckFailure' });
    const elapsed = arrivals[arrivals.length - 1]! - arrivals[0]!;
    assert.ok(arrivals.length > 60);
    assert.ok(elapsed >= ((arrivals.length - 2) / rate) * 1000 * 0.9, `${arrivals.length} requests in ${Math.round(elapsed)} ms at ${rate}/s`);
  } finally {
    useTargetGate(undefined);
    await session.close();
    await mini.close();
  }
});
