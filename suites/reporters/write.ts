// Writes conformance.json, index.html and junit.xml. Used by the Playwright reporter as results
// arrive and at the end of a run, and by the CLI when a run ends before or outside Playwright (so the
// report contract holds even after an error, Ctrl-C or a killed runner). Every file is replaced
// atomically (temp file + rename): a reader, or a run killed mid-write, never sees half a file.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../layout.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { summarise } from './report.ts';
import type { ConformanceReport, ShardSection } from './report.ts';
import type { Result, SuiteName } from '../results.ts';
import type { Shard } from '../config.ts';
import { withSchema } from './schemas.ts';

export const REPORT_FILES = { json: 'conformance.json', html: 'index.html', junit: 'junit.xml' } as const;

let version: string | undefined;

/** The package's version, read once (a report is rebuilt after every check). */
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

export function buildReport(o: {
  target: string; profile: string; strict: boolean; partial: boolean; startedAt: Date; results: Result[];
  interruption?: string; playwrightHtml?: string; shard?: ShardSection;
}): ConformanceReport {
  return {
    tool: { name: 'bearer-conformance', version: toolVersion() },
    target: o.target,
    profile: o.profile,
    strict: o.strict,
    partial: o.partial,
    startedAt: o.startedAt.toISOString(),
    durationMs: Date.now() - o.startedAt.getTime(),
    summary: summarise(o.results, o.strict, o.partial),
    results: o.results,
    ...(o.playwrightHtml ? { files: { playwrightHtml: o.playwrightHtml } } : {}),
    ...(o.interruption ? { interruption: o.interruption } : {}),
    ...(o.shard ? { shard: o.shard } : {}),
  };
}

/** The report's `shard` section for a plan run with `--shard`, else undefined. */
export function shardSection(plan: { shard?: Shard; suites: SuiteName[]; seed: number; embedded: boolean }): ShardSection | undefined {
  return plan.shard && { ...plan.shard, suites: plan.suites, seed: plan.seed, embedded: plan.embedded };
}

/** Replaces `file` in one step: the old content or the new one, never a torn mix. */
export function writeAtomically(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, content);
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** conformance.json alone: cheap enough to rewrite after every finished check. */
export function writeJsonReport(dir: string, report: ConformanceReport): void {
  mkdirSync(dir, { recursive: true });
  writeAtomically(path.join(dir, REPORT_FILES.json), JSON.stringify(withSchema('conformance', report), null, 2) + '\n');
}

/**
 * The conformance.json in `dir`, or undefined when there is none, it is older than `since`, or it
 * is not JSON (then it is not ours: the reporter replaces the file atomically).
 */
export function readReport(dir: string, since?: Date): ConformanceReport | undefined {
  const file = path.join(dir, REPORT_FILES.json);
  if (!existsSync(file) || (since && statSync(file).mtimeMs < since.getTime())) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  } catch {
    return undefined;
  }
}

/** Each file is written on its own: a fault in one renderer never costs the others (JSON first, it is the contract). */
export function writeReport(dir: string, report: ConformanceReport): void {
  writeJsonReport(dir, report);
  const faults: string[] = [];
  for (const [file, render] of [[REPORT_FILES.html, renderHtml], [REPORT_FILES.junit, renderJunit]] as const) {
    try {
      writeAtomically(path.join(dir, file), render(report));
    } catch (err) {
      faults.push(`${file}: ${(err as Error).message}`);
    }
  }
  if (faults.length) throw new Error(`could not render ${faults.join('; ')}`);
}
