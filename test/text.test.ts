// The one firstLine: verdict messages, docs failures, evidence not collected, the --verbose line and the
// matrix's reasons all shorten text with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstLine, firstLines } from '../suites/text.ts';
import { NOT_COLLECTED, collectEvidence } from '../suites/evidence.ts';
import { checkLine } from '../suites/reporters/progress.ts';
import type { Result } from '../suites/results.ts';

test('firstLine: the first line of a string or of an error message, colours removed', () => {
  assert.equal(firstLine('page.goto: net::ERR_CONNECTION_REFUSED\nCall log:\n  - navigating'), 'page.goto: net::ERR_CONNECTION_REFUSED');
  assert.equal(firstLine(new Error('\x1b[2mexpect(\x1b[22mreceived\x1b[2m).toBe\x1b[22m\nExpected: 1')), 'expect(received).toBe');
  assert.equal(firstLine('\n  uvicorn exited with code 1\nTraceback'), 'uvicorn exited with code 1');
  assert.equal(firstLine(undefined), '');
  assert.equal(firstLine(42), '42');
});

test('firstLines: the first lines joined by a space', () => {
  assert.equal(firstLines('a\nb\nc\nd\ne', 4), 'a b c d');
  assert.equal(firstLines(new Error('only one'), 4), 'only one');
});

test('the same first line in a check\'s --verbose line and in evidence a collector could not gather', async () => {
  const thrown = new Error('\x1b[31mlocator.screenshot: Timeout 50ms exceeded.\x1b[39m\nCall log:\n  - waiting for locator');
  const evidence: Record<string, unknown> = {};
  await collectEvidence(evidence, 'screenshot', () => Promise.reject(thrown));
  await collectEvidence(evidence, 'trace', () => new Promise<void>(() => {}), 5);
  assert.deepEqual(evidence[NOT_COLLECTED], { screenshot: 'locator.screenshot: Timeout 50ms exceeded.', trace: 'not collected within 5 ms' });
  const failed: Result = { id: 'headers.empty-token', suite: 'headers', level: 'MUST', title: 't', source: 'q', verdict: 'fail', message: 'expected 401; got 200\nsecond line', evidence: {} };
  assert.equal(checkLine(failed), '  ✗ fail  [MUST] headers.empty-token — expected 401; got 200');
});
