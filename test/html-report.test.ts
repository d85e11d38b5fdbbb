// index.html puts failures first and carries a filter by verdict, level and suite (issue 13 part 6).
// Structure here; the filter's behaviour in a real browser is in test/reporter.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../suites/reporters/html.ts';
import type { Result } from '../suites/results.ts';
import { fixtureReport } from './helpers/report-fixture.ts';

function result(id: string, suite: Result['suite'], level: Result['level'], verdict: Result['verdict']): Result {
  return { id, suite, level, title: `t ${id}`, source: 'q', verdict, message: verdict === 'pass' ? '' : `m ${id}`, evidence: {} };
}

// In the report's order passes come first; the page must not keep that order.
const results = [
  result('a.pass', 'headers', 'MUST', 'pass'),
  result('b.skip', 'openapi', 'SHOULD', 'skip'),
  result('c.info', 'headers', 'INFO', 'fail'),
  result('d.error', 'docs', 'MUST', 'error'),
  result('e.fail', 'fuzz', 'SHOULD', 'fail'),
  result('f.pass', 'fuzz', 'MUST', 'pass'),
  result('g.fail', 'headers', 'MUST', 'fail'),
];
const report = fixtureReport(results);
const html = renderHtml(report);

function order(re: RegExp): string[] {
  return [...html.matchAll(re)].map((m) => m[1]!);
}

test('the summary table and the details list failures first, then could-not-test, INFO misses, skips, passes', () => {
  const expected = ['e.fail', 'g.fail', 'd.error', 'c.info', 'b.skip', 'a.pass', 'f.pass'];
  assert.deepEqual(order(/<tr data-verdict[^>]*><td><a href="#r\d+-([\w.]+)">/g), expected);
  assert.deepEqual(order(/<details id="r\d+-([\w.]+)"/g), expected);
});

test('anchors keep the report\'s index, so the matrix\'s links still land', () => {
  assert.match(html, /<details id="r6-g\.fail" data-verdict="fail" data-level="MUST" data-suite="headers" open>/);
  assert.match(html, /<a href="#r0-a\.pass">a\.pass<\/a>/);
});

test('the filter offers every verdict, level and present suite with counts, and its script is inline', () => {
  const form = /<form id="filters"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  const boxes = order(/<input type="checkbox" name="(\w+:?\w*)"/g);
  assert.equal(boxes.length, 5 + 3 + 4);
  for (const [name, value, n] of [['verdict', 'fail', 2], ['verdict', 'info', 1], ['verdict', 'error', 1], ['verdict', 'pass', 2], ['level', 'INFO', 1], ['level', 'SHOULD', 2], ['suite', 'fuzz', 2], ['suite', 'docs', 1]] as const)
    assert.match(form, new RegExp(`name="${name}" value="${value}" checked> ${value} \\(${n}\\)`));
  assert.match(html, /<script>\(function \(\) \{[\s\S]*dataset\.verdict[\s\S]*<\/script>/);
  assert.doesNotMatch(html, /<script[^>]+src=/, 'no script from anywhere else');
  assert.ok(html.indexOf('id="filters"') < html.indexOf('id="summary"'));
});

test('INFO misses are counted apart from failures', () => {
  assert.match(html, /<tr><td>2<\/td><td>2<\/td><td>1<\/td><td>1<\/td><td>1<\/td><\/tr><\/table>/);
});
