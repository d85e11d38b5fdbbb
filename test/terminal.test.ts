// The terminal, failures first (issue 13 part 6, issue 14 part 2): the banner names a handful of
// operations however many there are; while running, a count (rewritten in place on a TTY, a few
// plain lines in a CI log) instead of a line per check; at the end the failures with level, id,
// endpoint and reason, then the counts; the full table only with --verbose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { BANNER_MAX_ENDPOINTS, groupByReason, listEndpoints, planLine } from '../bin/banner.ts';
import { MAX_LISTED, summaryLines } from '../bin/summary.ts';
import { PLAIN_EVERY_MS, Progress, progressMode } from '../suites/reporters/progress.ts';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import type { Result } from '../suites/results.ts';
import type { Endpoint } from '../suites/config.ts';
import { fixtureReport } from './helpers/report-fixture.ts';

const thousand: Endpoint[] = Array.from({ length: 1000 }, (_, i) => ({ method: 'GET', path: `/items/${i}/` }));

test('the banner names at most a handful of 1,000 operations and says how many more', () => {
  const line = planLine({ profile: 'fastapi@0.92', resolved: 'fastapi@0.92', endpoints: thousand, suites: ['headers', 'fuzz'], seed: 7 });
  assert.equal((line.match(/GET \/items\//g) ?? []).length, BANNER_MAX_ENDPOINTS);
  assert.match(line, /GET \/items\/4\/ … and 995 more · suites headers,fuzz · seed 7$/);
  assert.ok(line.length < 200, `${line.length} characters`);
  assert.equal(listEndpoints(thousand.slice(0, 2)), 'GET /items/0/, GET /items/1/');
  const learnt = Object.fromEntries(thousand.map((e) => [`${e.method} ${e.path}`, { reason: 'the target validates tokens' }]));
  assert.deepEqual(groupByReason(learnt, 'valid-token mode'), ['valid-token mode: the target validates tokens (GET /items/0/, GET /items/1/, GET /items/2/, GET /items/3/, GET /items/4/ … and 995 more)']);
});

function result(id: string, level: Result['level'], verdict: Result['verdict'], message = '', evidence: Result['evidence'] = {}): Result {
  return { id, suite: 'headers', level, title: `t ${id}`, source: 'q', verdict, message, evidence };
}

function report(results: Result[], strict = false): ConformanceReport {
  return fixtureReport(results, { strict });
}

const mixed = [
  result('headers.missing', 'MUST', 'pass'),
  result('headers.empty-token [GET /items/7/]', 'MUST', 'fail', 'expected 401 with a Bearer challenge; got 200\nsecond line'),
  result('headers.extra-sp', 'SHOULD', 'fail', 'token " a" kept the extra SP', { exchange: { request: 'GET /users/me HTTP/1.1\\r\\nAuthorization: Bearer  a\\r\\n' } }),
  result('headers.two-lines', 'INFO', 'fail', 'got 400'),
  result('docs.swagger-ui-loads', 'MUST', 'error', 'could not test: no browser'),
];

test('failures come first with level, id, endpoint and reason; then the counts; no table without --verbose', () => {
  const lines = summaryLines(report(mixed), os.tmpdir(), 3, false);
  const text = lines.join('\n');
  const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
  assert.ok(at(/^failures \(2\):$/) >= 0, text);
  assert.match(text, /^ {2}MUST {4}headers\.empty-token {2}GET \/items\/7\/ {2}— expected 401 with a Bearer challenge; got 200$/m);
  assert.match(text, /^ {2}SHOULD {2}headers\.extra-sp {2}GET \/users\/me {2}— token " a" kept the extra SP {2}\(gates only with --strict\)$/m);
  assert.match(text, /^could not test \(1\):\n {2}MUST {4}docs\.swagger-ui-loads {2}— could not test: no browser$/m);
  assert.match(text, /^1 INFO observation\(s\) did not match: recorded, never gate/m);
  assert.doesNotMatch(text, /second line/);
  assert.ok(at(/^failures/) < at(/^verdict: nonconformant — pass 1, fail 2, info 1, skip 0, error 1$/), text);
  assert.ok(at(/^could not test/) < at(/^verdict:/));
  assert.doesNotMatch(text, /requirement\s+level\s+verdict/);
  assert.doesNotMatch(text, /headers\.missing/, 'a pass is not listed without --verbose');
});

test('--verbose adds the full table before the failures', () => {
  const lines = summaryLines(report(mixed), os.tmpdir(), undefined, true);
  const header = lines.findIndex((l) => /^requirement\s+level\s+verdict$/.test(l));
  assert.ok(header >= 0);
  assert.ok(lines.findIndex((l) => /^headers\.missing\s+MUST\s+pass$/.test(l)) > header);
  assert.ok(header < lines.findIndex((l) => l.startsWith('failures')));
});

test('a long list of failures is cut without --verbose, never with it', () => {
  const many = Array.from({ length: MAX_LISTED + 10 }, (_, i) => result(`headers.empty-token [GET /items/${i}/]`, 'MUST', 'fail', 'got 200'));
  const short = summaryLines(report(many), os.tmpdir(), undefined, false).join('\n');
  assert.equal((short.match(/^ {2}MUST/gm) ?? []).length, MAX_LISTED);
  assert.match(short, /… and 10 more \(all in index\.html, or with --verbose\)/);
  assert.match(short, /^failing: .* … and 10 more$/m);
  const full = summaryLines(report(many), os.tmpdir(), undefined, true).join('\n');
  assert.equal((full.match(/^ {2}MUST/gm) ?? []).length, MAX_LISTED + 10);
});

/** A stream that records what was written, with a clock the test moves. */
function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, out: { isTTY, write: (c: string) => chunks.push(c) } };
}

function feed(p: Progress, results: Result[], tick = () => {}): void {
  for (let i = 1; i <= results.length; i++) {
    tick();
    p.update(results.slice(0, i));
  }
  p.end();
}

const run1000 = Array.from({ length: 1000 }, (_, i) => result(`c${i}`, 'MUST', i % 100 === 0 ? 'fail' : 'pass', 'got 200'));

test('without a TTY, 1,000 checks print a handful of progress lines with counts and failures so far', () => {
  const { chunks, out } = sink(false);
  let now = 0;
  feed(new Progress(out, progressMode(out, false), 1000, () => now), run1000);
  assert.deepEqual(chunks, [
    'progress: 250/1000 checks · 3 failing · 0 could not test\n',
    'progress: 500/1000 checks · 5 failing · 0 could not test\n',
    'progress: 750/1000 checks · 8 failing · 0 could not test\n',
    'progress: 1000/1000 checks · 10 failing · 0 could not test\n',
  ]);
  const slow = sink(false);
  feed(new Progress(slow.out, 'plain', 1000, () => now), run1000.slice(0, 100), () => (now += PLAIN_EVERY_MS / 10));
  assert.equal(slow.chunks.length, 10, 'a slow run still shows a line every PLAIN_EVERY_MS');
});

test('on a TTY the progress line is rewritten in place and ended once', () => {
  const { chunks, out } = sink(true);
  feed(new Progress(out, progressMode(out, false), 3), run1000.slice(0, 3));
  assert.deepEqual(chunks, [
    '\r\x1b[2Kprogress: 1/3 checks · 1 failing · 0 could not test',
    '\r\x1b[2Kprogress: 2/3 checks · 1 failing · 0 could not test',
    '\r\x1b[2Kprogress: 3/3 checks · 1 failing · 0 could not test',
    '\n',
  ]);
});

test('--verbose prints a line per finished check, TTY or not', () => {
  const { chunks, out } = sink(true);
  feed(new Progress(out, progressMode(out, true), 2), [mixed[0]!, mixed[1]!]);
  assert.deepEqual(chunks, ['  ✓ pass  [MUST] headers.missing\n', '  ✗ fail  [MUST] headers.empty-token [GET /items/7/] — expected 401 with a Bearer challenge; got 200\n']);
});
