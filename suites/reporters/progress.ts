// What the terminal shows while checks run. By default a count, not a line per check: on a TTY one
// line rewritten in place; elsewhere (CI logs) a plain line at each quarter of the run and at most
// every PLAIN_EVERY_MS in between, so a thousand-operation run stays a few lines. `--verbose` prints
// a line per finished check instead, as before.
import { escapeControls } from '../evidence.ts';
import { firstLine } from '../text.ts';
import { counts } from './report.ts';
import type { Result, Verdict } from '../results.ts';

const SYMBOL: Record<Verdict, string> = { pass: '✓', fail: '✗', skip: '-', error: '!' };
/** Without a TTY, a progress line at least this long after the previous one (besides the quarters). */
export const PLAIN_EVERY_MS = 30_000;

export interface ProgressOutput {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export type ProgressMode = 'verbose' | 'tty' | 'plain';

export function progressMode(out: ProgressOutput, verbose: boolean): ProgressMode {
  if (verbose) return 'verbose';
  return out.isTTY ? 'tty' : 'plain';
}

/** "  ✗ fail  [MUST] headers.empty-token — expected 401; got 200" (the --verbose line, as before) */
export function checkLine(r: Result): string {
  return `  ${SYMBOL[r.verdict]} ${r.verdict.padEnd(5)} [${r.level}] ${r.id}${r.verdict === 'pass' ? '' : ' — ' + escapeControls(firstLine(r.message)).slice(0, 160)}`;
}

/** "progress: 12/45 checks · 1 failing · 0 could not test" */
export function progressLine(done: number, planned: number, results: readonly Result[]): string {
  const c = counts(results as Result[]);
  return `progress: ${done}/${planned} checks · ${c.fail} failing · ${c.error} could not test`;
}

export class Progress {
  private lastPlainAt: number;
  private lastQuarter = 0;
  private rewriting = false;

  constructor(
    private readonly out: ProgressOutput,
    private readonly mode: ProgressMode,
    private readonly planned: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastPlainAt = now();
  }

  /** Called after each finished check, with every result so far (the new one last). */
  update(results: readonly Result[]): void {
    const r = results[results.length - 1];
    if (!r) return;
    if (this.mode === 'verbose') return void this.out.write(checkLine(r) + '\n');
    // counted only when shown: without a TTY most updates print nothing
    const line = () => progressLine(results.length, this.planned, results);
    if (this.mode === 'tty') {
      this.out.write(`\r\x1b[2K${line()}`);
      this.rewriting = true;
      return;
    }
    const quarter = this.planned ? Math.floor((results.length * 4) / this.planned) : 0;
    if (quarter > this.lastQuarter || this.now() - this.lastPlainAt >= PLAIN_EVERY_MS) {
      this.lastQuarter = Math.max(quarter, this.lastQuarter);
      this.lastPlainAt = this.now();
      this.out.write(line() + '\n');
    }
  }

  /** Ends the line being rewritten, so what follows starts on a line of its own. */
  end(): void {
    if (this.rewriting) this.out.write('\n');
    this.rewriting = false;
  }
}
