// A conformance report as the writer builds one, with a fixed tool version, start time and target,
// for the tests of what reads a report (terminal summary, index.html, matrix, baseline).
import { summarise } from '../../suites/reporters/report.ts';
import type { ConformanceReport } from '../../suites/reporters/report.ts';
import type { Result } from '../../suites/results.ts';

/** `fields` replaces any top-level field; the summary is counted from `results` under its strict and partial. */
export function fixtureReport(results: Result[], fields: Partial<ConformanceReport> = {}): ConformanceReport {
  const strict = fields.strict ?? false;
  const partial = fields.partial ?? false;
  return {
    tool: { name: 'bearer-conformance', version: '0' }, target: 'http://127.0.0.1:1', profile: 'documented', strict, partial,
    startedAt: '2026-01-01T00:00:00Z', durationMs: 1, summary: summarise(results, strict, partial), results, ...fields,
  };
}
