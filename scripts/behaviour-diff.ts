// `npx tsx scripts/behaviour-diff.ts BEFORE_DIR AFTER_DIR [--rename OLD=NEW]… [--json FILE] [--verbose]`:
// the results that differ between two matrix reports (`npm run matrix`), target by target — added,
// removed, or a changed verdict or level — so a refactor can show it changed no behaviour
// (issue 15). A directory holding one run's conformance.json is read as a single target.
// Ids aside: results are matched by id after the rename table, then, for what is left on either
// side, by suite and title (titles are unique and carry the endpoint), so a renamed id is reported
// as a rename, not as a removed and an added check. Exit 0 when identical, 1 on any difference,
// 2 on a usage error or an unreadable directory.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Requirement ids renamed between trees (old → new). `git log -S` over 65a77ca..9035e4f found none. */
export const RENAMES: Readonly<Record<string, string>> = {};

/** The members of a conformance.json result that make its behaviour (message and evidence vary run to run). */
export interface Result { id: string; suite: string; level: string; title: string; verdict: string; message?: string }

export interface TargetRun {
  name: string;
  /** The matrix column's status (`judged`, `unavailable`, …); `judged` for a lone run directory. */
  status: string;
  reason?: string;
  /** The run verdict (conformant, nonconformant, untestable) when a conformance.json was written. */
  verdict?: string;
  results?: readonly Result[];
}

export type Difference =
  | { kind: 'added'; key: string; after: Result }
  | { kind: 'removed'; key: string; before: Result }
  | { kind: 'changed'; key: string; before: Result; after: Result };

export interface Rename { from: string; to: string; by: 'table' | 'title' }

export interface TargetDiff {
  name: string;
  /** Whole-target lines: only on one side, a status or run verdict that changed. */
  notes: string[];
  differences: Difference[];
  renames: Rename[];
}

/** A result's id split into the requirement id and the endpoint suffix (" [GET /x]") of a multi-endpoint run. */
function splitId(id: string): { base: string; endpoint: string } {
  const m = / \[.*\]$/.exec(id);
  return m ? { base: id.slice(0, m.index), endpoint: m[0] } : { base: id, endpoint: '' };
}

/** The key a result is matched by: its id with the requirement part renamed old → new. */
export function idKey(id: string, renames: Readonly<Record<string, string>>): string {
  const { base, endpoint } = splitId(id);
  return (renames[base] ?? base) + endpoint;
}

/** Keyed results; a key seen again (should not happen) gets `#2`, `#3`, … in the order of the report. */
function keyed(results: readonly Result[], keyOf: (r: Result) => string): Map<string, Result> {
  const map = new Map<string, Result>();
  for (const r of results) {
    let key = keyOf(r);
    for (let n = 2; map.has(key); n++) key = `${keyOf(r)}#${n}`;
    map.set(key, r);
  }
  return map;
}

/** Results matched by `keyOf`: the pairs, and what is left on each side. */
function match(before: readonly Result[], after: readonly Result[], keyOf: (r: Result) => string) {
  const b = keyed(before, keyOf);
  const a = keyed(after, keyOf);
  const pairs: Array<{ key: string; before: Result; after: Result }> = [];
  for (const [key, r] of b) {
    const other = a.get(key);
    if (other) pairs.push({ key, before: r, after: other });
  }
  return { pairs, onlyBefore: [...b].filter(([k]) => !a.has(k)), onlyAfter: [...a].filter(([k]) => !b.has(k)) };
}

/** The behaviour differences of one target's results: by id (renamed), then the rest by suite and title. */
export function diffResults(before: readonly Result[], after: readonly Result[], renames = RENAMES): { differences: Difference[]; renames: Rename[] } {
  const byId = match(before, after, (r) => idKey(r.id, renames));
  const byTitle = match(byId.onlyBefore.map(([, r]) => r), byId.onlyAfter.map(([, r]) => r), (r) => `${r.suite}\u0000${r.title}`);
  const differences: Difference[] = [];
  const found: Rename[] = [];
  for (const p of byId.pairs) {
    if (p.before.id !== p.after.id) found.push({ from: p.before.id, to: p.after.id, by: 'table' });
  }
  for (const p of byTitle.pairs) found.push({ from: p.before.id, to: p.after.id, by: 'title' });
  for (const p of [...byId.pairs, ...byTitle.pairs.map((q) => ({ ...q, key: q.after.id }))]) {
    if (p.before.verdict !== p.after.verdict || p.before.level !== p.after.level) {
      differences.push({ kind: 'changed', key: p.key, before: p.before, after: p.after });
    }
  }
  for (const [, r] of byTitle.onlyBefore) differences.push({ kind: 'removed', key: r.id, before: r });
  for (const [, r] of byTitle.onlyAfter) differences.push({ kind: 'added', key: r.id, after: r });
  differences.sort((x, y) => x.key.localeCompare(y.key));
  return { differences, renames: found };
}

/** One target compared: whole-target notes, then its results. */
export function diffTarget(name: string, before: TargetRun | undefined, after: TargetRun | undefined, renames = RENAMES): TargetDiff {
  const diff: TargetDiff = { name, notes: [], differences: [], renames: [] };
  if (!before || !after) {
    const only = (before ?? after)!;
    diff.notes.push(`only ${before ? 'BEFORE' : 'AFTER'} has this target (${describe(only)})`);
    return diff;
  }
  if (before.status !== after.status) diff.notes.push(`status ${describe(before)} → ${describe(after)}`);
  if (before.verdict !== after.verdict) diff.notes.push(`run verdict ${before.verdict ?? 'none'} → ${after.verdict ?? 'none'}`);
  return { ...diff, ...diffResults(before.results ?? [], after.results ?? [], renames) };
}

function describe(run: TargetRun): string {
  const counted = run.results ? `, ${run.results.length} results` : '';
  return `${run.status}${run.reason ? `: ${run.reason}` : ''}${counted}`;
}

/** Every target compared, in BEFORE's order then AFTER's new ones. */
export function diffRuns(before: ReadonlyMap<string, TargetRun>, after: ReadonlyMap<string, TargetRun>, renames = RENAMES): TargetDiff[] {
  const names = [...new Set([...before.keys(), ...after.keys()])];
  return names.map((name) => diffTarget(name, before.get(name), after.get(name), renames));
}

export function differs(d: TargetDiff): boolean {
  return d.notes.length > 0 || d.differences.length > 0;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

interface Conformance { summary?: { verdict?: string }; results: Result[] }

function readConformance(file: string): Pick<TargetRun, 'verdict' | 'results'> {
  if (!existsSync(file)) return {};
  const c = readJson(file) as Conformance;
  const results = c.results.map(({ id, suite, level, title, verdict, message }) => ({ id, suite, level, title, verdict, message }));
  return { verdict: c.summary?.verdict, results };
}

interface Column { name: string; slug: string; status: string; reason?: string; report?: string }

/**
 * The targets of a report directory by name: a matrix's columns (matrix.json), else the
 * `targets/<slug>/` folders of a matrix that did not finish, else one run's conformance.json.
 */
export function readRun(dir: string): Map<string, TargetRun> {
  const runs = new Map<string, TargetRun>();
  const matrix = path.join(dir, 'matrix.json');
  if (existsSync(matrix)) {
    for (const c of (readJson(matrix) as { columns: Column[] }).columns) {
      const folder = c.report ? path.dirname(c.report) : path.join('targets', c.slug);
      runs.set(c.name, { name: c.name, status: c.status, reason: c.reason, ...readConformance(path.join(dir, folder, 'conformance.json')) });
    }
  } else if (existsSync(path.join(dir, 'targets'))) {
    for (const slug of readdirSync(path.join(dir, 'targets')).sort()) {
      runs.set(slug, { name: slug, status: 'judged', ...readConformance(path.join(dir, 'targets', slug, 'conformance.json')) });
    }
  } else if (existsSync(path.join(dir, 'conformance.json'))) {
    runs.set('(run)', { name: '(run)', status: 'judged', ...readConformance(path.join(dir, 'conformance.json')) });
  } else {
    throw new Error(`${dir}: no matrix.json, targets/ or conformance.json`);
  }
  return runs;
}

function shown(r: Result): string {
  return `${r.level} ${r.verdict}`;
}

function differenceLine(d: Difference, verbose: boolean): string {
  const message = (r: Result) => (verbose && r.message ? `\n      ${r.message.split('\n')[0]!.slice(0, 200)}` : '');
  if (d.kind === 'added') return `  added    ${d.key}  ${shown(d.after)}${message(d.after)}`;
  if (d.kind === 'removed') return `  removed  ${d.key}  ${shown(d.before)}`;
  const renamed = d.before.id === d.after.id ? '' : ` (was ${d.before.id})`;
  return `  changed  ${d.key}${renamed}  ${shown(d.before)} → ${shown(d.after)}${message(d.after)}`;
}

/** The terminal report: per target the differences (renames listed, not counted), then a total. */
export function render(diffs: readonly TargetDiff[], verbose = false): string {
  const lines: string[] = [];
  for (const d of diffs) {
    const counts = d.differences.length ? ` — ${d.differences.length} result(s) differ` : '';
    lines.push(`${d.name}: ${differs(d) ? `DIFFERS${counts}` : 'same'}`);
    for (const n of d.notes) lines.push(`  ${n}`);
    for (const x of d.differences) lines.push(differenceLine(x, verbose));
    for (const r of d.renames) lines.push(`  renamed  ${r.from} → ${r.to} (by ${r.by}; ignored)`);
  }
  const differing = diffs.filter(differs).length;
  lines.push(`${differing} of ${diffs.length} target(s) differ`);
  return `${lines.join('\n')}\n`;
}

interface Args { before: string; after: string; renames: Record<string, string>; json?: string; verbose: boolean }

function parseArgs(argv: readonly string[]): Args {
  const dirs: string[] = [];
  const renames: Record<string, string> = { ...RENAMES };
  let json: string | undefined;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--verbose') verbose = true;
    else if (a === '--json') json = argv[++i];
    else if (a === '--rename') {
      const [from, to] = (argv[++i] ?? '').split('=');
      if (!from || !to) throw new Error('--rename takes OLD=NEW');
      renames[from] = to;
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else dirs.push(a);
  }
  if (dirs.length !== 2 || (json !== undefined && json === '')) throw new Error('usage: behaviour-diff.ts BEFORE_DIR AFTER_DIR [--rename OLD=NEW]… [--json FILE] [--verbose]');
  return { before: dirs[0]!, after: dirs[1]!, renames, json, verbose };
}

function main(argv: readonly string[]): number {
  let args: Args;
  let diffs: TargetDiff[];
  try {
    args = parseArgs(argv);
    diffs = diffRuns(readRun(args.before), readRun(args.after), args.renames);
  } catch (err) {
    process.stderr.write(`behaviour-diff: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  process.stdout.write(render(diffs, args.verbose));
  if (args.json) writeFileSync(args.json, `${JSON.stringify({ before: args.before, after: args.after, targets: diffs }, null, 2)}\n`);
  return diffs.some(differs) ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
