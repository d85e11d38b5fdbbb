// bearer-conformance replay REPORT_DIR [--id ID…] [--target URL] [--token T]
// Re-sends the recorded requests of a report's failing checks, byte for byte (Host and Connection
// are the raw transport's, for the target it connects to), through the same gate as a run (rate,
// 429, breaker), and judges each answer by the rule the run used. Prints FIXED / STILL FAILING /
// COULD NOT TEST per check with the answer's status line; exit 0 only when every one is FIXED.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import { REPORT_FILES } from '../suites/reporters/write.ts';
import { Redactor } from '../suites/redact.ts';
import { sendRaw } from '../suites/transport/raw.ts';
import { BREAKER_THRESHOLD, TargetGate, defaultRate, useTargetGate } from '../suites/transport/gate.ts';
import { TransportError } from '../suites/transport/wire.ts';
import { NO_ANSWER_CODES } from '../suites/fuzz/requirements.ts';
import { UsageError } from './args.ts';
import { replayCase, selectResults } from './replay-case.ts';
import type { ReplayCase } from './replay-case.ts';
import { containsRedaction, toWire, withToken } from './replay-request.ts';
import type { RecordedRequest } from './replay-request.ts';
import { judgeReplay } from './replay-judge.ts';
import type { ReplayJudgement, ReplayVerdict } from './replay-judge.ts';

const REPLAY_USAGE = `usage: bearer-conformance replay REPORT_DIR [--id ID…] [--target URL] [--token T]

  REPORT_DIR                a run's report directory (its conformance.json)
  --id ID                   repeatable; replay these checks (an id without " [METHOD /path]" means every
                            endpoint's); default: every failure that failed the recorded run
  --target URL              send to this base URL instead of the recorded target
  --token T                 the token the report redacted (or env BEARER_CONFORMANCE_TOKEN)
  --timeout MS              per-request timeout (default 5000)
  --rate N                  max requests per second (default: unlimited on loopback, 50 elsewhere)
  --insecure                accept self-signed TLS certificates

exit codes: 0 every replayed check FIXED, 1 one STILL FAILING, 2 usage error, 3 one COULD NOT TEST`;

interface ReplayOptions {
  reportDir: string;
  ids: string[];
  target?: string;
  token?: string;
  timeoutMs: number;
  rate?: number;
  insecure: boolean;
}

function positiveInteger(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(raw)) throw new UsageError(`--${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function parseReplayOptions(argv: string[], env: NodeJS.ProcessEnv): ReplayOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { id: { type: 'string', multiple: true }, target: { type: 'string' }, token: { type: 'string' }, timeout: { type: 'string' }, rate: { type: 'string' }, insecure: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new UsageError(`replay: ${(err as Error).message.split('\n')[0]}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length !== 1) throw new UsageError(`replay takes one REPORT_DIR, got ${parsed.positionals.length}`);
  if (v.target !== undefined && !/^https?:\/\/[^?#]+$/.test(v.target)) throw new UsageError(`replay: --target must be an http:// or https:// base URL without query, got ${JSON.stringify(v.target)}`);
  if (v.token === '') throw new UsageError('replay: --token is empty');
  return {
    reportDir: parsed.positionals[0]!, ids: v.id ?? [], target: v.target?.replace(/\/+$/, ''), token: v.token ?? (env.BEARER_CONFORMANCE_TOKEN || undefined),
    timeoutMs: positiveInteger('timeout', v.timeout) ?? 5000, rate: positiveInteger('rate', v.rate), insecure: v.insecure ?? false,
  };
}

/** REPORT_DIR's conformance.json (or REPORT_DIR itself when it is that file); unreadable is a usage error. */
function readRecorded(dir: string): ConformanceReport {
  const file = existsSync(dir) && statSync(dir).isFile() ? dir : path.join(dir, REPORT_FILES.json);
  let report: ConformanceReport;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  } catch (err) {
    throw new UsageError(`replay: no readable ${REPORT_FILES.json} in ${dir} (${(err as Error).message.split('\n')[0]})`);
  }
  if (typeof report?.target !== 'string' || !Array.isArray(report.results)) throw new UsageError(`replay: ${file} is not a bearer-conformance report`);
  return report;
}

/** Sends one request and judges the answer; the transport's failure is "could not test", except for the property that asks for an answer. */
async function replayRequest(c: ReplayCase, recorded: RecordedRequest, report: ConformanceReport, opts: ReplayOptions): Promise<{ judgement: ReplayJudgement; statusLine?: string }> {
  if (containsRedaction(recorded) && opts.token === undefined) {
    return { judgement: { verdict: 'COULD NOT TEST', reason: 'the recorded request carried the token, redacted in the report: give it with --token' } };
  }
  const wire = toWire(opts.token === undefined ? recorded : withToken(recorded, opts.token), report.target, opts.target ?? report.target);
  try {
    const exchange = await sendRaw(wire, { timeoutMs: opts.timeoutMs, insecure: opts.insecure });
    return { judgement: judgeReplay(c.rule, c.level, wire, exchange.response, opts.token), statusLine: exchange.response.statusLine };
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
    const unanswered = c.rule.kind === 'answers' && err.code !== 'refused' && NO_ANSWER_CODES.has(err.code);
    return { judgement: { verdict: unanswered ? 'STILL FAILING' : 'COULD NOT TEST', reason: err.message } };
  }
}

/** Every request of the case, in order, until one is not FIXED: that one is the case's verdict. */
async function replayOne(c: ReplayCase, report: ConformanceReport, opts: ReplayOptions): Promise<{ judgement: ReplayJudgement; statusLine?: string }> {
  let last: { judgement: ReplayJudgement; statusLine?: string } | undefined;
  for (const recorded of c.recorded) {
    last = await replayRequest(c, recorded, report, opts);
    if (last.judgement.verdict !== 'FIXED') return last;
  }
  return last!;
}

const EXIT: Record<ReplayVerdict, number> = { FIXED: 0, 'STILL FAILING': 1, 'COULD NOT TEST': 3 };

export async function replayMain(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const opts = parseReplayOptions(argv, env);
  if (opts === 'help') {
    process.stdout.write(REPLAY_USAGE + '\n');
    return 0;
  }
  const report = readRecorded(opts.reportDir);
  const selected = selectResults(report, opts.ids);
  if ('unknown' in selected) throw new UsageError(`replay: no check ${selected.unknown.map((id) => JSON.stringify(id)).join(', ')} in ${opts.reportDir}`);
  const target = opts.target ?? report.target;
  const redactor = new Redactor([opts.token]);
  const say = (line: string) => process.stdout.write(redactor.text(line) + '\n');
  if (!selected.length) {
    say(`replay: nothing to replay: no check failed the recorded run (${opts.reportDir})`);
    return 0;
  }
  say(`replay: ${selected.length} check(s) recorded against ${report.target} (profile ${report.profile}), sent to ${target}`);
  const rate = defaultRate(target, opts.rate);
  useTargetGate(new TargetGate({ rate, breakerThreshold: BREAKER_THRESHOLD, retryOn429: true }));
  const tally: Record<ReplayVerdict, number> = { FIXED: 0, 'STILL FAILING': 0, 'COULD NOT TEST': 0 };
  try {
    for (const result of selected) {
      const c = replayCase(result, report);
      const { judgement, statusLine } = 'reason' in c ? { judgement: { verdict: 'COULD NOT TEST' as const, reason: c.reason }, statusLine: undefined } : await replayOne(c, report, opts);
      tally[judgement.verdict]++;
      say(`${judgement.verdict.padEnd(14)} ${result.id} (${result.level})${statusLine ? ` → ${statusLine}` : ''}\n${' '.repeat(15)}${judgement.reason}`);
    }
  } finally {
    useTargetGate(undefined);
  }
  say(`replay: ${tally.FIXED} fixed, ${tally['STILL FAILING']} still failing, ${tally['COULD NOT TEST']} could not test`);
  return tally['STILL FAILING'] ? EXIT['STILL FAILING'] : tally['COULD NOT TEST'] ? EXIT['COULD NOT TEST'] : EXIT.FIXED;
}
