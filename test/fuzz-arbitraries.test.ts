// Each fuzz arbitrary makes what its grammar rule says, as the model classifies it, and the
// literals it must (and must not) make: fast-check's own ipV4.spec.ts style, on fixed seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { predict } from '../suites/model/index.ts';
import { PROFILES } from '../suites/model/profiles.ts';
import { isB64token, isToken } from '../suites/model/grammar.ts';
import type { Outcome, ProfileName, RawRequest } from '../suites/model/types.ts';
import { ows, rws, spRun } from '../suites/fuzz/arbitraries/whitespace.ts';
import { TCHARS, tchar, token } from '../suites/fuzz/arbitraries/tchar.ts';
import { WIRE_CTLS, bareCrOrLf, ctl } from '../suites/fuzz/arbitraries/ctl.ts';
import { obsText, utf8Char } from '../suites/fuzz/arbitraries/obs-text.ts';
import { MAX_TOKEN_BYTES, b64token, longB64token } from '../suites/fuzz/arbitraries/b64token.ts';
import { token68 } from '../suites/fuzz/arbitraries/token68.ts';
import { nonB64token } from '../suites/fuzz/arbitraries/non-b64token.ts';
import { bearerScheme, nearMissScheme, nonTcharNearMiss, tokenNearMiss } from '../suites/fuzz/arbitraries/auth-scheme.ts';
import { authParam, authParamList } from '../suites/fuzz/arbitraries/auth-param.ts';
import {
  authParamCredentials, canonicalCredentials, commaJoinedCredentials, crOrLfCredentials, ctlCredentials, emptyToken,
  longCredentials, nearMissCredentials, nonB64Credentials, obsTextCredentials, separatorVariants, validCredentials,
} from '../suites/fuzz/arbitraries/credentials.ts';
import { authorizationLine, duplicateAuthorization, fieldName, foldedAuthorization, spaceBeforeColon } from '../suites/fuzz/arbitraries/field-line.ts';
import { REQUEST_KINDS, authorizationRequest } from '../suites/fuzz/arbitraries/request.ts';

const SEED = 42;
const RUNS = 2000;

function samples<T>(arb: fc.Arbitrary<T>, numRuns = RUNS): T[] {
  return fc.sample(arb, { seed: SEED, numRuns });
}

/** Every generated value satisfies `isCorrect` (fast-check's assertProduceCorrectValues). */
function everyValue<T>(arb: fc.Arbitrary<T>, isCorrect: (v: T) => boolean | void, numRuns = RUNS): void {
  for (const v of samples(arb, numRuns)) {
    const ok = isCorrect(v);
    assert.notEqual(ok, false, `unexpected value ${JSON.stringify(v)}`);
  }
}

/** Literals a sample on the fixed seed must contain, and must not. */
function literals<T>(arb: fc.Arbitrary<T>, table: { must?: T[]; mustNot?: T[] }, numRuns = RUNS * 2): void {
  const seen = new Set(samples(arb, numRuns).map((v) => JSON.stringify(v)));
  for (const v of table.must ?? []) assert.ok(seen.has(JSON.stringify(v)), `never produced ${JSON.stringify(v)}`);
  for (const v of table.mustNot ?? []) assert.ok(!seen.has(JSON.stringify(v)), `produced ${JSON.stringify(v)}`);
}

/** Kinds of values a sample must contain, each named by a predicate. */
function someValue<T>(arb: fc.Arbitrary<T>, kinds: Record<string, (v: T) => boolean>, numRuns = RUNS): void {
  const all = samples(arb, numRuns);
  for (const [name, is] of Object.entries(kinds)) assert.ok(all.some(is), `no value that is ${name}`);
}

function line(value: string): RawRequest {
  return { lines: [`Authorization: ${value}`] };
}

function acceptable(profile: ProfileName, request: RawRequest): Outcome[] {
  return predict(profile, request).acceptable;
}

const authorized = (token: string): Outcome => ({ kind: 'authorized', token });
const isAuthorized = (o: Outcome) => o.kind === 'authorized';
const isLatin1 = (s: string) => [...s].every((c) => c.charCodeAt(0) <= 0xff);

test('tchar and token: RFC 9110 §5.6.2', () => {
  everyValue(tchar(), (c) => c.length === 1 && isToken(c));
  everyValue(token(), (t) => isToken(t));
  literals(tchar(), { must: ['a', 'Z', '0', '!', '~', '|'], mustNot: [' ', '"', '(', ':', '/', '='] });
  assert.equal(TCHARS.length, 26 * 2 + 10 + 15);
});

test('OWS, RWS and 1*SP hold only SP and HTAB; OWS around credentials changes nothing', () => {
  everyValue(ows(), (w) => /^[ \t]*$/.test(w));
  everyValue(rws(), (w) => /^[ \t]+$/.test(w));
  everyValue(spRun(), (w) => /^ +$/.test(w));
  for (const p of PROFILES) everyValue(ows(), (w) => assert.deepEqual(acceptable(p, { lines: [`Authorization:${w}Bearer abc${w}`] }), [authorized('abc')]), 300);
  literals(ows(), { must: ['', ' ', '\t', ' \t'], mustNot: ['\r', '\n', '\r\n', 'x'] });
  literals(rws(), { must: [' ', '\t'], mustNot: [''] });
});

test('1*SP after Bearer: the token is what follows the run (FastAPI 0.92 keeps all but the first SP)', () => {
  for (const p of ['documented', 'fastapi', 'rfc6750'] as const) everyValue(spRun(), (sp) => assert.deepEqual(acceptable(p, line(`Bearer${sp}abc`)), [authorized('abc')]), 200);
  everyValue(spRun(), (sp) => assert.deepEqual(acceptable('fastapi@0.92', line(`Bearer${sp}abc`)), [authorized(sp.slice(1) + 'abc')]), 200);
});

test('b64token and token68: `Bearer <t>` is authorized with exactly t under every profile', () => {
  for (const arb of [b64token(), token68()]) {
    everyValue(arb, (t) => isB64token(t));
    for (const p of PROFILES) everyValue(arb, (t) => assert.deepEqual(acceptable(p, line(`Bearer ${t}`)), [authorized(t)]), 500);
  }
  literals(b64token(), { mustNot: ['', '=', '==', '=a', 'a b', 'a=b', 'a,b'] });
  someValue(b64token(), { padded: (t) => t.endsWith('='), 'with /': (t) => t.includes('/'), 'with +': (t) => t.includes('+'), 'with ~': (t) => t.includes('~'), 'with -._': (t) => /[-._]/.test(t), 'one character': (t) => t.length === 1 });
  someValue(token68(), { base64: (t) => /[+/]/.test(t), 'base64 padded': (t) => t.endsWith('='), base64url: (t) => /[-_]/.test(t), hex: (t) => /^[0-9a-f]+$/.test(t), dotted: (t) => t.split('.').length === 3 });
});

test('long b64tokens: 1 byte to 16 KiB; authorized unless the HTTP layer refuses the head', () => {
  everyValue(longB64token(), (t) => isB64token(t) && t.length >= 1 && t.length <= MAX_TOKEN_BYTES, 500);
  for (const p of PROFILES) {
    everyValue(longB64token(), (t) => {
      const outcomes = acceptable(p, line(`Bearer ${t}`));
      return outcomes.some((o) => o.kind === 'authorized' && o.token === t) && outcomes.every((o) => o.kind === 'authorized' || o.kind === 'http-rejected');
    }, 100);
  }
  someValue(longB64token(), { 'over 4 KiB': (t) => t.length > 4096, 'over 8 KiB': (t) => t.length > 8192, 'under 100 bytes': (t) => t.length < 100, 'the full 16 KiB': (t) => t.length === MAX_TOKEN_BYTES }, 500);
});

test('tokens that are not b64token: never authorized under rfc6750, passed through verbatim by FastAPI 0.92', () => {
  everyValue(nonB64token(), (t) => !isB64token(t) && !/^[ \t]|[ \t]$/.test(t));
  everyValue(nonB64token(), (t) => !acceptable('rfc6750', line(`Bearer ${t}`)).some(isAuthorized), 500);
  everyValue(nonB64token(), (t) => assert.deepEqual(acceptable('fastapi@0.92', line(`Bearer ${t}`)), [authorized(t)]), 500);
  literals(nonB64token(), { mustNot: ['a', 'a=', 'a==', ' a', 'a '] });
  someValue(nonB64token(), { 'with SP inside': (t) => / /.test(t), 'a=b': (t) => /[^=]=[^=]/.test(t), 'leading =': (t) => t.startsWith('='), 'with a delimiter': (t) => /["(),:;<>?@[\\\]{}]/.test(t), 'with a tchar outside b64token': (t) => /[!#$%&'*^`|]/.test(t) });
});

test('CTLs: every byte 0x00-0x1F and 0x7F except HTAB, CR and LF; the HTTP layer may refuse them', () => {
  everyValue(ctl(), (c) => WIRE_CTLS.includes(c) && c.length === 1);
  for (const p of PROFILES) everyValue(ctl(), (c) => acceptable(p, line(`Bearer a${c}b`)).some((o) => o.kind === 'http-rejected'), 200);
  literals(ctl(), { must: ['\x00', '\x01', '\x0b', '\x1f', '\x7f'], mustNot: ['\t', '\r', '\n', ' ', 'a'] });
  literals(bareCrOrLf(), { must: ['\r', '\n'], mustNot: ['\r\n'] });
});

test('obs-text: one byte 0x80-0xFF; never a valid b64token; UTF-8 characters are 2-4 such bytes', () => {
  everyValue(obsText(), (o) => o.length === 1 && o.charCodeAt(0) >= 0x80 && o.charCodeAt(0) <= 0xff);
  everyValue(obsText(), (o) => !acceptable('rfc6750', line(`Bearer a${o}b`)).some(isAuthorized), 300);
  literals(obsText(), { must: ['\x80', '\xa0', '\xa7', '\xe9', '\xff'], mustNot: ['\x7f', 'a', '\u0100'] }, 20_000);
  everyValue(utf8Char(), (u) => {
    const decoded = Buffer.from(u, 'latin1').toString('utf8');
    return u.length >= 2 && u.length <= 4 && [...u].every((c) => c.charCodeAt(0) >= 0x80) && [...decoded].length === 1 && !decoded.includes('\ufffd');
  });
});

test('the Bearer scheme in any letter case is authorized under every profile', () => {
  everyValue(bearerScheme(), (s) => s.toLowerCase() === 'bearer');
  for (const p of PROFILES) everyValue(bearerScheme(), (s) => assert.deepEqual(acceptable(p, line(`${s} abc`)), [authorized('abc')]), 300);
  literals(bearerScheme(), { must: ['Bearer', 'bearer', 'BEARER'], mustNot: ['Bearerx', 'Bear', ''] });
  someValue(bearerScheme(), { 'mixed case': (s) => /[a-z]/.test(s) && /[A-Z]/.test(s.slice(1)) });
});

test('near-miss schemes are never authorized; token near misses are challenged', () => {
  everyValue(nearMissScheme(), (s) => s.toLowerCase() !== 'bearer' && isLatin1(s));
  for (const p of PROFILES) {
    everyValue(nearMissScheme(), (s) => !acceptable(p, line(`${s} abc`)).some(isAuthorized), 500);
    everyValue(tokenNearMiss(), (s) => isToken(s) && acceptable(p, line(`${s} abc`)).every((o) => o.kind === 'challenged'), 500);
  }
  everyValue(nonTcharNearMiss(), (s) => !isToken(s));
  literals(nearMissScheme(), { must: ['Basic', 'Token', 'Bear', 'Bearerx', 'xBearer'], mustNot: ['Bearer', 'bearer', 'BEARER', 'BeArEr'] }, 10_000);
  someValue(nearMissScheme(), {
    'Bearer with a suffix': (s) => /^bearer./i.test(s) && isToken(s),
    'Bearer with a prefix': (s) => /^.+bearer$/i.test(s) && isToken(s),
    'Bearer broken by a delimiter': (s) => /[":;=@]/.test(s),
    'Bearer broken by a CTL': (s) => /[\x01-\x1f\x7f]/.test(s),
    'Bearer broken by obs-text': (s) => /[\x80-\xff]/.test(s),
  }, 5000);
});

test('auth-param: token BWS "=" BWS ( token / quoted-string ), comma-separated', () => {
  const tch = "[!#$%&'*+.^_`|~0-9A-Za-z-]";
  const authParamRe = new RegExp(`^${tch}+[ \\t]?=[ \\t]?(${tch}+|"[^"\\\\]*")$`);
  everyValue(authParam(), (a) => authParamRe.test(a));
  everyValue(authParamList(), (l) => l.split(', ').length >= 1);
  someValue(authParam(), { realm: (a) => a.startsWith('realm'), quoted: (a) => a.endsWith('"'), 'with BWS': (a) => /[ \t]=|=[ \t]/.test(a) });
});

test('canonical and valid credentials are authorized with their token', () => {
  everyValue(canonicalCredentials(), (v) => /^Bearer [A-Za-z0-9\-._~+/]+=*$/.test(v));
  for (const p of PROFILES) everyValue(canonicalCredentials(), (v) => assert.deepEqual(acceptable(p, line(v)), [authorized(v.slice(7))]), 300);
  for (const p of ['documented', 'fastapi', 'rfc6750'] as const) {
    everyValue(validCredentials(), (v) => assert.deepEqual(acceptable(p, line(v)), [authorized(v.replace(/^\S+ +/, ''))]), 300);
  }
  everyValue(longCredentials(), (v) => v.startsWith('Bearer ') && isB64token(v.slice(7)), 100);
});

test('Bearer with no token is refused by documented and rfc6750, let through by FastAPI', () => {
  everyValue(emptyToken(), (v) => /^bearer[ \t]*$/i.test(v));
  everyValue(emptyToken(), (v) => acceptable('documented', line(v)).every((o) => o.kind === 'challenged'), 300);
  everyValue(emptyToken(), (v) => assert.deepEqual(acceptable('rfc6750', line(v)), [{ kind: 'challenged', error: 'absent' }]), 300);
  everyValue(emptyToken(), (v) => v.includes('\t') || assert.deepEqual(acceptable('fastapi', line(v)), [authorized('')]), 300);
  literals(emptyToken(), { must: ['Bearer', 'Bearer ', 'bearer'] });
});

test('malformed credentials are never authorized under rfc6750, unless the HTTP layer may turn them into valid ones', () => {
  for (const arb of [nearMissCredentials(), nonB64Credentials(), authParamCredentials(), obsTextCredentials()]) {
    everyValue(arb, (v) => isLatin1(v) && !acceptable('rfc6750', line(v)).some(isAuthorized), 400);
  }
  // A NUL, CR or LF may become SP (RFC 9110 §5.5), so `Bearer ab\x00` may be `Bearer ab`; refusing is allowed too.
  for (const arb of [ctlCredentials(), crOrLfCredentials()]) {
    for (const p of PROFILES) everyValue(arb, (v) => acceptable(p, line(v)).some((o) => o.kind === 'http-rejected'), 300);
    everyValue(arb, (v) => /[\x00\r\n]/.test(v) || !acceptable('rfc6750', line(v)).some(isAuthorized), 300);
  }
  everyValue(separatorVariants(), (v) => /^bearer +[^ \t]/i.test(v) || !acceptable('rfc6750', line(v)).some(isAuthorized), 400);
  someValue(separatorVariants(), { 'HTAB only': (v) => /^bearer\t+[^ \t]/i.test(v), 'SP then HTAB': (v) => /^bearer +\t/i.test(v), none: (v) => /^bearer[^ \t]/i.test(v) });
  everyValue(crOrLfCredentials(), (v) => /[\r\n]/.test(v));
  everyValue(commaJoinedCredentials(), (v) => v.includes(', '));
});

test('field lines: the name in any case, a colon, OWS; folds, duplicates and space before the colon', () => {
  everyValue(fieldName(), (n) => n.toLowerCase() === 'authorization');
  everyValue(authorizationLine(), (l) => /^authorization:/i.test(l) && isLatin1(l), 1000);
  literals(authorizationLine(canonicalCredentials()).map((l) => l.replace(/Bearer .*/, 'Bearer <t>')), { must: ['Authorization: Bearer <t>', 'Authorization:Bearer <t>'] });
  for (const p of PROFILES) everyValue(foldedAuthorization(), (ls) => ls.length === 2 && /^[ \t]/.test(ls[1]!) && acceptable(p, { lines: ls }).some((o) => o.kind === 'http-rejected'), 300);
  everyValue(duplicateAuthorization(), (ls) => ls.filter((l) => /^authorization:/i.test(l)).length >= 2);
  everyValue(duplicateAuthorization(), (ls) => acceptable('rfc6750', { lines: ls }).every((o) => o.kind === 'invalid-request' || o.kind === 'http-rejected'), 300);
  for (const p of PROFILES) everyValue(spaceBeforeColon(), (l) => assert.deepEqual(acceptable(p, { lines: [l] }), [{ kind: 'http-rejected' }]), 200);
});

test('requests: every kind appears, most are interesting, canonical ones appear too', () => {
  const all = samples(authorizationRequest(), 5000);
  for (const r of all) for (const p of PROFILES) assert.ok(predict(p, r).acceptable.length > 0);
  assert.ok(all.every((r) => r.lines.every(isLatin1)));
  assert.ok(all.every((r) => r.lines.every((l) => !/^(host|connection|content-length|transfer-encoding)\s*:/i.test(l))));
  const canonical = all.filter((r) => predict('documented', r).requirement.id === 'bearer.canonical').length / all.length;
  assert.ok(canonical >= 0.05 && canonical <= 0.3, `canonical share ${canonical}`);
  const ids = new Set(all.map((r) => predict('documented', r).requirement.id));
  for (const id of ['bearer.no-header', 'bearer.empty-value', 'bearer.other-scheme', 'bearer.empty-token', 'bearer.missing-sp', 'bearer.canonical', 'bearer.scheme-case', 'bearer.multiple-sp', 'bearer.sp-htab-separator', 'bearer.non-b64token', 'http.duplicate', 'http.obs-fold', 'http.ctl', 'http.nul-cr-lf', 'http.space-before-colon', 'http.oversize']) {
    assert.ok(ids.has(id), `no request decided by ${id}`);
  }
  literals(authorizationRequest(), { must: [{ lines: [] }, { lines: ['Authorization: '] }, { lines: ['Authorization: Bearer'] }] }, 20_000);
  assert.equal(Object.keys(REQUEST_KINDS).length, 6);
});
