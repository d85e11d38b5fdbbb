// The package as a user gets it (issue 13): `npm pack` (which builds dist/ on `prepare`), the
// tarball's file list, `npm install <tarball>` into a fresh temporary project and `npx
// bearer-conformance` there (the main job against the embedded reference server, browser included),
// the same without a browser (the one-line notice, the report still written), and a global install
// under a temporary --prefix running `bearer-conformance --no-docs`. npm prefers its cache
// (--prefer-offline), so this works offline once the cache holds the dependencies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NO_BROWSER_MESSAGE, chooseBrowser } from '../suites/browser.ts';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import { ROOT } from './helpers/root.ts';

if (!chooseBrowser() && process.env.CI) throw new Error('CI needs a Chromium for the docs suite (scripts/setup.sh installs it)');
const skipBrowser = chooseBrowser() ? false : 'no Chromium installed';

const MINUTE = 60_000;
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
/** What a user's tarball must not carry: the project's tests, fixtures, CI, benchmarks, examples and sources. */
const NOT_SHIPPED = [/^package\/(test|\.ci|bench|examples|scripts|interop|reference-server|suites)\//, /\.test\.[jt]s$/, /(?<!\.d)\.ts$/, /^package\/tsconfig/];
/** What the installed package runs: the launcher, and dist/ with declarations and source maps. */
const SHIPPED = [
  'package/bin/bearer-conformance.js', 'package/dist/bin/cli.js', 'package/dist/bin/cli.d.ts', 'package/dist/bin/cli.js.map',
  'package/dist/playwright.config.js', 'package/dist/suites/headers/headers.spec.js', 'package/dist/suites/docs/docs.spec.js',
  'package/dist/suites/reporters/conformance-reporter.js', 'package/dist/reference-server/server.js', 'package/package.json',
];

/** The environment of a user's shell: none of the npm_* variables `npm test` sets for this project. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, GITHUB_STEP_SUMMARY: '', ...extra };
}

function run(command: string, args: string[], opts: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }) {
  const r = spawnSync(command, args, { cwd: opts.cwd, env: opts.env ?? userEnv(), timeout: opts.timeoutMs, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function show(r: { status: number | null; stdout: string; stderr: string }): string {
  return `exit ${r.status}\n--- stdout (tail)\n${r.stdout.slice(-3000)}\n--- stderr (tail)\n${r.stderr.slice(-3000)}`;
}

function readReport(dir: string): ConformanceReport {
  return JSON.parse(readFileSync(path.join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
}

function freshProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bc-install-project-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'my-api', version: '1.0.0', private: true }, null, 2));
  return dir;
}

let tarball = '';

test('npm pack builds dist/ and the tarball holds the launcher and dist/, no tests, fixtures, CI, bench, examples or sources', { timeout: 5 * MINUTE }, () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'bc-install-pack-'));
  const packed = run('npm', ['pack', '--pack-destination', out, '--loglevel=error'], { cwd: ROOT, timeoutMs: 4 * MINUTE });
  assert.equal(packed.status, 0, show(packed));
  const [name] = readdirSync(out).filter((f) => f.endsWith('.tgz'));
  assert.ok(name, `no tarball in ${out}`);
  tarball = path.join(out, name);
  const listed = run('tar', ['-tzf', tarball], { cwd: out, timeoutMs: MINUTE });
  assert.equal(listed.status, 0, show(listed));
  const entries = listed.stdout.split('\n').filter(Boolean);
  for (const file of SHIPPED) assert.ok(entries.includes(file), `${file} missing from the tarball`);
  const unwanted = entries.filter((e) => NOT_SHIPPED.some((re) => re.test(e)));
  assert.deepEqual(unwanted, [], 'files a user does not need are in the tarball');
  // Nothing of bench/ ships: the matrix's reference-server launcher lives in interop/ (nothing shipped imports bench/).
  assert.deepEqual(entries.filter((e) => e.startsWith('package/dist/bench/')), []);
  process.stdout.write(`# tarball: ${entries.length} files, ${(statSync(tarball).size / 1024).toFixed(1)} KiB\n`);
});

test('installed into a fresh project, `npx bearer-conformance` runs the main job with the browser: exit 0', { skip: skipBrowser, timeout: 10 * MINUTE }, () => {
  assert.ok(tarball, 'the pack test did not produce a tarball');
  const project = freshProject();
  const installed = run('npm', ['install', ...NPM_FLAGS, tarball], { cwd: project, timeoutMs: 4 * MINUTE });
  assert.equal(installed.status, 0, show(installed));
  assert.ok(!existsSync(path.join(project, 'node_modules', 'bearer-conformance', 'bin', 'cli.ts')), 'the installed package must run dist/, not sources');
  // --no: never fetch a package of that name from the registry; the installed bin must be the one that runs.
  const r = run('npx', ['--no', '--', 'bearer-conformance', '--report', 'reports/conformance'], { cwd: project, timeoutMs: 6 * MINUTE });
  assert.equal(r.status, 0, show(r));
  const report = readReport(path.join(project, 'reports', 'conformance'));
  assert.equal(report.summary.verdict, 'conformant');
  const suites = new Set(report.results.map((x) => x.suite));
  assert.deepEqual([...suites].sort(), ['docs', 'fuzz', 'headers', 'openapi']);
  assert.ok(report.results.filter((x) => x.suite === 'docs').every((x) => x.verdict === 'pass'), 'every docs check ran in the browser and passed');
  assert.ok(report.tool.version, 'the tool version is read from the installed package.json');

  // Without a browser: one line on stderr naming the way out, the docs checks not run with that
  // reason, the report still written, and untestable (exit 3): a MUST of the docs suite went unchecked.
  const bare = run('npx', ['--no', '--', 'bearer-conformance', '--suites', 'docs', '--report', 'reports/no-browser'], {
    cwd: project, timeoutMs: 3 * MINUTE, env: userEnv({ CHROMIUM_PATH: path.join(project, 'no-such-chromium') }),
  });
  assert.equal(bare.status, 3, show(bare));
  assert.equal(bare.stderr.split('\n').filter((l) => l.includes(NO_BROWSER_MESSAGE)).length, 1, show(bare));
  const noBrowser = readReport(path.join(project, 'reports', 'no-browser'));
  assert.equal(noBrowser.summary.verdict, 'untestable');
  assert.ok(noBrowser.results.length > 0);
  for (const x of noBrowser.results) assert.equal(x.message, `could not test: ${NO_BROWSER_MESSAGE}`, x.id);
});

test('a global install under a temporary --prefix runs `bearer-conformance --no-docs`: exit 0', { timeout: 10 * MINUTE }, () => {
  assert.ok(tarball, 'the pack test did not produce a tarball');
  const prefix = mkdtempSync(path.join(os.tmpdir(), 'bc-install-global-'));
  const installed = run('npm', ['install', '--global', '--prefix', prefix, ...NPM_FLAGS, tarball], { cwd: prefix, timeoutMs: 4 * MINUTE });
  assert.equal(installed.status, 0, show(installed));
  const bin = path.join(prefix, 'bin', 'bearer-conformance');
  assert.ok(existsSync(bin), `${bin} not linked`);
  const workdir = mkdtempSync(path.join(os.tmpdir(), 'bc-install-cwd-'));
  const r = run(bin, ['--no-docs'], { cwd: workdir, timeoutMs: 5 * MINUTE });
  assert.equal(r.status, 0, show(r));
  const report = readReport(path.join(workdir, 'reports'));
  assert.equal(report.summary.verdict, 'conformant');
  assert.ok(!report.results.some((x) => x.suite === 'docs'));
});
