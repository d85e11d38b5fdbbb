// npm run matrix:example: runs the interop matrix (examples/matrix/interop.json) and refreshes the
// committed example in examples/matrix/report/. What a reader of the matrix needs is kept:
// matrix.html, matrix.json, and each target's conformance.json and index.html; Playwright's reports,
// JUnit, CLI logs and screenshots are left out, and evidence strings over 2 KiB (the 8 and 64 KiB
// tokens) are shortened, so the example stays small. index.html is rendered again from the
// shortened conformance.json, so every link in it still resolves. The old example is replaced only
// when every target was judged (exit 0).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, copyFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderHtml } from '../suites/reporters/html.ts';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import { REPORT_FILES } from '../suites/reporters/write.ts';
import { withSchema } from '../suites/reporters/schemas.ts';
import { matrixMain } from './matrix.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = 'examples/matrix/interop.json';
const EXAMPLE_DIR = path.join(ROOT, 'examples', 'matrix', 'report');
const KEEP_CHARS = 2048;
const SHOWN_CHARS = 400;

/** Every string over KEEP_CHARS characters, anywhere in the evidence, shortened with a note. */
function shorten(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.length > KEEP_CHARS ? `${value.slice(0, SHOWN_CHARS)}… [${value.length - SHOWN_CHARS} more characters left out of the committed example]` : value;
  }
  if (Array.isArray(value)) return value.map(shorten);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v)]));
  return value;
}

function compactReport(report: ConformanceReport): ConformanceReport {
  const { files: _files, ...rest } = report;
  return {
    ...rest,
    results: report.results.map((r) => {
      const { screenshots, ...evidence } = r.evidence;
      const omitted = Array.isArray(screenshots) ? { screenshotsLeftOut: screenshots.length } : {};
      return { ...r, evidence: { ...(shorten(evidence) as Record<string, unknown>), ...omitted } };
    }),
  };
}

function copyExample(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const f of ['matrix.json', 'matrix.html']) copyFileSync(path.join(from, f), path.join(to, f));
  const targets = path.join(from, 'targets');
  for (const slug of readdirSync(targets)) {
    const json = path.join(targets, slug, REPORT_FILES.json);
    if (!existsSync(json)) continue;
    const report = compactReport(JSON.parse(readFileSync(json, 'utf8')) as ConformanceReport);
    const dir = path.join(to, 'targets', slug);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, REPORT_FILES.json), JSON.stringify(withSchema('conformance', report), null, 2) + '\n');
    writeFileSync(path.join(dir, REPORT_FILES.html), renderHtml(report));
  }
}

process.chdir(ROOT);
const runDir = mkdtempSync(path.join(os.tmpdir(), 'bearer-conformance-matrix-'));
const code = await matrixMain(['--config', CONFIG, '--report', runDir]);
if (code === 0) {
  copyExample(runDir, EXAMPLE_DIR);
  rmSync(runDir, { recursive: true, force: true });
  process.stdout.write(`example refreshed: ${path.relative(ROOT, EXAMPLE_DIR)}/matrix.html\n`);
} else {
  process.stderr.write(`matrix exited ${code}: the committed example is left as it was; this run is in ${runDir}\n`);
}
process.exitCode = code;
