// No header value produces a 5xx or kills the server, in any mode: every byte in every position,
// reproducible pseudo-random values, obs-fold oddities, duplicates, odd framing and oversize heads.
// Each request gets an answer (a 4xx at worst), and the server answers normally afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { requestBytes, sendBytes } from './raw-client.ts';
import { MAX_HEADER_BYTES, MODES, startReferenceServer } from './server.ts';
import type { Mode } from './server.ts';

const BYTES = Array.from({ length: 256 }, (_, b) => String.fromCharCode(b));
/** The same "random" values on every run: a SHA-256 chain from a fixed seed (no Math.random). */
const SEED = 'bearer-conformance reference robustness';
const RANDOM_VALUES = 64;

function pseudoRandomValues(count: number): string[] {
  const values: string[] = [];
  let state = createHash('sha256').update(SEED).digest();
  for (let i = 0; i < count; i++) {
    state = createHash('sha256').update(state).digest();
    values.push(state.subarray(0, 4 + (state[31]! % 28)).toString('latin1'));
  }
  return values;
}

/** Authorization line groups that exercise the parser and the credential reader. */
function oddAuthorizationLines(): string[][] {
  const single = (value: string): string[] => [`Authorization: ${value}`];
  return [
    ...BYTES.flatMap((b) => [single(`Bearer a${b}c`), single(`Bearer ${b}`), single(`${b}Bearer abc`), single(`Bearer${b}abc`)]),
    ...pseudoRandomValues(RANDOM_VALUES).flatMap((v) => [single(v), single(`Bearer ${v}`)]),
    ['Authorization: Bearer', ' ', ' ', '\t'],
    ['Authorization:', ' ', ' Bearer', '\t\tabc'],
    ['Authorization: Bearer abc', ' \x01def'],
    ['X-Before: 1', ' Authorization: Bearer abc'],
    Array.from({ length: 50 }, (_, i) => `Authorization: Bearer t${i}`),
    ['Authorization: Bearer abc', 'authorization:', 'AUTHORIZATION: Basic x'],
    single(`Bearer ${'='.repeat(100)}`),
    single(`Bearer realm="x", error="y"`),
    single('Bearer \\"\u00ff\u00fe'),
  ];
}

function oddRequests(port: number): { name: string; bytes: string | Buffer; oversize?: boolean }[] {
  const host = `Host: 127.0.0.1:${port}`;
  return [
    { name: 'head over maxHeaderSize', bytes: requestBytes(port, { lines: [`Authorization: Bearer ${'x'.repeat(MAX_HEADER_BYTES + 1024)}`] }), oversize: true },
    { name: '1 MiB head', bytes: requestBytes(port, { lines: [`Authorization: Bearer ${'x'.repeat(1 << 20)}`] }), oversize: true },
    { name: '20000 header lines', bytes: requestBytes(port, { lines: Array.from({ length: 20000 }, (_, i) => `X-${i}: ${i}`) }), oversize: true },
    { name: 'both Content-Length and chunked', bytes: `POST /token HTTP/1.1\r\n${host}\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n` },
    { name: 'two Content-Length values', bytes: `POST /token HTTP/1.1\r\n${host}\r\nContent-Length: 3\r\nContent-Length: 4\r\nConnection: close\r\n\r\nabcd` },
    { name: 'negative Content-Length', bytes: `POST /token HTTP/1.1\r\n${host}\r\nContent-Length: -1\r\nConnection: close\r\n\r\n` },
    { name: 'chunked token request', bytes: `POST /token HTTP/1.1\r\n${host}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\ngrant\r\n0\r\n\r\n` },
    { name: 'CONNECT', bytes: `CONNECT 127.0.0.1:${port} HTTP/1.1\r\n${host}\r\n\r\n` },
    { name: 'unknown method', bytes: `BREW /items/ HTTP/1.1\r\n${host}\r\nConnection: close\r\n\r\n` },
    { name: 'Expect other than 100-continue', bytes: `GET /items/ HTTP/1.1\r\n${host}\r\nExpect: tea\r\nAuthorization: Bearer abc\r\nConnection: close\r\n\r\n` },
    { name: 'absolute-form target', bytes: `GET http://127.0.0.1:${port}/items/ HTTP/1.1\r\n${host}\r\nConnection: close\r\n\r\n` },
    { name: 'odd Host then redirect', bytes: `GET /items?\xff\x01=%zz HTTP/1.1\r\nHost: a\x01b\r\nConnection: close\r\n\r\n` },
    { name: 'HTTP/2 preface', bytes: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' },
    { name: 'not HTTP at all', bytes: Buffer.from(BYTES.join(''), 'latin1') },
    { name: 'pipelined: good, garbage', bytes: `GET /items/ HTTP/1.1\r\n${host}\r\nAuthorization: Bearer abc\r\n\r\nGET /items/ HTTP/1.1\r\n${host}\r\nAuthorization: Bearer \x00\r\n\r\n` },
  ];
}

/** Collects what the server writes on stderr about its own faults ("internal error"). */
function watchInternalErrors(): { errors: string[]; stop(): void } {
  const errors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (String(chunk).includes('internal error')) errors.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stderr.write;
  return { errors, stop: () => void (process.stderr.write = write) };
}

async function assertStillServing(port: number): Promise<void> {
  const { responses } = await sendBytes(port, requestBytes(port, { lines: ['Authorization: Bearer abc'] }));
  assert.equal(responses[0]?.status, 200);
  assert.equal(responses[0]?.body.toString(), '{"token":"abc"}');
}

for (const mode of MODES) {
  test(`${mode}: ${oddAuthorizationLines().length} odd Authorization values all get an answer below 500`, async () => {
    const watch = watchInternalErrors();
    const server = await startReferenceServer({ port: 0, mode: mode as Mode, quiet: true });
    try {
      const seen = new Map<number, number>();
      for (const lines of oddAuthorizationLines()) {
        const { responses } = await sendBytes(server.port, requestBytes(server.port, { lines }));
        const status = responses[0]?.status;
        assert.ok(status !== undefined && status < 500, `${JSON.stringify(lines).slice(0, 120)} → ${status}`);
        seen.set(status, (seen.get(status) ?? 0) + 1);
      }
      assert.ok([...seen.keys()].every((s) => [200, 400, 401].includes(s)), JSON.stringify([...seen]));
      await assertStillServing(server.port);
      assert.deepEqual(watch.errors, []);
    } finally {
      watch.stop();
      await server.close();
    }
  });

  test(`${mode}: oversize heads get 431, odd framing a 4xx, and the server keeps serving`, async () => {
    const watch = watchInternalErrors();
    const server = await startReferenceServer({ port: 0, mode: mode as Mode, quiet: true });
    try {
      for (const r of oddRequests(server.port)) {
        const { responses, reset } = await sendBytes(server.port, r.bytes);
        if (r.oversize) {
          // A client still writing when the server gives up may see the reset before the 431.
          assert.ok(responses[0]?.status === 431 || (reset && responses.length === 0), `${r.name}: ${responses[0]?.status}, reset ${reset}`);
          continue;
        }
        assert.ok(responses.length > 0, `${r.name}: no answer`);
        for (const res of responses) assert.ok(res.status < 500, `${r.name}: ${res.status}`);
      }
      await assertStillServing(server.port);
      assert.deepEqual(watch.errors, []);
    } finally {
      watch.stop();
      await server.close();
    }
  });
}

test('an Authorization line after 3000 other header lines still counts (no silent header-count limit)', async () => {
  const server = await startReferenceServer({ port: 0, mode: 'rfc6750', quiet: true });
  try {
    const lines = [...Array.from({ length: 3000 }, (_, i) => `X-${i}: ${i}`), 'Authorization: Bearer abc'];
    const { responses } = await sendBytes(server.port, requestBytes(server.port, { lines }));
    assert.equal(responses[0]?.status, 200);
  } finally {
    await server.close();
  }
});

test('keep-alive: a connection serves a 401, a 200 and a 404 in turn, each with content-length', async () => {
  const server = await startReferenceServer({ port: 0, mode: 'fastapi@0.92', quiet: true });
  try {
    const host = `Host: 127.0.0.1:${server.port}`;
    const requests = [
      `GET /items/ HTTP/1.1\r\n${host}\r\n\r\n`,
      `GET /items/ HTTP/1.1\r\n${host}\r\nAuthorization: Bearer abc\r\n\r\n`,
      `HEAD /items/ HTTP/1.1\r\n${host}\r\n\r\n`,
      `GET /nope HTTP/1.1\r\n${host}\r\nConnection: close\r\n\r\n`,
    ];
    const { responses } = await sendBytes(server.port, requests.join(''), ['GET', 'GET', 'HEAD', 'GET']);
    assert.deepEqual(responses.map((r) => r.status), [401, 200, 405, 404]);
    for (const r of responses) assert.ok(r.headers.some(([n]) => n === 'content-length'));
  } finally {
    await server.close();
  }
});
