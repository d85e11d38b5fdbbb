// The reference server against FastAPI measured on the wire (ground truth §1, the probes copied
// verbatim into fastapi-0.92-probes.json). In mode fastapi@0.92 every header row must give FastAPI
// 0.92's status, www-authenticate and body exactly, including the 400s uvicorn/h11 gave itself.
// Mode fastapi differs only where §4 says 0.128.1's strip() changes the token. The documented and
// rfc6750 modes have their own expectations, written out here by hand from DESIGN.md §3.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bodyText, header, rawRequest, requestBytes, sendBytes } from './raw-client.ts';
import type { RawResponse } from './raw-client.ts';
import { startReferenceServer } from './server.ts';
import type { Mode } from './server.ts';

interface Probe {
  case: string;
  method: string;
  path: string;
  authorization_lines: (string | { prefix: string; total_bytes: number })[];
  status_line: string;
  response_headers: string[];
  body?: string;
  body_prefix?: string;
  body_length?: number;
  /** status lines of the answers to bytes left over after a bare LF ended the head early */
  then_on_the_same_connection?: string[];
}

const MEASURED_PORT = '58721';
function readProbes(file: string): Probe[] {
  return (JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as { probes: Probe[] }).probes;
}

const probes = readProbes('./fastapi-0.92-probes.json');
/** Bare CR and bare LF in field lines, measured on 0.92 by this project (not in ground truth §1). */
const bareCrLfProbes = readProbes('./fastapi-0.92-bare-cr-lf-probes.json');

/** Rows 52a–52c of ground truth §1 (in the table, not in the JSON). */
const TABLE_ONLY: Probe[] = [
  ['Bearer \\x1f', 'Authorization: Bearer \x1f', '\x1f'],
  ['Bearer \\x85abc', 'Authorization: Bearer \x85abc', '\x85abc'],
  ['Bearer \\xa0abc', 'Authorization: Bearer \xa0abc', '\xa0abc'],
].map(([name, line, token]) => ({
  case: name!, method: 'GET', path: '/items/', authorization_lines: [line!], status_line: 'HTTP/1.1 200 OK',
  response_headers: ['content-type: application/json'], body: JSON.stringify({ token }),
}));

/** Where the reference server deliberately is not the tutorial app. */
const NOT_COMPARED: Record<string, string> = {
  'GET /token': 'the reference server implements the /token that the tutorial only declares',
  'POST /token form': 'the reference server implements the /token that the tutorial only declares',
  'GET /docs/oauth2-redirect': "swagger-ui-dist 5's page, not FastAPI's inline copy of 4.14's",
};

const headerRows = [...probes.filter((p) => p.path === '/items/' && p.method === 'GET'), ...TABLE_ONLY];
const routeRows = probes.filter((p) => !headerRows.includes(p) && !(p.case in NOT_COMPARED));

function linesOf(p: Probe): string[] {
  return p.authorization_lines.map((l) => (typeof l === 'string' ? l : l.prefix.padEnd(l.total_bytes, l.prefix.at(-1))));
}

function measured(p: Probe, name: string): string | undefined {
  const line = p.response_headers.find((h) => h.toLowerCase().startsWith(`${name}:`));
  return line?.slice(name.length + 1).trim();
}

/** What FastAPI sent, as this server must send it (its port instead of the probe's). */
interface Expected {
  status: number;
  wwwAuthenticate?: string;
  body?: string;
  bodyPrefix?: string;
  bodyLength?: number;
  allow?: string;
  location?: string;
}

function expectedFromProbe(p: Probe, port: number): Expected {
  return {
    status: Number(p.status_line.split(' ')[1]),
    wwwAuthenticate: measured(p, 'www-authenticate'),
    ...(p.body !== undefined ? { body: p.body } : {}),
    ...(p.body_prefix !== undefined ? { bodyPrefix: p.body_prefix, bodyLength: p.body_length } : {}),
    allow: measured(p, 'allow'),
    location: measured(p, 'location')?.replace(MEASURED_PORT, String(port)),
  };
}

function assertMatches(res: RawResponse, want: Expected): void {
  const got = { status: res.status, wwwAuthenticate: header(res, 'www-authenticate'), allow: header(res, 'allow'), location: header(res, 'location') };
  assert.deepEqual(got, { status: want.status, wwwAuthenticate: want.wwwAuthenticate, allow: want.allow, location: want.location });
  if (want.body !== undefined) assert.equal(bodyText(res), want.body);
  if (want.bodyPrefix !== undefined) {
    assert.ok(bodyText(res).startsWith(want.bodyPrefix));
    assert.equal(res.body.length, want.bodyLength);
  }
}

const REFUSED = { status: 400, body: 'Invalid HTTP request received.' };
const NOT_AUTHENTICATED = { status: 401, wwwAuthenticate: 'Bearer', body: '{"detail":"Not authenticated"}' };
const RFC6750_REALM = 'Bearer realm="bearer-conformance"';

function tokenResponse(token: string): Expected {
  return { status: 200, body: JSON.stringify({ token }) };
}

/** Ground truth §4: current FastAPI strips the token with Python's str.strip(). */
const STRIPPED_BY_FASTAPI: Record<string, string> = {
  'Bearer  abc (2 spaces)': 'abc',
  'Bearer \\tabc (space+tab)': 'abc',
  'Bearer \\x1f': '',
  'Bearer \\x85abc': 'abc',
  'Bearer \\xa0abc': 'abc',
};

type Outcome = 'refused' | 401 | 'invalid_request' | { token: string };

/** [documented, rfc6750] for every header row; the strict parser refuses CTLs and obs-fold. */
const STRICT_MODES: Record<string, [Outcome, Outcome]> = {
  'no header': [401, 401],
  'empty value': [401, 401],
  'empty value, no space after colon': [401, 401],
  'only spaces': [401, 401],
  Bearer: [401, 401],
  'Bearer + trailing space': [401, 401],
  'Bearer + 3 trailing spaces': [401, 401],
  'Bearer abc': [{ token: 'abc' }, { token: 'abc' }],
  'bearer abc': [{ token: 'abc' }, { token: 'abc' }],
  'BEARER abc': [{ token: 'abc' }, { token: 'abc' }],
  'BeArEr abc': [{ token: 'abc' }, { token: 'abc' }],
  'Bearer  abc (2 spaces)': [{ token: 'abc' }, { token: 'abc' }],
  'Bearer\\tabc (tab)': [401, 'invalid_request'],
  'Bearer \\tabc (space+tab)': [{ token: '\tabc' }, 'invalid_request'],
  "'  Bearer abc  ' leading/trailing spaces": [{ token: 'abc' }, { token: 'abc' }],
  "'\\tBearer abc\\t' leading/trailing tabs": [{ token: 'abc' }, { token: 'abc' }],
  "no space after colon 'Authorization:Bearer abc'": [{ token: 'abc' }, { token: 'abc' }],
  'Bearer abc def': [{ token: 'abc def' }, 'invalid_request'],
  'Bearer abc  def (inner 2 spaces)': [{ token: 'abc  def' }, 'invalid_request'],
  'Bearer abc==': [{ token: 'abc==' }, { token: 'abc==' }],
  'Bearer a.b.c': [{ token: 'a.b.c' }, { token: 'a.b.c' }],
  'Bearer ab\\xe9c (non-ASCII 0xE9)': [{ token: 'ab\xe9c' }, 'invalid_request'],
  'Bearer UTF-8 e-acute (0xC3 0xA9)': [{ token: 'ab\xc3\xa9c' }, 'invalid_request'],
  'Bearer <8192 x>': [{ token: 'x'.repeat(8192) }, { token: 'x'.repeat(8192) }],
  'Bearer <65536 x>': [{ token: 'x'.repeat(65536) }, { token: 'x'.repeat(65536) }],
  'Basic abc': [401, 401],
  'Token abc': [401, 401],
  Bearerabc: [401, 401],
  'Bear abc': [401, 401],
  'Digest abc': [401, 401],
  "' Bearer' only (leading space)": [401, 401],
  'two lines: Bearer abc then Basic xyz': [{ token: 'abc' }, 'invalid_request'],
  'two lines: Basic xyz then Bearer abc': [401, 'invalid_request'],
  'two lines: Bearer abc then Bearer xyz': [{ token: 'abc' }, 'invalid_request'],
  'two lines: empty then Bearer abc': [401, 'invalid_request'],
  "comma-joined single line 'Bearer abc, Basic xyz'": [{ token: 'abc, Basic xyz' }, 'invalid_request'],
  "obs-fold: 'Bearer' CRLF ' abc'": ['refused', 'refused'],
  "obs-fold: 'Bearer abc' CRLF '\\tdef'": ['refused', 'refused'],
  "obs-fold: empty value CRLF ' Bearer abc'": ['refused', 'refused'],
  "lower-case name 'authorization:'": [{ token: 'abc' }, { token: 'abc' }],
  "upper-case name 'AUTHORIZATION:'": [{ token: 'abc' }, { token: 'abc' }],
  "space before colon 'Authorization : Bearer abc'": ['refused', 'refused'],
  'Bearer\\x00abc (NUL)': ['refused', 'refused'],
  'Bearer a\\x00bc (NUL in token)': ['refused', 'refused'],
  'Bearer a\\x01bc (SOH)': ['refused', 'refused'],
  'Bearer a\\x1fbc (US)': ['refused', 'refused'],
  'Bearer a\\x7fbc (DEL)': ['refused', 'refused'],
  'Bearer a\\x0bbc (VT)': ['refused', 'refused'],
  'Bearer a\\x0cbc (FF)': ['refused', 'refused'],
  'Bearer a\\rbc (bare CR)': ['refused', 'refused'],
  'Bearer\\x01abc (SOH as separator)': ['refused', 'refused'],
  'Bearer\\xa0abc (NBSP byte as separator)': [401, 401],
  'Bearer \\x1f': ['refused', 'refused'],
  'Bearer \\x85abc': [{ token: '\x85abc' }, 'invalid_request'],
  'Bearer \\xa0abc': [{ token: '\xa0abc' }, 'invalid_request'],
};

function strictExpectation(mode: 'documented' | 'rfc6750', outcome: Outcome): Expected {
  if (outcome === 'refused') return REFUSED;
  if (typeof outcome === 'object') return tokenResponse(outcome.token);
  if (mode === 'documented') return NOT_AUTHENTICATED;
  if (outcome === 401) return { ...NOT_AUTHENTICATED, wwwAuthenticate: RFC6750_REALM };
  return { status: 400 };
}

async function compareRows(t: TestContext, mode: Mode, rows: Probe[], expect: (p: Probe, port: number) => Expected): Promise<void> {
  const server = await startReferenceServer({ port: 0, mode, quiet: true });
  try {
    for (const p of rows) {
      await t.test(p.case, async () => {
        const res = await rawRequest(server.port, { method: p.method, path: p.path, lines: linesOf(p) });
        assertMatches(res, expect(p, server.port));
      });
    }
  } finally {
    await server.close();
  }
}

test('every row is covered: 52 header rows, 3 from the table only, the route rows, and 3 not compared', () => {
  assert.equal(headerRows.length, 55);
  assert.equal(routeRows.length, 70 - 52 - 3);
  for (const p of headerRows) assert.ok(p.case in STRICT_MODES, p.case);
});

test('fastapi@0.92: every header row as FastAPI 0.92 on uvicorn/h11 answered it', async (t) => {
  await compareRows(t, 'fastapi@0.92', headerRows, expectedFromProbe);
});

test('fastapi@0.92: the routing rows (405, 307 before auth, 404) as FastAPI answered them', async (t) => {
  await compareRows(t, 'fastapi@0.92', routeRows, expectedFromProbe);
});

test('fastapi: as 0.92 except the tokens that str.strip() changes (ground truth §4)', async (t) => {
  const rows = [...headerRows, { ...TABLE_ONLY[0]!, case: 'Bearer abc\\x1c', authorization_lines: ['Authorization: Bearer abc\x1c'] }];
  const stripped: Record<string, string> = { ...STRIPPED_BY_FASTAPI, 'Bearer abc\\x1c': 'abc' };
  await compareRows(t, 'fastapi', rows, (p, port) => (p.case in stripped ? tokenResponse(stripped[p.case]!) : expectedFromProbe(p, port)));
});

test('fastapi: the routing rows as FastAPI answered them', async (t) => {
  await compareRows(t, 'fastapi', routeRows, expectedFromProbe);
});

test('documented: every header row as the docs promise (empty token 401, 1*SP, first line wins)', async (t) => {
  await compareRows(t, 'documented', headerRows, (p) => strictExpectation('documented', STRICT_MODES[p.case]![0]));
});

test('rfc6750: every header row per RFC 6750 (b64token, 400 invalid_request, realm)', async (t) => {
  const server = await startReferenceServer({ port: 0, mode: 'rfc6750', quiet: true });
  try {
    for (const p of headerRows) {
      await t.test(p.case, async () => {
        const outcome = STRICT_MODES[p.case]![1];
        const res = await rawRequest(server.port, { lines: linesOf(p) });
        if (outcome !== 'invalid_request') return assertMatches(res, strictExpectation('rfc6750', outcome));
        assert.equal(res.status, 400);
        assert.match(header(res, 'www-authenticate') ?? '', /^Bearer realm="bearer-conformance", error="invalid_request", error_description="[\x20\x21\x23-\x5b\x5d-\x7e]+"$/);
        assert.equal((JSON.parse(bodyText(res)) as { error: string }).error, 'invalid_request');
        assert.equal(header(res, 'content-type'), 'application/json');
      });
    }
  } finally {
    await server.close();
  }
});

test('documented and rfc6750: the routing rows as FastAPI answered them', async (t) => {
  await compareRows(t, 'documented', routeRows, expectedFromProbe);
  await compareRows(t, 'rfc6750', routeRows, expectedFromProbe);
});

/**
 * Where the answers after the first one differ. The first answer is the one a client (and the fuzz
 * suite) reads for the request; these later ones only answer bytes the parser took for another request.
 */
const LATER_ANSWERS_DIFFER: Record<string, string> = {
  'bare LF then CR': 'llhttp ends the head at LF CR, so the handler answers 400 as h11 does, and then llhttp refuses the leftover bytes with a second 400',
  'bare CR at the start of another field line': 'llhttp ends the head at CRLF CR; the handler answers 400 as h11 does, then llhttp refuses the leftover bytes',
  "bare LF then CR inside another field's value": 'llhttp ends the head at LF CR; the handler answers 400 as h11 does, then llhttp refuses the leftover bytes',
};

/** The first answer must be FastAPI's; the leftover bytes after an early end of the head get h11's 400s. */
async function compareConnections(t: TestContext, mode: Mode, rows: Probe[]): Promise<void> {
  const server = await startReferenceServer({ port: 0, mode, quiet: true });
  try {
    for (const p of rows) {
      await t.test(p.case, async () => {
        const { responses } = await sendBytes(server.port, requestBytes(server.port, { lines: linesOf(p) }), ['GET']);
        assertMatches(responses[0]!, expectedFromProbe(p, server.port));
        const later = (p.then_on_the_same_connection ?? []).map((line) => Number(line.split(' ')[1]));
        if (p.case in LATER_ANSWERS_DIFFER) assert.ok(responses.slice(1).every((r) => r.status === 400));
        else assert.deepEqual(responses.slice(1).map((r) => r.status), later);
      });
    }
  } finally {
    await server.close();
  }
}

test('fastapi@0.92 and fastapi: bare CR and bare LF in field lines as uvicorn/h11 answered them', async (t) => {
  assert.equal(bareCrLfProbes.length, 37);
  await compareConnections(t, 'fastapi@0.92', bareCrLfProbes);
  await compareConnections(t, 'fastapi', bareCrLfProbes);
});
