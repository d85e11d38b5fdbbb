// matrix.json: requirements (rows, grouped by suite, with level and quote) against implementations
// (columns), built from each target's conformance.json. A cell links to the evidence in that
// target's index.html. Rows whose verdicts differ between the targets that ran them are marked.
import { shownVerdict } from '../suites/reporters/report.ts';
import type { RunVerdict } from '../suites/reporters/report.ts';
import { anchor } from '../suites/reporters/html.ts';
import { toolVersion } from '../suites/reporters/write.ts';
import { SUITES } from '../suites/results.ts';
import type { Result, SuiteName } from '../suites/results.ts';
import type { Level } from '../suites/model/types.ts';
import type { ColumnStatus, TargetOutcome } from './matrix-run.ts';

/** `none` is "—": the target did not run this requirement (unavailable, not started, suite not chosen, interrupted). */
export type CellState = 'pass' | 'fail' | 'info' | 'skip' | 'error' | 'none';

export const LEGEND: Record<CellState, string> = {
  pass: 'the requirement holds',
  fail: 'a MUST or SHOULD requirement does not hold',
  info: 'an INFO-level observation did not match: recorded, never gates',
  skip: 'not applicable to this target (e.g. nothing to check)',
  error: 'could not be tested (see the evidence)',
  none: 'not run for this target (see the column\'s reason)',
};

export interface MatrixCell {
  state: CellState;
  /** relative to matrix.html: targets/<slug>/index.html#<anchor> */
  href?: string;
  /** the check's message for fail, info and error (shortened) */
  message?: string;
  /** only when this target's profile rates the requirement at another level than the row says */
  level?: Level;
  /** only when this target was judged by another expectation than the row's title says (its profile's own title) */
  title?: string;
}

export interface MatrixRow {
  id: string;
  suite: SuiteName;
  level: Level;
  /** the expectation of the first target that ran it; a cell judged by another carries its own `title` */
  title: string;
  /** the column whose expectation `title` is, when some cell was judged by another */
  titleOf?: string;
  /** the quote the requirement rests on */
  source: string;
  /** the targets that ran it did not all get the same verdict */
  differs: boolean;
  /** by column slug */
  cells: Record<string, MatrixCell>;
}

export interface MatrixColumn {
  name: string;
  slug: string;
  kind: 'interop' | 'url' | 'start';
  profile: string;
  suites: SuiteName[];
  url?: string;
  status: ColumnStatus;
  /** the run's verdict, when the CLI wrote a report */
  verdict?: RunVerdict;
  exitCode?: number | null;
  reason?: string;
  durationMs: number;
  counts: Record<Exclude<CellState, 'none'>, number>;
  /** relative to matrix.html */
  report?: string;
}

export interface MatrixReport {
  /** the schema this report follows (suites/reporters/schemas.ts); set when written */
  $schema?: string;
  tool: { name: 'bearer-conformance'; version: string };
  config: string;
  generatedAt: string;
  durationMs: number;
  /** interrupted: the columns after the interrupted one were not run */
  partial: boolean;
  interruption?: string;
  legend: Record<CellState, string>;
  columns: MatrixColumn[];
  rows: MatrixRow[];
  /** rows with differs: true */
  differences: number;
}

const MESSAGE_MAX = 300;

export function cellState(r: Result): Exclude<CellState, 'none'> {
  return shownVerdict(r);
}

function reportHref(slug: string): string {
  return `targets/${slug}/index.html`;
}

export function buildMatrix(o: { config: string; startedAt: Date; outcomes: TargetOutcome[]; interruption?: string }): MatrixReport {
  const rows = new Map<string, MatrixRow>();
  const columns = o.outcomes.map((out): MatrixColumn => {
    const { target, report } = out;
    const counts = { pass: 0, fail: 0, info: 0, skip: 0, error: 0 };
    report?.results.forEach((r, i) => {
      const row = rows.get(r.id) ?? { id: r.id, suite: r.suite, level: r.level, title: r.title, titleOf: target.name, source: r.source, differs: false, cells: {} };
      rows.set(r.id, row);
      const state = cellState(r);
      counts[state]++;
      row.cells[target.slug] = {
        state,
        href: `${reportHref(target.slug)}#${anchor(r, i)}`,
        ...(r.message && state !== 'pass' && state !== 'skip' ? { message: shorten(r.message) } : {}),
        ...(r.level !== row.level ? { level: r.level } : {}),
        ...(r.title !== row.title ? { title: r.title } : {}),
      };
    });
    return {
      name: target.name, slug: target.slug, kind: target.source.kind, profile: target.profile, suites: target.suites,
      ...(out.url ? { url: out.url } : {}),
      status: out.status,
      ...(report ? { verdict: report.summary.verdict } : {}),
      ...(out.exitCode !== undefined ? { exitCode: out.exitCode } : {}),
      ...(out.reason ? { reason: out.reason } : {}),
      durationMs: out.durationMs,
      counts,
      ...(report ? { report: reportHref(target.slug) } : {}),
    };
  });
  const ordered = [...rows.values()].sort((a, b) => SUITES.indexOf(a.suite) - SUITES.indexOf(b.suite));
  for (const row of ordered) {
    if (!Object.values(row.cells).some((c) => c.title !== undefined)) delete row.titleOf;
    for (const c of columns) row.cells[c.slug] ??= { state: 'none' };
    row.differs = new Set(Object.values(row.cells).map((c) => c.state).filter((s) => s !== 'none')).size > 1;
  }
  return {
    tool: { name: 'bearer-conformance', version: toolVersion() },
    config: o.config,
    generatedAt: o.startedAt.toISOString(),
    durationMs: Date.now() - o.startedAt.getTime(),
    partial: o.interruption !== undefined,
    ...(o.interruption ? { interruption: o.interruption } : {}),
    legend: LEGEND,
    columns,
    rows: ordered,
    differences: ordered.filter((r) => r.differs).length,
  };
}

function shorten(s: string): string {
  return s.length > MESSAGE_MAX ? `${s.slice(0, MESSAGE_MAX - 1)}…` : s;
}
