// The model is trusted to judge targets only after it agrees with every vector (suites/model/vectors),
// keeps its clauses complete and sourced, and behaves as each rule says on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { lacksCredentials, predict } from '../suites/model/index.ts';
import { PROFILES, UnknownProfileError, resolveProfile } from '../suites/model/profiles.ts';
import { readHead } from '../suites/model/http-layer.ts';
import { shapeOf } from '../suites/model/credentials.ts';
import { isB64token, pythonStrip, showBytes } from '../suites/model/grammar.ts';
import { MODEL_REQUIREMENTS, RULE_IDS } from '../suites/model/requirements/index.ts';
import { judge } from '../suites/checks/outcome.ts';
import { ROOT } from './helpers/root.ts';
import { sourceProblem } from './helpers/sources.ts';
import { LEVELS } from '../suites/model/types.ts';
import type { Observation, ProfileName, RawRequest, Source } from '../suites/model/types.ts';

const VECTOR_DIR = path.join(ROOT, 'suites', 'model', 'vectors');

interface CompactObs { status: number; token?: string; www_authenticate?: string; body?: string }
interface Vector {
  name: string;
  source: Source;
  raw: RawRequest;
  expected?: Partial<Record<ProfileName, CompactObs>>;
  must_fail?: Partial<Record<ProfileName, CompactObs[]>>;
}

const files = readdirSync(VECTOR_DIR).filter((f) => f.endsWith('.json')).sort();
const vectorsByFile = new Map<string, Vector[]>(files.map((f) => [f, (JSON.parse(readFileSync(path.join(VECTOR_DIR, f), 'utf8')) as { vectors: Vector[] }).vectors]));
const vectors = [...vectorsByFile.values()].flat();

function observation(o: CompactObs): Observation {
  return {
    status: o.status,
    headers: o.www_authenticate === undefined ? {} : { 'www-authenticate': [o.www_authenticate] },
    body: Buffer.from(o.body ?? '', 'latin1'),
    echoedToken: o.token,
  };
}

function conforms(profile: ProfileName, raw: RawRequest, o: CompactObs) {
  return judge(predict(profile, raw), observation(o), { echo: o.token !== undefined });
}

function label(v: Vector): string {
  return `${v.name} [${v.raw.lines.map((l) => showBytes(l.slice(0, 60))).join(' | ')}]`;
}

// ---- vectors -------------------------------------------------------------------------------------

test('the vector files: one per source, 120+ vectors, unique names, every profile covered', () => {
  assert.deepEqual(files, ['documented.json', 'fastapi-0.92-bare-cr-lf.json', 'fastapi-0.92-fuzz.json', 'fastapi-0.92.json', 'fastapi-head.json', 'rfc6750.json']);
  assert.ok(vectors.length >= 120, `${vectors.length} vectors`);
  const names = vectors.map((v) => v.name);
  assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
  for (const v of vectors) {
    assert.ok(v.source.ref && v.source.quote, `${v.name}: source`);
    assert.ok(v.expected || v.must_fail, `${v.name}: neither expected nor must_fail`);
    for (const p of [...Object.keys(v.expected ?? {}), ...Object.keys(v.must_fail ?? {})]) assert.ok(PROFILES.includes(p as ProfileName), `${v.name}: profile ${p}`);
    for (const line of v.raw.lines) assert.ok([...line].every((c) => c.charCodeAt(0) <= 0xff), `${v.name}: not latin-1`);
  }
  for (const p of PROFILES) assert.ok(vectors.filter((v) => v.expected?.[p]).length >= 40, p);
});

test('every Authorization row of the ground truth (#1-#52c) is a vector, under both FastAPI profiles', () => {
  const rows = vectorsByFile.get('fastapi-0.92.json')!.map((v) => /^FastAPI as measured §1 #(\w+) \(docs\/sources\/fastapi-measured\.md#ground-truth-1\)$/.exec(v.source.ref)?.[1]);
  const wanted = [...Array.from({ length: 52 }, (_, i) => String(i + 1)), '52a', '52b', '52c'];
  assert.deepEqual(rows, wanted);
  for (const v of vectorsByFile.get('fastapi-0.92.json')!) assert.ok(v.expected?.['fastapi@0.92'] && (v.expected.fastapi || v.must_fail?.fastapi), v.name);
});

for (const [file, list] of vectorsByFile) {
  test(`${file}: every expected response conforms and every must_fail response does not`, () => {
    const wrong: string[] = [];
    for (const v of list) {
      for (const [p, o] of Object.entries(v.expected ?? {}) as [ProfileName, CompactObs][]) {
        const j = conforms(p, v.raw, o);
        if (!j.conforms) wrong.push(`${label(v)} under ${p}: expected ${j.expected.join(' or ')}; the vector's ${j.actual} was judged wrong`);
      }
      for (const [p, list] of Object.entries(v.must_fail ?? {}) as [ProfileName, CompactObs[]][]) {
        for (const o of list) {
          const j = conforms(p, v.raw, o);
          if (j.conforms) wrong.push(`${label(v)} under ${p}: must fail, but ${j.actual} matched ${JSON.stringify(j.matched)}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });
}

// A server of profile M answers as expected[M]. Where profile P lists a must_fail response with the
// same status (and token), that answer must fail P too, or the vectors contradict each other.
test('cross-profile disagreements are real: what one profile expects, the others fail when they say so', () => {
  const wrong: string[] = [];
  let checked = 0;
  for (const v of vectors) {
    for (const [m, own] of Object.entries(v.expected ?? {}) as [ProfileName, CompactObs][]) {
      for (const [p, list] of Object.entries(v.must_fail ?? {}) as [ProfileName, CompactObs[]][]) {
        if (p === m || !list.some((o) => o.status === own.status && (o.token === undefined || o.token === own.token))) continue;
        checked++;
        if (conforms(p, v.raw, own).conforms) wrong.push(`${label(v)}: ${m}'s expected response conforms under ${p}`);
      }
    }
  }
  assert.ok(checked >= 30, `${checked} disagreements`);
  assert.deepEqual(wrong, []);
});

test('the profiles disagree on `Bearer`, `Bearer  abc`, `Bearer \\tabc` and duplicates, as DESIGN.md §3 says', () => {
  const bearer = { lines: ['Authorization: Bearer'] };
  assert.equal(conforms('documented', bearer, { status: 200, token: '' }).conforms, false);
  assert.equal(conforms('fastapi', bearer, { status: 200, token: '' }).conforms, true);
  const twoSp = { lines: ['Authorization: Bearer  abc'] };
  assert.equal(conforms('fastapi@0.92', twoSp, { status: 200, token: ' abc' }).conforms, true);
  for (const p of ['fastapi', 'documented', 'rfc6750'] as const) assert.equal(conforms(p, twoSp, { status: 200, token: ' abc' }).conforms, false, p);
  const spTab = { lines: ['Authorization: Bearer \tabc'] };
  assert.equal(conforms('fastapi', spTab, { status: 200, token: 'abc' }).conforms, true);
  assert.equal(conforms('fastapi@0.92', spTab, { status: 200, token: '\tabc' }).conforms, true);
  assert.equal(predict('documented', spTab).requirement.level, 'INFO');
  const dup = { lines: ['Authorization: Bearer first', 'Authorization: Bearer second'] };
  assert.equal(conforms('rfc6750', dup, { status: 400 }).conforms, true);
  assert.equal(conforms('fastapi', dup, { status: 400 }).conforms, false);
  for (const p of PROFILES) assert.equal(conforms(p, dup, { status: 200, token: 'second' }).conforms, false, p);
});

// ---- the clauses ---------------------------------------------------------------------------------

/** Every clause of the model with the id it speaks for, whichever profiles share it. */
const CLAUSES = MODEL_REQUIREMENTS.flatMap((r) => Object.values(r.profiles).map((c) => [r.id, c!] as const));

test('clauses: exactly one per (situation, profile), valid levels, ids used by the model', () => {
  for (const id of RULE_IDS) {
    for (const p of PROFILES) {
      const n = MODEL_REQUIREMENTS.filter((r) => r.id === id && r.profiles[p]).length;
      assert.equal(n, 1, `${id} under ${p}: ${n} clauses`);
    }
  }
  assert.deepEqual(MODEL_REQUIREMENTS.filter((r) => !RULE_IDS.includes(r.id)).map((r) => r.id), []);
  for (const [id, c] of CLAUSES) {
    assert.ok((LEVELS as readonly string[]).includes(c.level), id);
    assert.ok(c.source.ref && c.source.quote && c.why, id);
    assert.ok(c.source.quote.length <= 300, `${id}: quote too long`);
  }
});

test('clauses: levels per profile, where the profiles differ', () => {
  const level = (id: string, p: ProfileName) => MODEL_REQUIREMENTS.find((r) => r.id === id && r.profiles[p])!.profiles[p]!.level;
  assert.equal(level('bearer.empty-token', 'documented'), 'MUST');
  assert.equal(level('bearer.multiple-sp', 'documented'), 'SHOULD');
  assert.equal(level('bearer.multiple-sp', 'rfc6750'), 'MUST');
  assert.equal(level('bearer.non-b64token', 'documented'), 'INFO');
  assert.equal(level('bearer.non-b64token', 'fastapi'), 'MUST');
  assert.equal(level('bearer.non-b64token', 'rfc6750'), 'SHOULD');
  assert.equal(level('http.duplicate', 'documented'), 'INFO');
  assert.equal(level('http.duplicate', 'fastapi@0.92'), 'MUST');
});

test('every quote (clauses and vectors) is verbatim in the in-repo file its ref names', () => {
  const sources = [...CLAUSES.map(([id, c]) => [id, c.source] as const), ...vectors.map((v) => [v.name, v.source] as const)];
  const problems = sources.flatMap(([id, s]) => { const p = sourceProblem(s); return p ? [`${id}: ${p}`] : []; });
  assert.deepEqual(problems, []);
});

// ---- predict as a function -----------------------------------------------------------------------

const SAMPLE: RawRequest[] = [
  ...vectors.map((v) => v.raw),
  { lines: ['Authorization: Bearer abc', ' def', 'Authorization : x'] },
  { lines: ['no colon here', 'Authorization: Bearer abc'] },
  { lines: [' orphan continuation', 'Authorization: Bearer abc'] },
  { lines: ['Authorization: \x00\x01\r\n\x0b\x85'] },
  { lines: [], query: 'access_token=' },
];

test('predict is deterministic, never returns an empty set, and names a known requirement', () => {
  for (const p of PROFILES) {
    for (const raw of SAMPLE) {
      const a = predict(p, raw);
      assert.deepEqual(predict(p, structuredClone(raw)), a);
      assert.ok(a.acceptable.length > 0, `${p}: ${JSON.stringify(raw)}`);
      assert.ok((RULE_IDS as readonly string[]).includes(a.requirement.id));
      assert.equal(a.profile, p);
      assert.ok(a.rationale.length > 0 && !a.rationale.includes('\n'));
    }
  }
});

/** [lines, profile, deciding id, level, acceptable outcomes as `kind[:token|error]`] */
const DECIDES: [string[], ProfileName, string, string, string[]][] = [
  [[], 'documented', 'bearer.no-header', 'MUST', ['challenged:any']],
  [[], 'rfc6750', 'bearer.no-header', 'MUST', ['challenged:absent']],
  [['Authorization: '], 'fastapi', 'bearer.empty-value', 'MUST', ['challenged:absent']],
  [['Authorization: Basic x'], 'documented', 'bearer.other-scheme', 'MUST', ['challenged:any']],
  [['Authorization: Bearer'], 'documented', 'bearer.empty-token', 'MUST', ['challenged:any']],
  [['Authorization: Bearer'], 'fastapi@0.92', 'bearer.empty-token', 'MUST', ['authorized:']],
  [['Authorization: Bearer\tabc'], 'documented', 'bearer.missing-sp', 'SHOULD', ['challenged:any', 'invalid-request']],
  [['Authorization: Bearer abc'], 'rfc6750', 'bearer.canonical', 'MUST', ['authorized:abc']],
  [['Authorization: bEARER abc'], 'documented', 'bearer.scheme-case', 'MUST', ['authorized:abc']],
  [['Authorization: Bearer   abc'], 'documented', 'bearer.multiple-sp', 'SHOULD', ['authorized:abc']],
  [['Authorization: Bearer   abc'], 'fastapi@0.92', 'bearer.multiple-sp', 'MUST', ['authorized:  abc']],
  [['Authorization: Bearer abc\x85'], 'fastapi', 'bearer.unicode-whitespace', 'MUST', ['authorized:abc']],
  [['Authorization: Bearer abc\x85'], 'rfc6750', 'bearer.unicode-whitespace', 'SHOULD', ['invalid-request', 'challenged:invalid_token']],
  [['Authorization: Bearer\x85abc'], 'rfc6750', 'bearer.missing-sp', 'SHOULD', ['invalid-request', 'challenged:any']],
  [['Authorization: Bearer a b'], 'documented', 'bearer.non-b64token', 'INFO', ['challenged:any', 'invalid-request', 'authorized:a b']],
  [['Authorization: Basic x', 'Authorization: Bearer abc'], 'documented', 'http.duplicate', 'INFO', ['challenged:any', 'invalid-request', 'http-rejected']],
  [['Authorization: Bearer abc', 'Authorization: Basic x'], 'documented', 'http.duplicate', 'INFO', ['challenged:any', 'invalid-request', 'http-rejected', 'authorized:abc']],
  [['Authorization: Bearer abc', 'authorization: Bearer xyz'], 'fastapi', 'http.duplicate', 'MUST', ['authorized:abc']],
  [['Authorization : Bearer abc'], 'fastapi', 'http.space-before-colon', 'MUST', ['http-rejected']],
  // A bare LF is a byte of the value (then SP) or, RFC 9112 §2.2, a line end: `bc` is then a malformed line of its own.
  [['Authorization: Bearer a\nbc'], 'documented', 'http.nul-cr-lf', 'MUST', ['http-rejected', 'challenged:any', 'invalid-request', 'authorized:a bc', 'authorized:a']],
  // Real FastAPI 0.92 (uvicorn/h11) keeps the OWS before the fold: the fuzz suite shrank
  // `Bearer ` + `  aa=` to token " aa=". RFC 9112 §5.2 allows "one or more SP", so both readings pass.
  [['Authorization: Bearer abc  ', '\t def'], 'fastapi', 'http.obs-fold', 'MUST', ['http-rejected', 'authorized:abc def', 'authorized:abc   def']],
  [['Authorization: Bearer ', '  aa='], 'fastapi@0.92', 'http.obs-fold', 'MUST', ['http-rejected', 'authorized:aa=', 'authorized: aa=']],
  [['Authorization:\tBearer abc'], 'rfc6750', 'http.ows-trim', 'MUST', ['authorized:abc']],
  [['Authorization: Bearer a\x7fbc'], 'documented', 'http.ctl', 'INFO', ['http-rejected', 'challenged:any', 'invalid-request', 'authorized:a\x7fbc']],
  [['Authorization: Bearer a\x7fbc'], 'fastapi', 'bearer.non-b64token', 'MUST', ['http-rejected', 'authorized:a\x7fbc']],
  [['Authorization bearer', 'Authorization: Bearer a b'], 'documented', 'http.field-line-syntax', 'INFO', ['http-rejected', 'challenged:any', 'invalid-request', 'authorized:a b']],
  [['Authorization: Bearer ' + 'x'.repeat(8170)], 'rfc6750', 'bearer.canonical', 'MUST', ['authorized:' + 'x'.repeat(8170)]],
  [['Authorization: Bearer ' + 'x'.repeat(8171)], 'rfc6750', 'bearer.canonical', 'MUST', ['http-rejected', 'authorized:' + 'x'.repeat(8171)]],
  [['Authorization: Bearer ' + 'x '.repeat(5000) + 'x'], 'documented', 'http.oversize', 'INFO', ['http-rejected', 'challenged:any', 'invalid-request', 'authorized:' + 'x '.repeat(5000) + 'x']],
];

/** Long tokens as their start and length, so that a failure stays readable. */
function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 30)}…(${s.length} chars)` : s;
}

for (const [lines, profile, id, level, acceptable] of DECIDES) {
  test(`predict(${profile}, ${showBytes(lines.join(' | ')).slice(0, 60)}) is decided by ${id}`, () => {
    const got = predict(profile, { lines });
    assert.equal(got.requirement.id, id);
    assert.equal(got.requirement.level, level);
    const kinds = got.acceptable.map((o) => (o.kind === 'authorized' ? `authorized:${o.token}` : o.kind === 'challenged' ? `challenged:${o.error}` : o.kind));
    assert.deepEqual(kinds.map(short), acceptable.map(short));
  });
}

test('the query method: ignored by every profile except that rfc6750 may support it', () => {
  const raw = { lines: [], query: 'x=1&access_token=abc' };
  for (const p of ['documented', 'fastapi', 'fastapi@0.92'] as const) assert.deepEqual(predict(p, raw).acceptable.map((o) => o.kind), ['challenged'], p);
  assert.deepEqual(predict('rfc6750', raw).acceptable, [{ kind: 'challenged', error: 'absent' }, { kind: 'authorized', token: 'abc' }]);
  assert.equal(predict('documented', { lines: [], query: 'x=1' }).requirement.id, 'bearer.no-header');
});

// ---- the layers, rule by rule --------------------------------------------------------------------

test('HTTP layer: names match in any case, values are trimmed of OWS, obs-text passes', () => {
  assert.deepEqual(readHead(['AUTHORIZATION: a', 'authorization: b', 'X-Other: c']).authorization, ['a', 'b']);
  assert.deepEqual(readHead(['Authorization: \t a b \t ']).authorization, ['a b']);
  assert.deepEqual(readHead(['Authorization: \xe9\xff']), { findings: [], mayReject: false, mustReject: false, authorization: ['\xe9\xff'], alternatives: [] });
  assert.deepEqual(readHead(['Authorization: x']).findings, []);
  assert.deepEqual(readHead(['Authorization:x']).findings, []);
  assert.deepEqual(readHead(['Authorization:  x']).findings, ['http.ows-trim']);
});

test('HTTP layer: obs-fold becomes one SP, as in ground truth rows #37-#39 and §3', () => {
  assert.deepEqual(readHead(['Authorization: Bearer', ' abc']).authorization, ['Bearer abc']);
  assert.deepEqual(readHead(['Authorization: Bearer abc', '\tdef']).authorization, ['Bearer abc def']);
  assert.deepEqual(readHead(['Authorization:', ' Bearer abc']).authorization, ['Bearer abc']);
  assert.deepEqual(readHead(['Authorization: Bearer abc', '\t  def  ']).authorization, ['Bearer abc def']);
  assert.deepEqual(readHead(['Authorization: Bearer ', '  ', ' abc']).authorization, ['Bearer abc']);
  const orphan = readHead([' Bearer abc']);
  assert.deepEqual([orphan.findings, orphan.authorization], [['http.obs-fold'], []]);
});

test('HTTP layer: NUL, CR and LF become SP; other CTLs stay; HTAB is no CTL', () => {
  const nul = readHead(['Authorization: Bearer a\x00b\rc d']);
  assert.deepEqual([nul.findings, nul.authorization, nul.mayReject], [['http.nul-cr-lf'], ['Bearer a b c d'], true]);
  const lf = readHead(['Authorization: Bearer a\nd']);
  assert.deepEqual([lf.findings, lf.authorization, lf.alternatives], [['http.nul-cr-lf', 'http.field-line-syntax'], ['Bearer a d'], [['Bearer a']]]);
  const ctl = readHead(['Authorization: Bearer a\x0b\x0c\x01\x1f\x7fb']);
  assert.deepEqual([ctl.findings, ctl.authorization], [['http.ctl'], ['Bearer a\x0b\x0c\x01\x1f\x7fb']]);
  assert.deepEqual(readHead(['Authorization: Bearer a\tb']).findings, []);
  assert.deepEqual(readHead(['Authorization: Bearer abc\x00']).authorization, ['Bearer abc']);
});

test('HTTP layer: a bare LF may end the line (RFC 9112 §2.2): a fold, a field line, or the end of the head', () => {
  // The case: LF then the transport's CRLF is an empty line, so ` aaa` is not in this request.
  const early = readHead(['Authorization: Bearer aaa\n', ' aaa']);
  assert.deepEqual([early.authorization, early.alternatives, early.mustReject], [['Bearer aaa  aaa'], [['Bearer aaa']], false]);
  assert.deepEqual(readHead(['Authorization: Bearer abc \n def']).alternatives, [['Bearer abc def'], ['Bearer abc  def']]);
  assert.deepEqual(readHead(['Authorization: Bearer abc\nAuthorization: Basic x']).alternatives, [['Bearer abc', 'Basic x']]);
  // CRLF inside a line is a line end in every reading; a bare CR never is.
  assert.deepEqual(readHead(['Authorization: Bearer abc\r\n\r\nX: y']).authorization, ['Bearer abc']);
  const cr = readHead(['Authorization: Bearer abc\r', ' def']);
  assert.deepEqual([cr.authorization, cr.alternatives, cr.findings], [['Bearer abc  def'], [], ['http.nul-cr-lf', 'http.obs-fold']]);
  // Refused only when every reading must refuse: here the head may end before the bad line.
  const cut = readHead(['X-Other: a\n', 'Authorization : b']);
  assert.deepEqual([cut.mustReject, cut.authorization, cut.findings[0]], [false, [], 'http.space-before-colon']);
  assert.equal(readHead(['X-Other: a\nAuthorization : b']).mustReject, false);
  assert.equal(readHead(['X-Other: a', 'Authorization : b\n']).mustReject, true);
});

test('HTTP layer: whitespace before the colon must be refused; a malformed line may be ignored', () => {
  for (const line of ['Authorization : Bearer abc', 'Authorization\t: Bearer abc']) {
    const head = readHead([line]);
    assert.deepEqual([head.findings, head.mustReject, head.authorization], [['http.space-before-colon'], true, []]);
  }
  for (const line of ['Authorization Bearer abc', ': Bearer abc', 'Autho rization: Bearer abc', 'Author\x00ization: x']) {
    const head = readHead([line, 'Authorization: Bearer ok']);
    assert.deepEqual([head.findings, head.mustReject, head.authorization], [['http.field-line-syntax'], false, ['Bearer ok']], line);
  }
});

test('HTTP layer: more than 8192 bytes of lines may be refused', () => {
  assert.deepEqual(readHead(['A: ' + 'x'.repeat(8189)]).findings, []);
  assert.deepEqual(readHead(['A: ' + 'x'.repeat(8190)]).findings, ['http.oversize']);
  assert.deepEqual(readHead(['A: ' + 'x'.repeat(4000), 'B: ' + 'x'.repeat(4190)]).findings, ['http.oversize']);
});

test('credential shapes follow `auth-scheme [ 1*SP ( token68 / #auth-param ) ]`', () => {
  const cases: [string | undefined, string][] = [
    [undefined, 'bearer.no-header'], ['', 'bearer.empty-value'], ['Basic x', 'bearer.other-scheme'],
    ['Bearerabc', 'bearer.other-scheme'], ['Bear:er abc', 'bearer.other-scheme'], ['"Bearer" abc', 'bearer.other-scheme'],
    ['Bearer', 'bearer.empty-token'], ['bearer', 'bearer.empty-token'], ['Bearer\tabc', 'bearer.missing-sp'],
    ['Bearer,abc', 'bearer.missing-sp'], ['Bearer\xa0abc', 'bearer.missing-sp'], ['Bearer abc', 'bearer.canonical'],
    ['Bearer abc==', 'bearer.canonical'], ['BEARER abc', 'bearer.scheme-case'], ['Bearer  abc', 'bearer.multiple-sp'],
    ['bearer  abc', 'bearer.multiple-sp'], ['Bearer \tabc', 'bearer.sp-htab-separator'], ['Bearer \x1cabc', 'bearer.unicode-whitespace'],
    ['Bearer abc\xa0', 'bearer.unicode-whitespace'], ['Bearer abc def', 'bearer.non-b64token'], ['Bearer =abc', 'bearer.non-b64token'],
    ['Bearer a\x01bc', 'bearer.non-b64token'], ['Bearer realm="x"', 'bearer.non-b64token'],
  ];
  for (const [value, id] of cases) assert.equal(shapeOf(value, undefined).id, id, String(value));
  assert.deepEqual(shapeOf(undefined, 'access_token=a%2Bb'), { id: 'bearer.query-method', queryToken: 'a+b' });
});

test('b64token: RFC 6750 §2.1', () => {
  for (const t of ['a', 'A-z.0_~+/', 'abc=', 'abc==', 'mF_9.B5f-4.1JqM']) assert.ok(isB64token(t), t);
  for (const t of ['', '=', '=abc', 'a=b', 'a b', 'a,b', 'a"b', 'ä', 'a\x01']) assert.ok(!isB64token(t), t);
});

test("Python's str.strip() whitespace, not JavaScript's trim()", () => {
  assert.equal(pythonStrip('\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0abc\xa0\x85 \x1f'), 'abc');
  assert.equal(pythonStrip('\x00abc\x01'), '\x00abc\x01');
  assert.equal(pythonStrip('a b'), 'a b');
  assert.equal(pythonStrip('\x1f'), '');
});

test('lacksCredentials: no Bearer attempt at all', () => {
  for (const lines of [[], ['Authorization: '], ['Authorization: Basic x'], ['Authorization: Bearer  ']]) assert.ok(lacksCredentials({ lines }), lines.join());
  for (const lines of [['Authorization: Bearer x'], ['Authorization: Bearer\tx'], ['Authorization: ', 'Authorization: Bearer x']]) assert.ok(!lacksCredentials({ lines }), lines.join());
});

// ---- profiles ------------------------------------------------------------------------------------

test('resolveProfile: names, and FastAPI releases by when they changed', () => {
  for (const p of PROFILES) assert.equal(resolveProfile(p), p);
  const releases: [string, ProfileName][] = [
    ['0.20.0', 'fastapi@0.92'], ['0.92.0', 'fastapi@0.92'], ['0.122.0', 'fastapi@0.92'], ['0.128.0', 'fastapi@0.92'],
    ['0.128.1', 'fastapi'], ['0.141.1', 'fastapi'], ['1.0.0', 'fastapi'],
  ];
  for (const [v, p] of releases) assert.equal(resolveProfile(`fastapi@${v}`), p, v);
  for (const bad of ['', 'FastAPI', 'fastapi@', 'fastapi@0.19.9', 'fastapi@0.1', 'fastapi@v0.100.0', 'fastapi@0.100.0-rc1', 'fastapi@01.2.3', 'rfc9110']) {
    assert.throws(() => resolveProfile(bad), (err: unknown) => err instanceof UnknownProfileError && !err.message.includes('\n') && err.message.includes('documented, fastapi, fastapi@0.92, rfc6750'), bad);
  }
});
