// The conformance reporter gets the run (target, profile, strictness, shard) through its Playwright
// options, as playwright.config.ts passes them, not by reading the plan from the environment
// (DESIGN-NOTES "Rooms"). In-process: the reporter is driven directly, with no Playwright run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Suite } from '@playwright/test/reporter';
import ConformanceReporter from '../suites/reporters/conformance-reporter.ts';
import { readConformanceJson } from './helpers/report-schema.ts';

const NO_TESTS = { allTests: () => [] } as unknown as Suite;

function report(options: ConstructorParameters<typeof ConformanceReporter>[0]) {
  const outputDir = mkdtempSync(path.join(os.tmpdir(), 'bc-reporter-options-'));
  const reporter = new ConformanceReporter({ ...options, outputDir });
  reporter.onBegin({}, NO_TESTS);
  reporter.onEnd({ status: 'passed' } as Parameters<ConformanceReporter['onEnd']>[0]);
  return readConformanceJson(outputDir);
}

test('the run in the reporter options is the run the report states, with no plan in the environment', () => {
  const saved = process.env.BEARER_CONFORMANCE_RUN;
  delete process.env.BEARER_CONFORMANCE_RUN;
  try {
    const written = report({
      run: { target: 'http://127.0.0.1:9/api', profile: 'fastapi-0.92', strict: true, verbose: false, suites: ['headers'], seed: 7, embedded: false, shard: { current: 2, total: 3 } },
    });
    assert.equal(written.target, 'http://127.0.0.1:9/api');
    assert.equal(written.profile, 'fastapi-0.92');
    assert.equal(written.strict, true);
    assert.deepEqual(written.shard, { current: 2, total: 3, suites: ['headers'], seed: 7, embedded: false });
  } finally {
    if (saved !== undefined) process.env.BEARER_CONFORMANCE_RUN = saved;
  }
});

test('without a run in the options (a fixture suite) the report says target "unknown"', () => {
  assert.equal(report({}).target, 'unknown');
});
