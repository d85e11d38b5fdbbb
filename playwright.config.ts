// Playwright Test runs the suites (suites/<name>/<name>.spec.ts, or .js once compiled to dist/). The CLI
// (bin/cli.ts) writes the run plan and starts `playwright test` with this config; reports go to the
// plan's report directory.
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { loadRunConfig } from './suites/config.ts';
import type { RunConfig } from './suites/config.ts';
import { chooseBrowser } from './suites/browser.ts';
import { BLOB_DIR, blobFileName } from './suites/reporters/blob.ts';
import { MODULE_EXT, specFiles } from './suites/layout.ts';
import { SUITES } from './suites/results.ts';
import type { ReportedRun } from './suites/reporters/conformance-reporter.ts';

const run = process.env.BEARER_CONFORMANCE_RUN ? loadRunConfig() : undefined;
const reportDir = path.resolve(run?.reportDir ?? 'reports');
const browser = chooseBrowser();

/**
 * The run's suites, chosen here rather than by file arguments to `playwright test`: Playwright
 * matches such arguments against a compiled file's source-map sources (the .ts files, which an
 * installed package does not ship), so from dist/ they would match nothing.
 */
const testMatch = specFiles(run?.suites?.length ? run.suites : SUITES);

/** What the conformance reporter reports of the plan (it reads no plan itself; no secret is in here). */
function reportedRun(plan: RunConfig): ReportedRun {
  return {
    target: plan.target, profile: plan.profileName, strict: plan.strict, verbose: plan.verbose ?? false,
    suites: plan.suites, seed: plan.seed, embedded: plan.embedded, ...(plan.shard ? { shard: plan.shard } : {}),
  };
}

export default defineConfig({
  testDir: './suites',
  testMatch,
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  preserveOutput: 'never',
  outputDir: path.join(reportDir, 'playwright-artifacts'),
  reporter: [
    [`./suites/reporters/conformance-reporter${MODULE_EXT}`, { outputDir: reportDir, ...(run ? { run: reportedRun(run) } : {}) }],
    ['html', { outputFolder: path.join(reportDir, 'playwright'), open: 'never' }],
    ['junit', { outputFile: path.join(reportDir, 'playwright-junit.xml') }],
    // A shard also leaves Playwright's blob, from which `bearer-conformance merge` builds one HTML report.
    ...(run?.shard ? [['blob', { outputDir: path.join(reportDir, BLOB_DIR), fileName: blobFileName(run.shard) }] as const] : []),
  ],
  use: {
    // Traces and Playwright's own screenshots could capture a secret; the docs suite takes masked ones itself.
    trace: 'off',
    screenshot: 'off',
    video: 'off',
    browserName: 'chromium',
    launchOptions: browser ? { executablePath: browser.executablePath, args: browser.args } : {},
  },
});
