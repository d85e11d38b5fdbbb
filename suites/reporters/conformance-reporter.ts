// A Playwright reporter that turns each finished test (one requirement) into a Result, prints
// progress, and writes the conformance report at the end — also when the run is interrupted.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { ANNOTATION, EVIDENCE_ATTACHMENT } from '../harness.ts';
import { loadRunConfig } from '../config.ts';
import type { RunConfig } from '../config.ts';
import type { Evidence, Result, SuiteName, Verdict } from '../results.ts';
import type { Level } from '../model/types.ts';
import { buildReport, writeReport } from './write.ts';

type Annotation = { type: string; description?: string };

const SYMBOL: Record<Verdict, string> = { pass: '✓', fail: '✗', skip: '-', error: '!' };

export default class ConformanceReporter implements Reporter {
  private readonly outputDir: string;
  private readonly results: Result[] = [];
  private readonly startedAt = new Date();
  private config: RunConfig | undefined;
  private root: Suite | undefined;

  constructor(options: { outputDir?: string } = {}) {
    this.outputDir = path.resolve(options.outputDir ?? 'reports');
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: unknown, suite: Suite): void {
    this.config = process.env.BEARER_CONFORMANCE_RUN ? loadRunConfig() : undefined;
    this.root = suite;
    process.stdout.write(`running ${suite.allTests().length} checks\n`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') return;
    const r = toResult(test, result, this.outputDir, this.results.length);
    this.results.push(r);
    process.stdout.write(`  ${SYMBOL[r.verdict]} ${r.verdict.padEnd(5)} [${r.level}] ${r.id}${r.verdict === 'pass' ? '' : ' — ' + r.message.slice(0, 160)}\n`);
  }

  onEnd(full: FullResult): void {
    const planned = this.root?.allTests().length ?? this.results.length;
    const partial = full.status === 'interrupted' || full.status === 'timedout' || this.results.length < planned;
    const report = buildReport({
      target: this.config?.target ?? 'unknown',
      profile: this.config?.profileName ?? 'documented',
      strict: this.config?.strict ?? false,
      partial,
      startedAt: this.startedAt,
      results: this.results,
      interruption: partial ? `${full.status}: ${this.results.length} of ${planned} checks finished` : undefined,
      playwrightHtml: 'playwright/index.html',
    });
    try {
      writeReport(this.outputDir, report);
    } catch (err) {
      process.stderr.write(`bearer-conformance: ${(err as Error).message} (conformance.json was written)\n`);
    }
  }
}

function annotationsOf(test: TestCase, result: TestResult): Annotation[] {
  const runtime = (result as TestResult & { annotations?: Annotation[] }).annotations ?? [];
  const seen = new Set<string>();
  return [...test.annotations, ...runtime].filter((a) => {
    const key = `${a.type}\u0000${a.description ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toResult(test: TestCase, result: TestResult, outputDir: string, index: number): Result {
  const ann = annotationsOf(test, result);
  const get = (type: string) => ann.find((a) => a.type === type)?.description;
  const evidence = readEvidence(result);
  const screenshots = saveScreenshots(result, outputDir, index);
  if (screenshots.length) evidence.screenshots = screenshots;
  const verdict = (get(ANNOTATION.verdict) as Verdict | undefined) ?? statusVerdict(result.status);
  const message = get(ANNOTATION.message) ?? get('skip') ?? (verdict === 'error' ? `could not test: ${firstLine(result.error?.message) || result.status}` : '');
  return {
    id: get(ANNOTATION.id) ?? test.title,
    suite: (get(ANNOTATION.suite) ?? 'headers') as SuiteName,
    level: (get(ANNOTATION.level) ?? 'MUST') as Level,
    title: test.title,
    source: get(ANNOTATION.source) ?? '',
    verdict,
    message,
    evidence,
  };
}

/** Without the harness's own verdict (a timeout, a crash before it ran) nothing was judged: error. */
function statusVerdict(status: TestResult['status']): Verdict {
  if (status === 'passed') return 'pass';
  if (status === 'skipped') return 'skip';
  return 'error';
}

function readEvidence(result: TestResult): Evidence {
  const att = result.attachments.find((a) => a.name === EVIDENCE_ATTACHMENT && a.body);
  if (!att?.body) return {};
  try {
    return JSON.parse(att.body.toString('utf8')) as Evidence;
  } catch {
    return {};
  }
}

/** Screenshots attached by browser checks are copied beside index.html and linked relatively. */
function saveScreenshots(result: TestResult, outputDir: string, index: number): string[] {
  const shots = result.attachments.filter((a) => a.contentType === 'image/png' && a.body);
  if (!shots.length) return [];
  const dir = path.join(outputDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  return shots.map((a, i) => {
    const name = `${String(index).padStart(3, '0')}-${i}-${a.name.replace(/[^A-Za-z0-9_.-]/g, '_')}`.replace(/(\.png)?$/, '.png');
    writeFileSync(path.join(dir, name), a.body!);
    return `screenshots/${name}`;
  });
}

function firstLine(s: string | undefined): string {
  return (s ?? '').replace(/\x1b\[[0-9;]*m/g, '').split('\n')[0] ?? '';
}
