// bearer-conformance matrix --config FILE [--report DIR] [--only NAME,NAME]: runs the suites against
// every target of the config, one after another, each through the real CLI, and writes
// DIR/matrix.json and DIR/matrix.html (requirements × implementations). A target that cannot run is
// a column of "—" with its reason. Ctrl-C stops the running target and still writes the matrix.
// Exit: 0 every target judged, 3 one could not be tested, 2 config error, 130/143 interrupted.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Redactor } from '../suites/redact.ts';
import { counts as shownCounts, formatCounts } from '../suites/reporters/report.ts';
import { writeAtomically } from '../suites/reporters/write.ts';
import { withSchema } from '../suites/reporters/schemas.ts';
import { UsageError } from './args.ts';
import { loadMatrixConfig } from './matrix-config.ts';
import type { MatrixPlan } from './matrix-config.ts';
import { renderMatrixHtml } from './matrix-html.ts';
import { buildMatrix } from './matrix-report.ts';
import { runColumn } from './matrix-run.ts';
import type { Interruption, TargetOutcome } from './matrix-run.ts';
import { EXIT_INTERRUPTED, EXIT_TERMINATED } from './run.ts';

export const MATRIX_USAGE = `usage: bearer-conformance matrix --config FILE [--report DIR] [--only NAME,NAME]

  --config FILE     the targets (JSON; see docs/matrix.md)
  --report DIR      where matrix.json, matrix.html and targets/<name>/ go (default reports/)
  --only LIST       run only these targets of the config (comma-separated names)

exit codes: 0 every target was judged (whatever its verdict), 3 a target could not be started or
tested, 2 config or usage error, 130/143 interrupted (the matrix of what finished is still written)`;

const EXIT_CANNOT_TEST = 3;
const MATRIX_FILES = { json: 'matrix.json', html: 'matrix.html' } as const;

interface MatrixArgs {
  config: string;
  reportDir: string;
  only?: string[];
}

function parseMatrixArgs(argv: string[]): MatrixArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: {
      config: { type: 'string' }, report: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    } }));
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  if (values.help) return 'help';
  if (!values.config) throw new UsageError('--config FILE is required');
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  if (only && !only.length) throw new UsageError('--only names no target');
  return { config: values.config, reportDir: values.report ?? 'reports', ...(only ? { only } : {}) };
}

function log(line: string): void {
  process.stdout.write(line + '\n');
}

function describe(o: TargetOutcome): string {
  const what = o.status === 'judged' ? o.report?.summary.verdict ?? 'judged' : o.status;
  const counts = o.report ? ` (${formatCounts(shownCounts(o.report.results))})` : '';
  const exit = o.exitCode === undefined ? '' : ` · exit ${o.exitCode ?? 'signal'}`;
  return `${o.target.name}: ${what}${counts}${exit} · ${(o.durationMs / 1000).toFixed(1)} s${o.reason ? ` · ${o.reason}` : ''}`;
}

export async function matrixMain(argv: string[]): Promise<number> {
  let args: MatrixArgs | 'help';
  let plan: MatrixPlan;
  try {
    args = parseMatrixArgs(argv);
    if (args === 'help') {
      log(MATRIX_USAGE);
      return 0;
    }
    plan = loadMatrixConfig(args.config, args.only);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`bearer-conformance matrix: ${err.message}\n`);
    return 2;
  }
  const reportDir = path.resolve(args.reportDir);
  mkdirSync(reportDir, { recursive: true });
  const redactor = new Redactor(plan.targets.flatMap((t) => [t.token, t.credentials?.password]));
  const startedAt = new Date();
  const interruption: Interruption = {};
  const onSignal = (signal: NodeJS.Signals) => {
    if (interruption.signal) {
      // A second signal: stop waiting for the running target's partial report.
      try {
        if (interruption.child?.pid) process.kill(-interruption.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      return;
    }
    interruption.signal = signal;
    process.stderr.write(`\nbearer-conformance matrix: ${signal}: stopping the running target; writing the matrix of what finished\n`);
    interruption.child?.kill('SIGINT');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  log(`matrix: ${plan.targets.length} targets from ${args.config} → ${path.relative(process.cwd(), reportDir) || '.'}/`);
  const outcomes: TargetOutcome[] = [];
  try {
    for (const [i, target] of plan.targets.entries()) {
      const outcome = await runColumn(target, reportDir, redactor, interruption);
      outcomes.push(outcome);
      log(`[${i + 1}/${plan.targets.length}] ${describe(outcome)}`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const matrix = buildMatrix({
    config: args.config, startedAt, outcomes,
    ...(interruption.signal ? { interruption: `interrupted by ${interruption.signal}` } : {}),
  });
  // The per-target reports are redacted by the CLI; the matrix adds the URLs and reasons it saw itself.
  writeAtomically(path.join(reportDir, MATRIX_FILES.json), redactor.text(JSON.stringify(withSchema('matrix', matrix), null, 2)) + '\n');
  writeAtomically(path.join(reportDir, MATRIX_FILES.html), redactor.text(renderMatrixHtml(matrix)));
  log(`matrix: ${matrix.differences} of ${matrix.rows.length} requirements differ between targets · ${path.relative(process.cwd(), path.join(reportDir, MATRIX_FILES.html))}`);
  if (interruption.signal) return interruption.signal === 'SIGTERM' ? EXIT_TERMINATED : EXIT_INTERRUPTED;
  return outcomes.every((o) => o.status === 'judged') ? 0 : EXIT_CANNOT_TEST;
}
