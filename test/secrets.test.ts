// No secrets leaked (issue 7): the --token, the --password, every token the target issues (to the
// CLI's password grant, to the openapi suite, and to the browser that logs in through Swagger UI's
// Authorize dialog: a new token each time) and every echo of them by the target (a body, X-Echo,
// WWW-Authenticate; JSON-escaped, URL-encoded, form-encoded, Basic base64) are absent from the
// terminal and from every file under the report directory, Playwright's HTML report unzipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { request } from 'undici';
import { runCli } from './helpers/cli.ts';
import { unzipEmbeddedReport } from './helpers/playwright-report.ts';
import type { CliRun } from './helpers/cli.ts';
import { startReferenceServer } from '../reference-server/server.ts';
import { escapeBytes } from '../suites/evidence.ts';
import { Redactor } from '../suites/redact.ts';

const USER = 'carol';
/** Quotes, backslash, HTML and URL specials, a space and a non-ASCII letter: every encoding differs. */
const PASSWORD = `pa"ss\\wörd <&> +/=%!~'`;
const STATIC_TOKEN = `static-${randomBytes(12).toString('hex')}`;

/** The forms a secret travels in: raw, JSON-escaped, URL- and form-encoded, UTF-8 read as latin-1, Basic base64. */
function travelForms(secret: string): string[] {
  return [...new Set([
    secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2),
    Buffer.from(secret, 'utf8').toString('latin1'), Buffer.from(`${USER}:${secret}`).toString('base64'),
  ])];
}

/** …and as reports render them (HTML-escaped, odd bytes escaped): no written file or terminal line may hold any. */
function encodings(secret: string): string[] {
  const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return [...new Set([...travelForms(secret), html(secret), escapeBytes(Buffer.from(secret, 'utf8').toString('latin1'))])];
}

/**
 * A target that leaks: a token endpoint for carol that issues a fresh token per login and echoes
 * the credentials back, in front of the reference server, adding the caller's Authorization to
 * every answer (X-Echo, WWW-Authenticate on a 401, and the JSON body, raw and URL-encoded).
 */
async function startLeakyTarget(): Promise<{ url: string; issued: string[]; close(): Promise<void> }> {
  const upstream = await startReferenceServer({ port: 0, mode: 'documented', quiet: true });
  const issued: string[] = [STATIC_TOKEN];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const answer = req.method === 'POST' && req.url === '/token' ? tokenAnswer(body, issued) : forward(upstream.url, req, body);
      answer.then(({ status, headers, text }) => {
        for (const [k, v] of Object.entries(headers)) {
          try {
            res.setHeader(k, v);
          } catch {
            // an echo the HTTP layer cannot carry (a control byte from the fuzzer): left out
          }
        }
        res.writeHead(status).end(text);
      }, () => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    issued,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await upstream.close();
    },
  };
}

type Answer = { status: number; headers: Record<string, string>; text: string };

async function tokenAnswer(body: Buffer, issued: string[]): Promise<Answer> {
  const form = new URLSearchParams(body.toString('utf8'));
  const echo = { 'x-echo': `Basic ${Buffer.from(`${form.get('username')}:${form.get('password')}`).toString('base64')}`, 'x-echo-form': body.toString('latin1'), 'content-type': 'application/json', 'cache-control': 'no-store' };
  if (form.get('grant_type') !== 'password' || form.get('username') !== USER || form.get('password') !== PASSWORD) {
    return { status: 400, headers: echo, text: JSON.stringify({ error: 'invalid_grant', error_description: `no such user/password: ${form.get('username')}/${form.get('password')}` }) };
  }
  const token = `issued-${randomBytes(16).toString('hex')}`;
  issued.push(token);
  return { status: 200, headers: echo, text: JSON.stringify({ access_token: token, token_type: 'bearer', password: PASSWORD }) };
}

async function forward(upstream: string, req: http.IncomingMessage, body: Buffer): Promise<Answer> {
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length', 'transfer-encoding'].includes(k)));
  const res = await request(upstream + req.url, { method: req.method as 'GET', headers: headers as Record<string, string>, body: body.length ? body : undefined });
  let text = await res.body.text();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k) && typeof v === 'string') out[k] = v;
  const auth = req.headers.authorization;
  if (auth) {
    out['x-echo'] = auth;
    if (res.statusCode === 401) out['www-authenticate'] = `Bearer error="invalid_token", error_description="rejected ${auth.replace(/^\S+\s*/, '')}"`;
    if ((out['content-type'] ?? '').includes('json')) {
      try {
        text = JSON.stringify({ ...(JSON.parse(text) as object), echo: auth, echo_url: encodeURIComponent(auth) });
      } catch {
        // not JSON after all: left as it is
      }
    }
  }
  return { status: res.statusCode, headers: out, text };
}

/** Every file under the report directory as text (latin-1 for bytes), with Playwright's zip unpacked; plus the terminal. */
function everythingWritten(run: CliRun): Map<string, string> {
  const out = new Map<string, string>([['stdout', run.stdout], ['stderr', run.stderr]]);
  for (const e of readdirSync(run.reportDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile())) {
    const file = path.relative(run.reportDir, path.join(e.parentPath, e.name));
    const bytes = readFileSync(path.join(e.parentPath, e.name));
    out.set(file, bytes.toString('latin1'));
    if (file === path.join('playwright', 'index.html')) for (const [name, text] of unzipEmbeddedReport(bytes.toString('utf8'))) out.set(`${file} → ${name}`, text);
  }
  return out;
}

/** Letter case ignored: the headers suite sends the token with its case swapped, which shows it just as well. */
function assertNoSecret(written: Map<string, string>, secrets: string[]): void {
  const haystacks = [...written].map(([where, text]) => [where, text.toLowerCase()] as const);
  for (const secret of secrets) {
    for (const needle of encodings(secret)) {
      for (const [where, text] of haystacks) assert.ok(!text.includes(needle.toLowerCase()), `${where} contains ${JSON.stringify(needle)} (a form of ${JSON.stringify(secret)})`);
    }
  }
}

test('the redactor knows every form a secret travels in, whatever its letter case', () => {
  const redactor = new Redactor([PASSWORD, STATIC_TOKEN]);
  redactor.addBasic(USER, PASSWORD);
  for (const form of [...travelForms(PASSWORD), STATIC_TOKEN.toUpperCase()]) {
    assert.equal(redactor.text(`<${form}>`), '<[redacted]>', form);
  }
  assert.equal(redactor.text('Authorization: Bearer mF_9.B5f-4.1JqM'), 'Authorization: Bearer mF_9.B5f-4.1JqM');
});

test('secrets given, issued, obtained by the browser and echoed by the target never reach the terminal or a report file', { timeout: 400_000 }, async () => {
  const target = await startLeakyTarget();
  try {
    // Sanity: the target does leak, so a clean report is the harness's doing.
    const login = await request(`${target.url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'password', username: USER, password: PASSWORD }).toString() });
    const { access_token: sanity, password } = (await login.body.json()) as { access_token: string; password: string };
    assert.equal(password, PASSWORD);
    const echoed = await request(`${target.url}/items/`, { headers: { authorization: `Bearer ${sanity}` } });
    assert.equal(echoed.headers['x-echo'], `Bearer ${sanity}`);
    assert.match(await echoed.body.text(), new RegExp(sanity));

    const withToken = await runCli(['--target', target.url, '--suites', 'headers,openapi', '--token', STATIC_TOKEN]);
    assert.ok([0, 1].includes(withToken.code!), withToken.stdout + withToken.stderr);
    const withPassword = await runCli(['--target', target.url, '--username', USER, '--password', PASSWORD, '--fuzz-runs', '300']);
    assert.ok([0, 1].includes(withPassword.code!), withPassword.stdout + withPassword.stderr);
    assert.match(withPassword.stdout, /obtained a token from .*\/token for carol/);

    // The docs suite did log in through the browser (with the password, for a token of its own).
    const flow = withPassword.report().results.find((r) => r.id === 'docs.password-flow');
    assert.ok(flow && flow.verdict !== 'skip' && flow.verdict !== 'error', `docs.password-flow: ${flow?.verdict} ${flow?.message}`);
    assert.ok(target.issued.length >= 4, `issued: ${target.issued.length}`); // sanity, the CLI's grant, the openapi suite's and the browser's

    for (const run of [withToken, withPassword]) {
      const written = everythingWritten(run);
      assert.ok([...written.keys()].some((k) => k.includes('→') && k.endsWith('.json')), "Playwright's report was not unpacked");
      assertNoSecret(written, [PASSWORD, ...target.issued]);
      const json = written.get('conformance.json')!;
      assert.match(json, /\[redacted\]/);
      // Redaction is not deletion: generated header values stay verbatim as evidence.
      assert.match(json, /Authorization: Basic dXNlcjpwYXNz/);
    }
    assert.match(everythingWritten(withPassword).get('conformance.json')!, /"id": "fuzz\.no-5xx"/);
  } finally {
    await target.close();
  }
});
