// The published report schemas (schemas/*.schema.json): what the writers produce follows them, the
// identifiers agree, and a report with a member renamed, dropped or out of its enum does not
// validate (the mutants), while a member added by a later version still does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildReport, writeJsonReport } from '../suites/reporters/write.ts';
import { REPORT_SCHEMA, withSchema } from '../suites/reporters/schemas.ts';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import type { Result } from '../suites/results.ts';
import { buildMatrix } from '../bin/matrix-report.ts';
import type { TargetOutcome } from '../bin/matrix-run.ts';
import { ROOT } from './helpers/root.ts';
import { loadSchema, readConformanceJson, readMatrixJson, schemaErrors } from './helpers/report-schema.ts';

const results: Result[] = [
  { id: 'headers.missing', suite: 'headers', level: 'MUST', title: 'Sends no Authorization; expects 401', source: 'RFC 6750 §3: "…"', verdict: 'pass', message: '', evidence: {} },
  { id: 'headers.empty-token', suite: 'headers', level: 'MUST', title: 'Sends `Bearer`; expects 401', source: 'q', verdict: 'fail', message: 'expected 401; got 200', evidence: { exchange: { request: 'GET / HTTP/1.1\\r\\n' } } },
  { id: 'headers.two-lines', suite: 'headers', level: 'INFO', title: 'Sends two lines; observes', source: 'q', verdict: 'fail', message: 'got 400', evidence: {} },
  { id: 'docs.swagger-ui-loads', suite: 'docs', level: 'MUST', title: 'Opens /docs; expects Swagger UI', source: 'q', verdict: 'error', message: 'could not test: no browser', evidence: {} },
];

/** A report with every optional section, through the writer the CLI uses. */
function writtenReport(): ConformanceReport {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bc-schema-'));
  const report: ConformanceReport = {
    ...buildReport({ target: 'http://127.0.0.1:1', profile: 'documented', strict: false, partial: true, startedAt: new Date(), results, interruption: 'SIGINT', playwrightHtml: 'playwright/index.html', shard: { current: 1, total: 2, suites: ['headers'], seed: 7, embedded: false } }),
    baseline: { file: 'b.json', profile: 'documented', newFailures: ['headers.empty-token'], known: [{ id: 'x', reason: 'r' }], fixed: [], stale: [], updated: false },
    merged: { total: 2, shards: [{ current: 1, dir: 'a', seed: 7, startedAt: new Date().toISOString(), durationMs: 3, results: 4, partial: false }], missing: [2] },
  };
  writeJsonReport(dir, report);
  return readConformanceJson(dir);
}

function matrixOutcome(name: string, report?: ConformanceReport): TargetOutcome {
  const target = { name, slug: name, source: { kind: 'url' as const, url: 'http://127.0.0.1:1' }, profile: 'documented', suites: ['headers' as const], args: [] };
  return report ? { target, status: 'judged', exitCode: 1, durationMs: 1, report } : { target, status: 'did-not-start', exitCode: null, reason: 'port not open', durationMs: 1 };
}

function writtenMatrix(): unknown {
  const report = buildReport({ target: 'http://127.0.0.1:1', profile: 'documented', strict: false, partial: false, startedAt: new Date(), results });
  return JSON.parse(JSON.stringify(withSchema('matrix', buildMatrix({ config: 'm.json', startedAt: new Date(), outcomes: [matrixOutcome('a', report), matrixOutcome('b')] }))));
}

/** A deep copy of `value` with `edit` applied. */
function mutant<T>(value: T, edit: (copy: any) => void): unknown {
  const copy = structuredClone(value);
  edit(copy);
  return copy;
}

test('each schema\'s $id is the identifier the writers put in $schema', () => {
  for (const kind of ['conformance', 'matrix'] as const) {
    const schema = loadSchema(kind);
    assert.equal(schema.$id, REPORT_SCHEMA[kind]);
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual((schema.properties as Record<string, unknown>).$schema, { const: REPORT_SCHEMA[kind] });
  }
});

test('conformance.json as written, with every optional section, follows the schema and names it first', () => {
  const report = writtenReport();
  assert.equal(Object.keys(report)[0], '$schema');
  assert.equal(report.$schema, REPORT_SCHEMA.conformance);
  assert.deepEqual(schemaErrors('conformance', report), []);
});

test('a renamed, dropped or out-of-enum member of conformance.json fails validation (mutants)', () => {
  const report = writtenReport();
  const mutants: [string, unknown][] = [
    ['results renamed to checks', mutant(report, (r) => { r.checks = r.results; delete r.results; })],
    ['a result without its verdict', mutant(report, (r) => { delete r.results[1].verdict; })],
    ['a result with level renamed to severity', mutant(report, (r) => { r.results[0].severity = r.results[0].level; delete r.results[0].level; })],
    ['summary without verdict', mutant(report, (r) => { delete r.summary.verdict; })],
    ['a verdict outside the enum', mutant(report, (r) => { r.results[0].verdict = 'passed'; })],
    ['a level outside the enum', mutant(report, (r) => { r.results[0].level = 'MAY'; })],
    ['a run verdict outside the enum', mutant(report, (r) => { r.summary.verdict = 'ok'; })],
    ['a suite outside the enum', mutant(report, (r) => { r.results[0].suite = 'cookies'; })],
    ['no $schema', mutant(report, (r) => { delete r.$schema; })],
    ['another format\'s $schema', mutant(report, (r) => { r.$schema = 'urn:bearer-conformance:schema:conformance:2'; })],
    ['startedAt not a date-time', mutant(report, (r) => { r.startedAt = 'yesterday'; })],
    ['a count that is not an integer', mutant(report, (r) => { r.summary.pass = '1'; })],
    ['a baseline section without newFailures', mutant(report, (r) => { delete r.baseline.newFailures; })],
  ];
  for (const [name, m] of mutants) assert.notDeepEqual(schemaErrors('conformance', m), [], `${name} should not validate`);
});

test('a member added by a later version still validates: readers ignore what they do not know', () => {
  const report = writtenReport();
  assert.deepEqual(schemaErrors('conformance', mutant(report, (r) => { r.operations = { sampled: 3 }; r.results[0].endpoint = 'GET /items/'; r.summary.skipped = 0; })), []);
});

test('matrix.json as written follows the schema; a renamed or out-of-enum member does not', () => {
  const matrix = writtenMatrix();
  assert.deepEqual(schemaErrors('matrix', matrix), []);
  const mutants: [string, unknown][] = [
    ['columns renamed to targets', mutant(matrix, (m) => { m.targets = m.columns; delete m.columns; })],
    ['a cell state outside the enum', mutant(matrix, (m) => { m.rows[0].cells.a.state = 'ok'; })],
    ['a column without counts', mutant(matrix, (m) => { delete m.columns[0].counts; })],
    ['an exit code outside the contract', mutant(matrix, (m) => { m.columns[0].exitCode = 4; })],
    ['a row without differs', mutant(matrix, (m) => { delete m.rows[0].differs; })],
  ];
  for (const [name, m] of mutants) assert.notDeepEqual(schemaErrors('matrix', m), [], `${name} should not validate`);
});

test('the committed example reports follow the schemas', () => {
  const example = path.join(ROOT, 'examples', 'matrix', 'report');
  readMatrixJson(example);
  for (const slug of readdirSync(path.join(example, 'targets'))) readConformanceJson(path.join(example, 'targets', slug));
});
