// The one firstLine: verdict messages, docs failures and the matrix's reasons all shorten text with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstLine, firstLines } from '../suites/text.ts';

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
