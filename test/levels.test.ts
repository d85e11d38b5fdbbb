// Which clause a nonconforming answer breaks, on composite requests: a stronger HTTP-layer clause
// (OWS trimming, obs-fold, NUL) decides the prediction, a weaker application clause (multiple SP,
// non-b64token, duplicates, missing SP) is waived, and a deviation confined to the weaker clause
// is a finding at its level — under every profile. Real MUST deviations stay MUST.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge } from '../suites/checks/outcome.ts';
import { forValidToken } from '../suites/checks/token-mode.ts';
import { predict } from '../suites/model/index.ts';
import { readingsOf } from '../suites/model/waivers.ts';
import { LEVELS, levelStrength } from '../suites/model/types.ts';
import type { Observation, Prediction, ProfileName } from '../suites/model/types.ts';
import { renderHtml } from '../suites/reporters/html.ts';
import { fixtureReport } from './helpers/report-fixture.ts';

function ok(token: string): Observation {
  return { status: 200, headers: { 'content-type': ['application/json'] }, body: Buffer.from(JSON.stringify({ token })), echoedToken: token };
}
const CHALLENGE: Observation = { status: 401, headers: { 'www-authenticate': ['Bearer'] }, body: Buffer.from('{"detail":"Not authenticated"}') };
const SERVER_ERROR: Observation = { status: 500, headers: {}, body: Buffer.alloc(0) };

/** `conforms`, or the finding's "id LEVEL". */
function verdict(p: Prediction, o: Observation): string {
  const j = judge(p, o, { echo: true });
  return j.conforms ? 'conforms' : `${j.finding!.id} ${j.finding!.level}`;
}

function on(profile: ProfileName, lines: string[]): Prediction {
  return predict(profile, { lines });
}

// Each row: request lines, then per profile the response and the verdict it must get.
const ROWS: { name: string; lines: string[]; cases: [ProfileName, Observation, string][] }[] = [
  {
    name: 'OWS to trim + two SP (http.ows-trim over bearer.multiple-sp)',
    lines: ['Authorization: Bearer  abc '],
    cases: [
      ['documented', ok(' abc'), 'bearer.multiple-sp SHOULD'],
      ['documented', ok('  abc'), 'bearer.multiple-sp SHOULD'],
      ['documented', CHALLENGE, 'bearer.multiple-sp SHOULD'],
      ['documented', ok('abc'), 'conforms'],
      ['documented', ok(' abc '), 'http.ows-trim MUST'],
      ['documented', ok('abc '), 'http.ows-trim MUST'],
      ['fastapi', ok(' abc'), 'http.ows-trim MUST'],
      ['fastapi@0.92', ok('abc'), 'http.ows-trim MUST'],
      ['fastapi@0.92', ok(' abc'), 'conforms'],
      ['rfc6750', ok(' abc'), 'http.ows-trim MUST'],
    ],
  },
  {
    name: 'the issue\'s counterexample with trailing OWS: `bearer  !a ` (non-b64token)',
    lines: ['Authorization: bearer  !a '],
    cases: [
      ['documented', ok(' !a'), 'bearer.non-b64token INFO'],
      ['documented', ok(' !a '), 'http.ows-trim MUST'],
      ['rfc6750', ok('!a'), 'bearer.non-b64token SHOULD'],
      ['rfc6750', ok(' !a'), 'bearer.non-b64token SHOULD'],
      ['rfc6750', ok('!a '), 'http.ows-trim MUST'],
      ['fastapi', ok(' !a'), 'http.ows-trim MUST'],
    ],
  },
  {
    name: 'obs-fold in another field + two SP (http.obs-fold over bearer.multiple-sp)',
    lines: ['Authorization: Bearer  abc', 'X-Other: a', ' b'],
    cases: [
      ['documented', ok(' abc'), 'bearer.multiple-sp SHOULD'],
      ['documented', ok('abc'), 'conforms'],
      ['documented', ok('xyz'), 'http.obs-fold MUST'],
      ['fastapi', ok(' abc'), 'http.obs-fold MUST'],
      ['fastapi@0.92', ok('abc'), 'http.obs-fold MUST'],
      ['rfc6750', ok(' abc'), 'http.obs-fold MUST'],
    ],
  },
  {
    name: 'obs-fold inside the credentials + two SP',
    lines: ['Authorization: Bearer  abc', ' def'],
    cases: [
      ['documented', ok(' abc def'), 'bearer.non-b64token INFO'],
      ['documented', ok('abc\r\n def'), 'http.obs-fold MUST'],
      ['rfc6750', ok('abc def'), 'bearer.non-b64token SHOULD'],
    ],
  },
  {
    name: 'NUL + two SP (http.nul-cr-lf over bearer.non-b64token)',
    lines: ['Authorization: Bearer  a\x00b'],
    cases: [
      ['documented', ok(' a b'), 'bearer.non-b64token INFO'],
      ['documented', ok(' a\x00b'), 'http.nul-cr-lf MUST'],
      ['rfc6750', ok('a b'), 'bearer.non-b64token SHOULD'],
    ],
  },
  {
    name: 'duplicates, the first with OWS to trim (http.ows-trim over http.duplicate)',
    lines: ['Authorization: Bearer abc ', 'Authorization: Bearer def'],
    cases: [
      ['documented', ok('def'), 'http.duplicate INFO'],
      ['documented', ok('abc'), 'conforms'],
      ['documented', ok('abc '), 'http.ows-trim MUST'],
      ['documented', ok('xyz'), 'http.ows-trim MUST'],
      ['rfc6750', ok('abc'), 'http.duplicate SHOULD'],
      ['rfc6750', ok('def'), 'http.duplicate SHOULD'],
      ['fastapi', ok('def'), 'http.ows-trim MUST'],
      ['fastapi@0.92', ok('def'), 'http.ows-trim MUST'],
    ],
  },
  {
    name: 'HTAB instead of SP + OWS to trim (http.ows-trim over bearer.missing-sp)',
    lines: ['Authorization: Bearer\tabc '],
    cases: [
      ['documented', ok('abc'), 'bearer.missing-sp SHOULD'],
      ['documented', ok('\tabc'), 'bearer.missing-sp SHOULD'],
      ['documented', ok('abc '), 'http.ows-trim MUST'],
      ['rfc6750', ok('abc'), 'bearer.missing-sp SHOULD'],
      ['fastapi', ok('abc'), 'http.ows-trim MUST'],
    ],
  },
  {
    name: 'canonical + OWS to trim: nothing weaker to waive',
    lines: ['Authorization: Bearer abc '],
    cases: [
      ['documented', ok('abd'), 'http.ows-trim MUST'],
      ['documented', CHALLENGE, 'http.ows-trim MUST'],
      ['rfc6750', ok(' abc'), 'http.ows-trim MUST'],
    ],
  },
  {
    name: 'no Authorization header + obs-fold elsewhere: a 200 stays MUST',
    lines: ['X-Other: a', ' b'],
    cases: [
      ['documented', ok(''), 'http.obs-fold MUST'],
      ['fastapi', ok(''), 'http.obs-fold MUST'],
      ['rfc6750', ok(''), 'http.obs-fold MUST'],
    ],
  },
];

for (const row of ROWS) {
  test(`findings on ${row.name}`, () => {
    for (const [profile, o, expected] of row.cases) {
      assert.equal(verdict(on(profile, row.lines), o), expected, `${profile}: ${o.status} ${o.echoedToken ?? ''}`);
    }
  });
}

test('a 5xx is never excused by a waiver', () => {
  assert.equal(verdict(on('documented', ['Authorization: Bearer  abc ']), SERVER_ERROR), 'http.ows-trim MUST');
});

test('without the echo oracle, any 2xx is judged by status alone', () => {
  const p = on('documented', ['Authorization: Bearer  abc ']);
  assert.equal(judge(p, { ...ok(' abc'), echoedToken: undefined }, { echo: false }).conforms, true);
});

test('a waiver only where the deciding HTTP clause is stronger than the application clause', () => {
  assert.equal(on('documented', ['Authorization: Bearer  abc']).waivers, undefined, 'no HTTP clause');
  assert.equal(on('documented', ['Authorization: Bearer abc ']).waivers, undefined, 'canonical is MUST');
  assert.equal(on('documented', ['Authorization: Bearer a\x01b']).waivers, undefined, 'http.ctl INFO, non-b64token INFO: a tie');
  assert.equal(on('documented', ['Authorization : Bearer  abc']).waivers, undefined, 'must be refused: nothing reaches the application');
  for (const profile of ['fastapi', 'fastapi@0.92'] as const) assert.equal(on(profile, ['Authorization: Bearer  abc ']).waivers, undefined, profile);
  assert.deepEqual(on('documented', ['Authorization: Bearer  abc ']).waivers!.map((w) => [w.requirement.id, w.requirement.level]), [['bearer.multiple-sp', 'SHOULD']]);
});

test('valid-token mode: a refusal of a waived request is a finding at the waived level', () => {
  const p = forValidToken(on('documented', ['Authorization: Bearer  abc ']), 'abc');
  assert.equal(verdict(p, CHALLENGE), 'bearer.multiple-sp SHOULD');
  assert.equal(verdict(p, ok('abc')), 'conforms');
  assert.equal(verdict(p, ok('abc ')), 'http.ows-trim MUST');
});

test('readings: bounded whatever the value, never empty, never with trailing OWS the HTTP layer trimmed', () => {
  assert.deepEqual(readingsOf('Bearer  abc').sort(), ['  abc', ' abc', 'abc'].sort());
  assert.deepEqual(readingsOf('Basic  abc'), []);
  assert.deepEqual(readingsOf('Bearer'), []);
  assert.ok(readingsOf('Bearer \x1fa\x1f').includes('a'));
  const long = readingsOf(`Bearer ${' '.repeat(65536)}${'x'.repeat(65536)}`);
  assert.ok(long.length <= 10 && long.includes('x'.repeat(65536)));
});

test('one order of levels (model/types.ts): MUST outranks SHOULD outranks INFO; the sweep, the replay and index.html rank by it', () => {
  assert.deepEqual(LEVELS, ['MUST', 'SHOULD', 'INFO']);
  assert.ok(levelStrength('MUST') > levelStrength('SHOULD') && levelStrength('SHOULD') > levelStrength('INFO'));
  const html = renderHtml(fixtureReport([]));
  const boxes = [...html.matchAll(/name="level" value="(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(boxes, [...LEVELS], 'the level filter lists levels strongest first');
});
