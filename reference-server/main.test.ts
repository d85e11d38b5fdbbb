// The serve CLI: flags, one-line usage errors with exit code 2, and a clean stop on signals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { parseServeArgs, serveMain } from './main.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

function runMain(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: 'pipe' });
}

function finished(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function listeningUrl(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('close', (code) => reject(new Error(`exited ${code} before listening: ${out}`)));
  });
}

test('flags: defaults, both spellings, every value checked', () => {
  assert.deepEqual(parseServeArgs([]), { port: 8000 });
  assert.deepEqual(parseServeArgs(['--port', '0', '--host=127.0.0.1', '--mode', 'fastapi@0.92', '--root-path=/api/v1/', '--validate-tokens']), {
    port: 0, host: '127.0.0.1', mode: 'fastapi@0.92', rootPath: '/api/v1', validateTokens: true,
  });
  assert.equal(parseServeArgs(['--mode', 'nope', '--help']), 'help');
  const bad: [string[], RegExp][] = [
    [['--bogus'], /unknown option "--bogus"/],
    [['extra'], /unknown argument "extra"/],
    [['--port'], /--port needs a value/],
    [['--port', 'abc'], /--port: expected an integer/],
    [['--port', '65536'], /--port: expected an integer/],
    [['--port', '1', '--port', '2'], /--port given twice/],
    [['--mode', 'fastapi@9'], /--mode: unknown mode "fastapi@9"; valid: documented, fastapi, fastapi@0.92, rfc6750/],
    [['--root-path', 'api'], /--root-path: root path "api" must look like/],
    [['--root-path', "/a'b"], /--root-path/],
    [['--root-path', '/a//b'], /--root-path/],
    [['--host', ''], /--host/],
    [['--validate-tokens=yes'], /--validate-tokens takes no value/],
  ];
  for (const [args, message] of bad) assert.throws(() => parseServeArgs(args), message, args.join(' '));
});

test('serveMain answers a usage problem with one line on stderr and 2, without starting anything', async () => {
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => (written.push(chunk), true)) as typeof process.stderr.write;
  try {
    assert.equal(await serveMain(['--mode', 'nope']), 2);
  } finally {
    process.stderr.write = write;
  }
  assert.deepEqual(written, ['bearer-conformance serve: --mode: unknown mode "nope"; valid: documented, fastapi, fastapi@0.92, rfc6750\n']);
});

test('main.ts run directly: a bad flag exits 2 with exactly one line and no stack trace', async () => {
  const run = await finished(runMain(['--port', 'eighty']));
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, 'bearer-conformance serve: --port: expected an integer from 0 to 65535, got "eighty"\n');
});

test('main.ts run directly: a port in use exits 2 with one line', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    const port = (blocker.address() as net.AddressInfo).port;
    const run = await finished(runMain(['--port', String(port)]));
    assert.equal(run.code, 2);
    assert.equal(run.stderr, `bearer-conformance serve: cannot listen on 127.0.0.1:${port}: the address is already in use\n`);
  } finally {
    blocker.close();
  }
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`main.ts serves until ${signal}, then closes and exits 0`, async () => {
    const child = runMain(['--port', '0', '--mode', 'rfc6750', '--root-path', '/api/v1']);
    const done = finished(child);
    const url = await listeningUrl(child);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    const res = await request(`${url}/items/`);
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="bearer-conformance"');
    await res.body.dump();
    child.kill(signal);
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^reference server \(mode rfc6750\) listening on http:\/\/127\.0\.0\.1:\d+\/api\/v1\n/);
    assert.match(run.stdout, /demo users: alice \/ wonderland, bob \/ builder/);
    assert.match(run.stdout, /reference server closed\n$/);
    assert.equal(run.stderr, '');
  });
}

test('--help prints the usage and exits 0', async () => {
  const run = await finished(runMain(['--help']));
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^usage: bearer-conformance serve /);
});
