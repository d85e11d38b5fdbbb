// The interop targets (interop/targets.ts): each starts in its own process, refuses GET /items/
// without credentials with 401, answers a valid Bearer token with 200 and echoes it, and is gone
// after close(). FastAPI's OAuth2 tutorials instead issue a token for their demo user at /token and
// answer their protected path (/users/me) with that user. What each does with a lower-case scheme or a missing token is recorded, not
// judged: the table (t.diagnostic) shows real differences between implementations. Also: a child
// that dies or hangs while starting fails start() in bounded time and is killed; serve.ts starts
// one target from a shell; the real CLI reaches a verdict against one JS target.
import { spawn } from 'node:child_process';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { request } from 'undici';
import { startChildServer, freePort } from '../interop/process.ts';
import { INTEROP_TARGETS, INTEROP_TOKEN, interopTarget } from '../interop/targets.ts';
import { runCli } from './helpers/cli.ts';
import { ROOT } from './helpers/root.ts';

/** Targets that accept any token (FastAPI's tutorial, the reference server) get this one. */
const ANY_TOKEN = 'any-demo-token';

interface Observation {
  status: number;
  wwwAuthenticate: string;
  body: string;
}

interface Row {
  target: string;
  noHeader: Observation;
  valid: Observation;
  lowerCase: Observation;
  noToken: Observation;
}

const rows: Row[] = [];

async function get(url: string, authorization?: string, path = '/items/'): Promise<Observation> {
  const res = await request(`${url}${path}`, { headers: authorization === undefined ? {} : { authorization }, headersTimeout: 5000, bodyTimeout: 5000 });
  const body = await res.body.text();
  const challenge = res.headers['www-authenticate'];
  return { status: res.statusCode, wwwAuthenticate: Array.isArray(challenge) ? challenge.join(' | ') : challenge ?? '-', body };
}

/** The password grant (RFC 6749 §4.3) with a tutorial's demo user. */
async function login(url: string, credentials: { username: string; password: string }, scopes: string[] = []): Promise<string> {
  const scope: Record<string, string> = scopes.length ? { scope: scopes.join(' ') } : {};
  const res = await request(`${url}/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', ...credentials, ...scope }).toString(), headersTimeout: 5000, bodyTimeout: 5000,
  });
  const body = await res.body.json() as { access_token?: unknown };
  assert.equal(res.statusCode, 200);
  assert.equal(typeof body.access_token, 'string');
  return body.access_token as string;
}

function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect(Number(port), hostname, () => { s.destroy(); resolve(false); });
    s.on('error', () => resolve(true));
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

for (const target of INTEROP_TARGETS) {
  const missing = await target.unavailable();
  if (missing && process.env.CI) throw new Error(`CI needs the interop target ${target.name}: ${missing}`);
  test(`${target.name}: ${target.refusesWith ?? 401} without credentials, 200 echoing a valid Bearer token, gone after close()`, { skip: missing ?? false, timeout: 30_000 }, async () => {
    const running = await target.start();
    try {
      const token = target.credentials ? await login(running.url, target.credentials, target.scopes) : target.token ?? ANY_TOKEN;
      const path = target.protectedPath;
      const noHeader = await get(running.url, undefined, path);
      const valid = await get(running.url, `Bearer ${token}`, path);
      const lowerCase = await get(running.url, `bearer ${token}`, path);
      const noToken = await get(running.url, 'Bearer', path);
      rows.push({ target: target.name, noHeader, valid, lowerCase, noToken });
      assert.equal(noHeader.status, target.refusesWith ?? 401, noHeader.body);
      assert.equal(valid.status, 200, valid.body);
      if (target.credentials) assert.equal((JSON.parse(valid.body) as { username?: string }).username, target.credentials.username);
      else assert.deepEqual(JSON.parse(valid.body), { token });
      if (target.token || target.credentials) {
        const wrong = await get(running.url, 'Bearer not-the-demo-token', path);
        assert.equal(wrong.status, 401, `${target.name} accepted a token it does not know: ${wrong.body}`);
      }
    } finally {
      await running.close();
    }
    assert.ok(await refused(running.url), `${target.name} still listens after close()`);
  });
}

test('observations: what each target answers (recorded, not judged)', (t) => {
  const cell = (o: Observation) => `${o.status} ${o.wwwAuthenticate}`;
  const lines = [
    '| target | no header | Bearer <token> | bearer <token> | Bearer (no token) |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.target} | ${cell(r.noHeader)} | ${r.valid.status} ${r.valid.body.slice(0, 60)} | ${r.lowerCase.status} ${r.lowerCase.body.slice(0, 60)} | ${cell(r.noToken)} |`),
  ];
  for (const line of lines) t.diagnostic(line);
  assert.ok(rows.length > 0, 'no target ran');
});

test('a child that exits while starting fails start() at once, with its output', async () => {
  const port = await freePort();
  const began = Date.now();
  await assert.rejects(
    startChildServer({ name: 'crasher', command: process.execPath, args: ['-e', 'console.error("boom"); process.exit(3)'], port }),
    /crasher did not start: process exited[\s\S]*boom/,
  );
  assert.ok(Date.now() - began < 10_000);
});

test('a child that never listens fails start() after the bound, and is killed', async () => {
  const port = await freePort();
  const began = Date.now();
  const err = await startChildServer({
    name: 'hanger', command: process.execPath, args: ['-e', 'console.log("pid=" + process.pid); setInterval(() => {}, 1000)'], port, startTimeoutMs: 1500,
  }).then(() => undefined, (e: Error) => e);
  assert.ok(err, 'start() resolved for a child that never listened');
  assert.match(err.message, /hanger did not start: port \d+ not open after 1500 ms/);
  assert.ok(Date.now() - began < 10_000);
  const pid = Number(/pid=(\d+)/.exec(err.message)?.[1]);
  assert.ok(pid > 0, err.message);
  assert.equal(isRunning(pid), false, `the hanging child ${pid} is still running`);
});

test('serve.ts starts one target by name on the given port, prints its URL and stops on SIGTERM', { timeout: 30_000 }, async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'interop/serve.ts', 'hono+bearer-auth', '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`serve.ts exited with ${code} before listening`)));
  });
  assert.equal(url, `http://127.0.0.1:${port}`);
  const valid = await get(url, `Bearer ${INTEROP_TOKEN}`);
  assert.equal(valid.status, 200);
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.ok(await refused(url), 'the target outlived serve.ts');
});

test('serve.ts refuses an unknown target with exit code 2', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'interop/serve.ts', 'no-such-target'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 2);
  assert.match(stderr, /unknown target "no-such-target"[\s\S]*express\+passport-http-bearer/);
});

test('the CLI reaches a verdict against express+passport-http-bearer', { timeout: 120_000 }, async (t) => {
  const target = interopTarget('express+passport-http-bearer')!;
  const running = await target.start();
  try {
    const run = await runCli(['--target', running.url, '--token', INTEROP_TOKEN, '--suites', 'headers,fuzz', '--profile', 'documented', '--seed', '1', '--fuzz-runs', '300', '--fuzz-time', '10'], { timeoutMs: 110_000 });
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}\n${run.stdout}\n${run.stderr}`);
    const report = run.report();
    assert.equal(report.partial, false);
    assert.ok(report.results.some((r) => r.suite === 'headers'), 'no headers results');
    assert.ok(report.results.some((r) => r.suite === 'fuzz'), 'no fuzz results');
    assert.equal(report.summary.verdict, run.code === 0 ? 'conformant' : 'nonconformant');
    const failing = report.results.filter((r) => r.verdict === 'fail').map((r) => `${r.id} (${r.level})`);
    t.diagnostic(`exit ${run.code}, ${report.results.length} results; failing: ${failing.join(', ') || 'none'}`);
    // passport reads ?access_token= too; with {token} expanded in the query, the documented profile sees it
    assert.ok(failing.includes('headers.query-token-only (MUST)'), failing.join(', '));
    assert.equal(report.results.find((r) => r.id === 'headers.never-issued-token')?.verdict, 'pass');
  } finally {
    await running.close();
  }
});
