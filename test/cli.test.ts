// The CLI as users and CI meet it: bad flags, unreachable and hanging targets, the default run
// against the embedded server, secrets, and Ctrl-C mid-run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { runCli } from './helpers/cli.ts';
import { freePort } from '../interop/fastapi/launch.ts';
import { startReferenceServer } from '../reference-server/server.ts';

function assertOneLineError(run: { stderr: string }, pattern: RegExp): void {
  assert.match(run.stderr, pattern);
  assert.ok(!/\n\s+at /.test(run.stderr), `stack trace on stderr:\n${run.stderr}`);
}

test('bad flags and values exit 2 with a one-line message', async () => {
  for (const [args, pattern] of [
    [['--bogus'], /Unknown option '--bogus'/],
    [['--profile', 'nope'], /--profile: .*nope/],
    [['--timeout', 'soon'], /--timeout must be an integer/],
    [['--suites', 'headers,colours'], /unknown suite "colours"/],
    [['--target', 'ftp://example.org'], /--target must be http/],
    [['--username', 'alice'], /--username and --password go together/],
    [['--endpoint', 'items'], /--endpoint expects "METHOD \/path"/],
  ] as const) {
    const run = await runCli([...args]);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assertOneLineError(run, pattern);
  }
});

test('an unreachable target exits 3, says so in one line, and still writes the report', async () => {
  const port = await freePort();
  const run = await runCli(['--target', `http://127.0.0.1:${port}`, '--no-docs']);
  assert.equal(run.code, 3, run.stderr);
  assertOneLineError(run, /unreachable: ECONNREFUSED/);
  const report = run.report();
  assert.equal(report.summary.verdict, 'untestable');
  assert.equal(report.partial, true);
  assert.ok(existsSync(path.join(run.reportDir, 'index.html')));
  assert.ok(existsSync(path.join(run.reportDir, 'junit.xml')));
});

test('a server that accepts connections but never answers exits 3 within the timeout', async () => {
  const sockets: net.Socket[] = [];
  const silent = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const started = Date.now();
  try {
    const run = await runCli(['--target', `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`, '--timeout', '500', '--no-docs']);
    assert.equal(run.code, 3, run.stderr);
    assertOneLineError(run, /no answer within 500 ms/);
    assert.ok(Date.now() - started < 20_000);
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test('with no flags beyond the suite choice it tests the embedded server and exits 0', async () => {
  const run = await runCli(['--suites', 'headers']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /testing the embedded reference server/);
  assert.match(run.stdout, /^progress: (\d+)\/\1 checks · 0 failing · 0 could not test$/m);
  assert.doesNotMatch(run.stdout, /requirement\s+level\s+verdict/, 'the table is for --verbose');
  assert.doesNotMatch(run.stdout, /headers\.empty-token/, 'no line per check without --verbose');
  assert.match(run.stdout, /verdict: conformant/);
  for (const f of ['conformance.json', 'index.html', 'junit.xml', 'playwright/index.html']) assert.ok(existsSync(path.join(run.reportDir, f)), f);
  const report = run.report();
  assert.equal(report.summary.verdict, 'conformant');
  assert.ok(report.results.length >= 40);
});

test('a real token never appears in the terminal or any report file', async () => {
  const server = await startReferenceServer({ port: 0, mode: 'documented', validateTokens: true, quiet: true });
  try {
    const res = await request(`${server.url}/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&username=alice&password=wonderland',
    });
    const token = ((await res.body.json()) as { access_token: string }).access_token;
    const withToken = await runCli(['--target', server.url, '--suites', 'headers', '--token', token]);
    assert.equal(withToken.code, 0, withToken.stdout + withToken.stderr);
    for (const text of [withToken.stdout, withToken.stderr, withToken.allReportText()]) assert.ok(!text.includes(token));
    assert.match(withToken.allReportText(), /\[redacted\]/);

    const withPassword = await runCli(['--target', server.url, '--suites', 'headers', '--username', 'alice', '--password', 'wonderland']);
    assert.equal(withPassword.code, 0, withPassword.stdout + withPassword.stderr);
    for (const text of [withPassword.stdout, withPassword.stderr, withPassword.allReportText()]) assert.ok(!text.includes('wonderland'));
  } finally {
    await server.close();
  }
});

test('Ctrl-C mid-run exits 130 and leaves a partial report with the results so far', async () => {
  let printed: string[] | undefined;
  const run = await runCli(['--suites', 'headers', '--verbose'], {
    onStdout: (out, kill) => {
      const ids = [...out.matchAll(/^ {2}[✓✗!-] \w+\s+\[\w+\] (\S+)/gm)].map((m) => m[1]!);
      if (!printed && ids.length >= 3) {
        printed = ids;
        kill('SIGINT');
      }
    },
  });
  assert.ok(printed, 'never saw progress');
  assert.equal(run.code, 130, run.stdout + run.stderr);
  const report = run.report();
  assert.equal(report.partial, true);
  const saved = new Set(report.results.map((r) => r.id));
  for (const id of printed) assert.ok(saved.has(id), `${id} was printed but is not in conformance.json`);
  assert.notEqual(report.summary.verdict, 'conformant');
  assert.match(run.stdout, /requirement\s+level\s+verdict/, '--verbose prints the table');
});

test('a failing run without a TTY: a few progress lines, the failures with their reasons, then the counts; no table', async () => {
  const server = await startReferenceServer({ port: 0, mode: 'fastapi@0.92', quiet: true });
  try {
    const run = await runCli(['--target', server.url, '--profile', 'documented', '--suites', 'headers', '--seed', '1']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const lines = run.stdout.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    assert.ok(lines.filter((l) => l.startsWith('progress: ')).length <= 4, run.stdout);
    assert.ok(at(/^failures \(\d+\):$/) > at(/^progress: (\d+)\/\1 checks/), run.stdout);
    assert.match(run.stdout, /^ {2}MUST {4}headers\.empty-token {2}GET \/items\/ {2}— .*expected 401 with a Bearer challenge; got 200/m);
    assert.ok(at(/^ {2}MUST {4}headers\.empty-token /) < at(/^verdict: nonconformant — pass \d+, fail \d+/), run.stdout);
    assert.doesNotMatch(run.stdout, /requirement\s+level\s+verdict|✓ pass/);
    assert.ok(lines.length < 25, `${lines.length} lines:\n${run.stdout}`);
  } finally {
    await server.close();
  }
});
