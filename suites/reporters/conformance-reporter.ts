// A Playwright reporter that turns each finished test (one requirement) into a Result, prints
// progress, and writes the conformance report as results arrive: conformance.json after every
// finished check, marked "partial" until the final write in onEnd, so a run that is interrupted or
// killed outright still leaves every finished result behind.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { loadSecrets } from '../config.ts';
import type { Shard } from '../config.ts';
import { ANNOTATION, EVIDENCE_ATTACHMENT } from '../results.ts';
import type { Evidence, Result, SuiteName, Verdict } from '../results.ts';
import type { Level } from '../model/types.ts';
import { Redactor } from '../redact.ts';
import { buildReport, shardSection, writeJsonReport, writeReport } from './write.ts';
import type { ConformanceReport } from './report.ts';
import { Progress, progressMode } from './progress.ts';
import { firstLine } from '../text.ts';

type Annotation = { type: string; description?: string };

/** While a run goes on, index.html and junit.xml are re-rendered at most this often; conformance.json after every check. */
const COMPANIONS_EVERY_MS = 1000;

/**
 * What the reporter needs of the run's plan, passed as its Playwright options by playwright.config.ts
 * (which reads the plan): the reporter reads no plan itself. No secret is in here: Playwright keeps
 * reporter options in its own reports, so the redactor's secrets are read from the environment.
 */
export interface ReportedRun {
  target: string;
  profile: string;
  strict: boolean;
  verbose: boolean;
  suites: SuiteName[];
  seed: number;
  embedded: boolean;
  shard?: Shard;
}

export interface ReporterOptions {
  outputDir?: string;
  /** absent outside a CLI run (a fixture suite): the report says target "unknown" */
  run?: ReportedRun;
}

export default class ConformanceReporter implements Reporter {
  private readonly outputDir: string;
  private readonly results: Result[] = [];
  private readonly startedAt = new Date();
  private readonly run: ReportedRun | undefined;
  private planned = 0;
  private companionsWrittenAt = 0;
  private writeFault: string | undefined;
  private progress: Progress | undefined;
  /** Playwright's own error messages (a timeout, a crash outside the harness) can quote request bytes. */
  private readonly redactor = Redactor.forRun(loadSecrets());

  constructor(options: ReporterOptions = {}) {
    this.outputDir = path.resolve(options.outputDir ?? 'reports');
    this.run = options.run;
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: unknown, suite: Suite): void {
    this.planned = suite.allTests().length;
    process.stdout.write(`running ${this.planned} checks\n`);
    this.progress = new Progress(process.stdout, progressMode(process.stdout, this.run?.verbose ?? false), this.planned);
    this.writeProgress(); // replaces a previous run's files at once
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') return;
    const r = toResult(test, result, this.outputDir, this.results.length, this.redactor);
    this.results.push(r);
    this.writeProgress(); // before the line is printed: a printed result is a saved result
    this.progress?.update(this.results);
  }

  onEnd(full: FullResult): void {
    this.progress?.end();
    const partial = full.status === 'interrupted' || full.status === 'timedout' || this.results.length < this.planned;
    const report = this.report(partial, partial ? `${full.status}: ${this.results.length} of ${this.planned} checks finished` : undefined);
    try {
      writeReport(this.outputDir, report);
    } catch (err) {
      process.stderr.write(`bearer-conformance: ${(err as Error).message}\n`);
    }
  }

  private report(partial: boolean, interruption: string | undefined): ConformanceReport {
    return buildReport({
      target: this.run?.target ?? 'unknown',
      profile: this.run?.profile ?? 'documented',
      strict: this.run?.strict ?? false,
      partial,
      startedAt: this.startedAt,
      results: this.results,
      interruption,
      playwrightHtml: 'playwright/index.html',
      shard: this.run && shardSection(this.run),
    });
  }

  /** The report so far, marked partial; a run that ends without onEnd (killed) leaves this behind. */
  private writeProgress(): void {
    const report = this.report(true, `the run did not finish: ${this.results.length} of ${this.planned} checks had finished when this was written`);
    try {
      const now = Date.now();
      if (now - this.companionsWrittenAt < COMPANIONS_EVERY_MS) return writeJsonReport(this.outputDir, report);
      this.companionsWrittenAt = now;
      writeReport(this.outputDir, report);
    } catch (err) {
      const fault = (err as Error).message;
      if (fault !== this.writeFault) process.stderr.write(`bearer-conformance: could not write the report so far: ${fault}\n`);
      this.writeFault = fault;
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

function toResult(test: TestCase, result: TestResult, outputDir: string, index: number, redactor: Redactor): Result {
  const ann = annotationsOf(test, result);
  const get = (type: string) => ann.find((a) => a.type === type)?.description;
  const evidence = readEvidence(result);
  const screenshots = saveScreenshots(result, outputDir, index);
  if (screenshots.length) evidence.screenshots = screenshots;
  const verdict = (get(ANNOTATION.verdict) as Verdict | undefined) ?? statusVerdict(result.status);
  const message = get(ANNOTATION.message) ?? get('skip') ?? (verdict === 'error' ? `could not test: ${redactor.text(firstLine(result.error?.message)) || result.status}` : '');
  return {
    id: get(ANNOTATION.id) ?? test.title,
    suite: (get(ANNOTATION.suite) ?? 'headers') as SuiteName,
    level: (get(ANNOTATION.findingLevel) ?? get(ANNOTATION.level) ?? 'MUST') as Level,
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
