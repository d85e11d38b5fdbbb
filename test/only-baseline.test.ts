// A run with --only judges a few requirements of a suite; the baseline's entries for the others are
// not stale (nothing says they were renamed or removed), and --update-baseline keeps them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyBaseline } from '../bin/baseline.ts';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import type { Result } from '../suites/results.ts';
import { fixtureReport } from './helpers/report-fixture.ts';

function result(id: string, verdict: Result['verdict']): Result {
  return { id, suite: 'headers', level: 'MUST', title: id, source: 's', verdict, message: '', evidence: {} };
}

function report(only: string[] | undefined, results: Result[]): ConformanceReport {
  return fixtureReport(results, { target: 'http://t', profile: 'fastapi', ...(only ? { only } : {}) });
}

function baselineFile(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'only-baseline-')), 'baseline.json');
  const entry = { verdict: 'fail', suite: 'headers', reason: 'known since OPS-12' };
  writeFileSync(file, JSON.stringify({ profile: 'fastapi', target: 'http://t', entries: { 'headers.empty-token': entry, 'headers.empty-token [GET /x]': entry } }));
  return file;
}

test('entries --only did not name are neither stale nor dropped by --update-baseline', () => {
  const run = report(['headers.scheme-*'], [result('headers.scheme-lowercase', 'pass')]);
  assert.deepEqual(applyBaseline(run, baselineFile(), false).section.stale, []);
  const file = baselineFile();
  applyBaseline(run, file, true);
  assert.deepEqual(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { entries: object }).entries).sort(), ['headers.empty-token', 'headers.empty-token [GET /x]']);
});

test('without --only, an entry its suite no longer produces is still stale', () => {
  const run = report(undefined, [result('headers.scheme-lowercase', 'pass')]);
  assert.deepEqual(applyBaseline(run, baselineFile(), false).section.stale.map((s) => s.id).sort(), ['headers.empty-token', 'headers.empty-token [GET /x]']);
});

test('an entry --only names that the run no longer produces is stale', () => {
  const run = report(['headers.empty-*'], [result('headers.empty-token-trailing-sp', 'pass')]);
  assert.deepEqual(applyBaseline(run, baselineFile(), false).section.stale.map((s) => s.id).sort(), ['headers.empty-token', 'headers.empty-token [GET /x]']);
});
