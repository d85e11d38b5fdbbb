// Issue 17 part 4: FastAPI's HTTPBearer (`type: http, scheme: bearer`) judged as the profile's
// release documents it. The vectors are the probes measured on Debian's FastAPI 0.92
// (reference-server/fastapi-0.92-http-bearer-probes.json): every recorded answer conforms under
// fastapi@0.92 for an HTTPBearer endpoint, and its 403s do not under `documented` (401 promised).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { predict } from '../suites/model/index.ts';
import { resolveScheme } from '../suites/model/profiles.ts';
import { judge } from '../suites/checks/outcome.ts';
import type { Observation, SchemeKind } from '../suites/model/types.ts';

interface Probe { case: string; authorization_lines: string[]; status_line: string; response_headers: string[]; body: string }

const PROBES = (JSON.parse(readFileSync(new URL('../reference-server/fastapi-0.92-http-bearer-probes.json', import.meta.url), 'utf8')) as { probes: Probe[] }).probes;

function observation(p: Probe): Observation {
  const headers: Record<string, string[]> = {};
  for (const h of p.response_headers) {
    const [name, ...rest] = h.split(':');
    (headers[name!.toLowerCase()] ??= []).push(rest.join(':').trim());
  }
  return { status: Number(p.status_line.split(' ')[1]), headers, body: Buffer.from(p.body, 'latin1'), echoedToken: p.status_line.includes(' 200 ') ? (JSON.parse(p.body) as { token: string }).token : undefined };
}

function conforms(profile: Parameters<typeof predict>[0], scheme: SchemeKind, p: Probe): boolean {
  return judge(predict(profile, { lines: p.authorization_lines }, scheme), observation(p), { echo: true }).conforms;
}

test('the measured 0.92 HTTPBearer conforms to fastapi@0.92 for an HTTPBearer endpoint, every probe', () => {
  assert.ok(PROBES.some((p) => p.status_line.includes(' 403 ')));
  for (const p of PROBES) assert.ok(conforms('fastapi@0.92', 'http-bearer-403', p), p.case);
});

test('its 403s break `documented` (401 promised) and fastapi from 0.122.0 on (401 + Bearer), and OAuth2PasswordBearer judging', () => {
  const refused = PROBES.filter((p) => p.status_line.includes(' 403 '));
  for (const p of refused) {
    assert.equal(conforms('documented', 'http-bearer', p), false, p.case);
    assert.equal(conforms('fastapi@0.92', 'http-bearer', p), false, p.case);
    assert.equal(conforms('fastapi@0.92', 'oauth2', p), false, p.case);
  }
});

test('HTTPBearer from 0.122.0 on: refusals are 401 with exactly a Bearer challenge; empty credentials are refused', () => {
  for (const lines of [[], ['Authorization: Bearer'], ['Authorization: Bearer '], ['Authorization: Basic dXNlcjpwYXNz']]) {
    assert.deepEqual(predict('fastapi', { lines }, 'http-bearer').acceptable, [{ kind: 'challenged', error: 'absent' }], lines.join());
  }
  assert.deepEqual(predict('fastapi', { lines: ['Authorization: Bearer  abc'] }, 'http-bearer').acceptable, [{ kind: 'authorized', token: 'abc' }]);
  // OAuth2PasswordBearer, by contrast, lets an empty token through
  assert.deepEqual(predict('fastapi', { lines: ['Authorization: Bearer '] }).acceptable, [{ kind: 'authorized', token: '' }]);
});

test('the profile name dates the scheme: 403s before FastAPI 0.122.0 only', () => {
  const table: [string, 'oauth2' | 'http-bearer', SchemeKind][] = [
    ['fastapi@0.92', 'http-bearer', 'http-bearer-403'],
    ['fastapi@0.121.9', 'http-bearer', 'http-bearer-403'],
    ['fastapi@0.122.0', 'http-bearer', 'http-bearer'],
    ['fastapi@0.128.1', 'http-bearer', 'http-bearer'],
    ['fastapi', 'http-bearer', 'http-bearer'],
    ['documented', 'http-bearer', 'http-bearer'],
    ['rfc6750', 'http-bearer', 'http-bearer'],
    ['fastapi@0.92', 'oauth2', 'oauth2'],
  ];
  for (const [name, declared, expected] of table) assert.equal(resolveScheme(name, declared), expected, name);
});
