// bearer-conformance merge DIR… [--report OUT] [--baseline FILE [--update-baseline]]
// Joins the report directories of the shards of one run (`--shard i/n`) into one report: results
// in shard order (the order of an unsharded run), screenshots copied, the summary recomputed, a
// missing or unfinished shard making the report partial. Playwright's own HTML report is merged by
// `playwright merge-reports` from the shards' blobs. The end is the same as a run's (bin/conclude.ts).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { summarise } from '../suites/reporters/report.ts';
import type { ConformanceReport, MergedSection, ShardSection } from '../suites/reporters/report.ts';
import { BLOB_DIR } from '../suites/reporters/blob.ts';
import { REPORT_FILES, toolVersion } from '../suites/reporters/write.ts';
import type { Result } from '../suites/results.ts';
import { DEFAULTS, UsageError } from './args.ts';
import { readBaseline } from './baseline.ts';
import { concludeRun } from './conclude.ts';

const MERGE_USAGE = `usage: bearer-conformance merge DIR… [--report OUT] [--baseline FILE [--update-baseline]] [--verbose]

  DIR…                      the report directories of the shards of one run (--shard i/n)
  --report OUT              where the merged report goes (default reports/)
  --baseline FILE           only failures not recorded in FILE fail the merge; --update-baseline writes FILE
  --verbose                 print the full per-check table

exit codes: 0 conformant, 1 non-conformant, 2 usage error, 3 could not test (e.g. a shard missing)`;

/** `playwright merge-reports` gets this long; a merge that takes longer leaves no Playwright report. */
const PLAYWRIGHT_MERGE_TIMEOUT_MS = 180_000;

interface ShardReport {
  dir: string;
  report: ConformanceReport & { shard: ShardSection };
}

interface MergeOptions {
  dirs: string[];
  reportDir: string;
  baseline?: string;
  updateBaseline: boolean;
  verbose: boolean;
}

export async function mergeMain(argv: string[]): Promise<number> {
  const opts = parseMergeOptions(argv);
  if (opts === 'help') {
    process.stdout.write(MERGE_USAGE + '\n');
    return 0;
  }
  if (opts.baseline && !opts.updateBaseline) readBaseline(opts.baseline); // a broken file is a usage error before the merge
  const shards = opts.dirs.map(readShard).sort((a, b) => a.report.shard.current - b.report.shard.current);
  checkTogether(shards);
  const outDir = path.resolve(opts.reportDir);
  if (shards.some((s) => path.resolve(s.dir) === outDir)) throw new UsageError(`--report ${opts.reportDir} is one of the shard directories; merge into another directory`);
  mkdirSync(outDir, { recursive: true });
  let report = mergeShards(shards, outDir);
  if (await mergePlaywrightReports(shards, outDir)) report = { ...report, files: { playwrightHtml: 'playwright/index.html' } };
  if (report.interruption) process.stderr.write(`bearer-conformance: ${report.interruption}\n`);
  return concludeRun(report, outDir, { baseline: opts.baseline, updateBaseline: opts.updateBaseline, verbose: opts.verbose }).exitCode;
}

function parseMergeOptions(argv: string[]): MergeOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { report: { type: 'string' }, baseline: { type: 'string' }, 'update-baseline': { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new UsageError(`merge: ${(err as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '')}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (!parsed.positionals.length) throw new UsageError('merge needs the report directories of the shards: bearer-conformance merge DIR… [--report OUT]');
  if (v['update-baseline'] && !v.baseline) throw new UsageError('--update-baseline needs --baseline FILE');
  return { dirs: parsed.positionals, reportDir: v.report ?? DEFAULTS.reportDir, baseline: v.baseline, updateBaseline: v['update-baseline'] ?? false, verbose: v.verbose ?? false };
}

function readShard(dir: string): ShardReport {
  const file = path.join(dir, REPORT_FILES.json);
  let report: ConformanceReport;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (err as Error).message.split('\n')[0];
    throw new UsageError(`merge: cannot read ${file}: ${why}`);
  }
  if (!Array.isArray(report.results)) throw new UsageError(`merge: ${file} is not a conformance report`);
  if (!report.shard) throw new UsageError(`merge: ${file} is not a shard's report (it was not run with --shard i/n)`);
  return { dir, report: report as ShardReport['report'] };
}

/** Shards of one run share the plan; each part is given once. A mismatch is one line, exit 2. */
function checkTogether(shards: ShardReport[]): void {
  const [first, ...rest] = shards as [ShardReport, ...ShardReport[]];
  const label = (s: ShardReport) => `${s.dir} (shard ${s.report.shard.current}/${s.report.shard.total})`;
  const same: [string, (s: ShardReport) => unknown][] = [
    ['shard total', (s) => s.report.shard.total],
    ['target', (s) => (s.report.shard.embedded ? 'the embedded reference server' : s.report.target)],
    ['profile', (s) => s.report.profile],
    ['strict', (s) => s.report.strict],
    ['suites', (s) => s.report.shard.suites.join(',')],
  ];
  for (const other of rest) {
    for (const [what, of] of same) {
      if (of(other) !== of(first)) throw new UsageError(`merge: the shards are not from one run: ${what} is ${String(of(first))} in ${label(first)} but ${String(of(other))} in ${label(other)}`);
    }
  }
  for (let i = 1; i < shards.length; i++) {
    const [a, b] = [shards[i - 1]!, shards[i]!];
    if (a.report.shard.current === b.report.shard.current) throw new UsageError(`merge: shard ${a.report.shard.current}/${a.report.shard.total} is given twice: ${a.dir} and ${b.dir}`);
  }
}

function mergeShards(shards: ShardReport[], outDir: string): ConformanceReport {
  const first = shards[0]!.report;
  const total = first.shard.total;
  const given = new Set(shards.map((s) => s.report.shard.current));
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((n) => !given.has(n));
  const unfinished = shards.filter((s) => s.report.partial);
  const reasons = [
    ...(missing.length ? [`shard ${missing.map((n) => `${n}/${total}`).join(', ')} not given: its checks are missing`] : []),
    ...unfinished.map((s) => `shard ${s.report.shard.current}/${total} (${s.dir}) did not finish: ${s.report.interruption ?? 'partial report'}`),
  ];
  const partial = reasons.length > 0;
  rmSync(path.join(outDir, 'screenshots'), { recursive: true, force: true });
  const results = shards.flatMap((s) => s.report.results.map((r) => withCopiedScreenshots(r, s, outDir)));
  const starts = shards.map((s) => Date.parse(s.report.startedAt));
  const ends = shards.map((s) => Date.parse(s.report.startedAt) + s.report.durationMs);
  const merged: MergedSection = {
    total,
    shards: shards.map((s) => ({
      current: s.report.shard.current, dir: s.dir, seed: s.report.shard.seed, startedAt: s.report.startedAt,
      durationMs: s.report.durationMs, results: s.report.results.length, partial: s.report.partial,
    })),
    missing,
  };
  return {
    tool: { name: 'bearer-conformance', version: toolVersion() },
    target: first.target,
    profile: first.profile,
    strict: first.strict,
    partial,
    startedAt: new Date(Math.min(...starts)).toISOString(),
    durationMs: Math.max(...ends) - Math.min(...starts), // the span from the first shard's start to the last one's end
    summary: summarise(results, first.strict, partial),
    results,
    ...(partial ? { interruption: reasons.join('; ') } : {}),
    merged,
  };
}

/** Screenshots are numbered per shard: each is copied as shard-<i>-<name> and the link rewritten. */
function withCopiedScreenshots(result: Result, shard: ShardReport, outDir: string): Result {
  const shots = result.evidence.screenshots;
  if (!Array.isArray(shots) || !shots.length) return result;
  mkdirSync(path.join(outDir, 'screenshots'), { recursive: true });
  const copied = shots.map((shot) => {
    const name = path.basename(shot); // only the shard's screenshots folder is read, whatever the link says
    const link = `screenshots/shard-${shard.report.shard.current}-${name}`;
    try {
      copyFileSync(path.join(shard.dir, 'screenshots', name), path.join(outDir, link));
    } catch (err) {
      process.stderr.write(`bearer-conformance: merge: screenshot ${name} of ${shard.dir} not copied: ${(err as Error).message}\n`);
    }
    return link;
  });
  return { ...result, evidence: { ...result.evidence, screenshots: copied } };
}

/**
 * Playwright's HTML report for all shards, by `playwright merge-reports` over the shards' blobs
 * (gathered in one folder, named in shard order). False, with a line saying why, when there is none.
 */
async function mergePlaywrightReports(shards: ShardReport[], outDir: string): Promise<boolean> {
  const staging = mkdtempSync(path.join(os.tmpdir(), 'bearer-conformance-blobs-'));
  try {
    const width = String(shards[0]!.report.shard.total).length;
    for (const s of shards) {
      const blobDir = path.join(s.dir, BLOB_DIR);
      const zips = existsSync(blobDir) ? readdirSync(blobDir).filter((f) => f.endsWith('.zip')) : [];
      if (!zips.length) process.stdout.write(`no Playwright blob in ${blobDir}: shard ${s.report.shard.current}'s tests are not in the merged Playwright report\n`);
      for (const zip of zips) copyFileSync(path.join(blobDir, zip), path.join(staging, `shard-${String(s.report.shard.current).padStart(width, '0')}-${zip}`));
    }
    if (!readdirSync(staging).length) {
      process.stdout.write('no Playwright blobs in the shard directories: the merged report has no Playwright HTML report\n');
      return false;
    }
    const htmlDir = path.join(outDir, 'playwright');
    const { code, output } = await runMergeReports(staging, htmlDir);
    if (code === 0 && existsSync(path.join(htmlDir, 'index.html'))) return true;
    process.stderr.write(`bearer-conformance: merge: playwright merge-reports failed (exit ${code}); the merged report has no Playwright HTML report\n${output.trim().split('\n').slice(-5).join('\n')}\n`);
    return false;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function runMergeReports(blobs: string, htmlDir: string): Promise<{ code: number | null; output: string }> {
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const child = spawn(process.execPath, [cli, 'merge-reports', '--reporter', 'html', blobs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PLAYWRIGHT_HTML_OUTPUT_DIR: htmlDir, PLAYWRIGHT_HTML_OPEN: 'never', FORCE_COLOR: '0' },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), PLAYWRIGHT_MERGE_TIMEOUT_MS);
  return new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(timer);
    resolve({ code, output });
  }));
}
