// `bearer-conformance replay`: a run against a mutant that compares the scheme case-sensitively (and
// validates one token), then its report replayed: without the token the requests that carried it
// cannot be sent (COULD NOT TEST, exit 3); with it, against the same mutant, STILL FAILING (exit 1);
// against the fixed target (--target), FIXED (exit 0). The same for a fuzz finding (its shrunk
// counterexample). A bad REPORT_DIR is a usage error (exit 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HEADER_MUTANTS, startBehaviour } from './mutants/header-mutants.ts';
import type { Behaviour } from './mutants/header-mutants.ts';
import { CASE_SENSITIVE_SCHEME, TOKEN_TARGETS, VALID_TOKEN } from './mutants/token-mutants.ts';
import { FUZZ_MUTANTS, correct } from './mutants/fuzz-mutants.ts';
import { runCli } from './helpers/cli.ts';
import { BIN, ROOT } from './helpers/root.ts';
import { collect } from './helpers/spawn.ts';
import type { Collected } from './helpers/spawn.ts';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import { escapeBytes } from '../suites/evidence.ts';
import { unescapeBytes } from '../bin/replay-request.ts';

/** A CLI run on a busy 2-core machine (the e2e tier shares it) can outlast runCli's default 240 s. */
const CLI_TIMEOUT_MS = 600_000;

/** The fixed target validates VALID_TOKEN; the mutant also refuses every scheme not spelled `Bearer`. */
const FIXED: Behaviour = TOKEN_TARGETS.strict;
const CASE_SENSITIVE = CASE_SENSITIVE_SCHEME;
/** A fault only generated requests reach: the token lower-cased when an "=" stands inside it. */
const LOWER_CASES_TOKENS = FUZZ_MUTANTS.find((m) => m.name.startsWith('token lower-cased'))!;
/** 401s without WWW-Authenticate: shape.bearer-challenge (MUST), judged on the shape probes' 401s. */
const NO_CHALLENGE = HEADER_MUTANTS.find((m) => m.name === '401 without WWW-Authenticate')!.behaviour;

function replay(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Collected> {
  return collect(process.execPath, [BIN, 'replay', ...args], { cwd: ROOT, env: { ...process.env, BEARER_CONFORMANCE_TOKEN: '', ...env }, timeoutMs: 60_000 });
}

/** "VERDICT id" per replayed check, from the replay's output. */
function verdicts(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of stdout.matchAll(/^(FIXED|STILL FAILING|COULD NOT TEST) +(\S+(?: \[[^\]]*\])?) \(/gm)) out.set(m[2]!, m[1]!);
  return out;
}

test('escaped evidence reads back to the bytes sent, every byte value', () => {
  const all = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i)) + '\\x41\\\\r';
  assert.equal(unescapeBytes(escapeBytes(Buffer.from(all, 'latin1'))), all);
});

test('replay of a headers run with a token: COULD NOT TEST without it, STILL FAILING against the mutant, FIXED against the fixed target', async () => {
  const mutant = await startBehaviour(CASE_SENSITIVE);
  const fixed = await startBehaviour(FIXED);
  try {
    const run = await runCli(['--target', mutant.url, '--suites', 'headers'], { env: { BEARER_CONFORMANCE_TOKEN: VALID_TOKEN }, timeoutMs: CLI_TIMEOUT_MS });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const failed = run.report().results.filter((r) => r.verdict === 'fail' && r.level === 'MUST').map((r) => r.id);
    for (const id of ['headers.scheme-lowercase', 'headers.scheme-uppercase']) assert.ok(failed.includes(id), `${id} in ${failed.join(', ')}`);

    const withoutToken = await replay([run.reportDir]);
    assert.equal(withoutToken.code, 3, withoutToken.stdout + withoutToken.stderr);
    assert.equal(verdicts(withoutToken.stdout).get('headers.scheme-lowercase'), 'COULD NOT TEST');
    assert.match(withoutToken.stdout, /carried the token, redacted in the report: give it with --token/);

    const still = await replay([run.reportDir, '--token', VALID_TOKEN]);
    assert.equal(still.code, 1, still.stdout + still.stderr);
    const stillVerdicts = verdicts(still.stdout);
    assert.deepEqual([...stillVerdicts.keys()].sort(), [...failed].sort(), 'one line per failure of the run');
    for (const id of failed) assert.equal(stillVerdicts.get(id), 'STILL FAILING', `${id}: ${still.stdout}`);
    assert.match(still.stdout, /STILL FAILING +headers\.scheme-lowercase \(MUST\) → HTTP\/1\.1 401 /);

    const fixedRun = await replay([run.reportDir, '--target', fixed.url], { BEARER_CONFORMANCE_TOKEN: VALID_TOKEN });
    assert.equal(fixedRun.code, 0, fixedRun.stdout + fixedRun.stderr);
    for (const id of failed) assert.equal(verdicts(fixedRun.stdout).get(id), 'FIXED', `${id}: ${fixedRun.stdout}`);
    assert.match(fixedRun.stdout, /FIXED +headers\.scheme-lowercase \(MUST\) → HTTP\/1\.1 200 /);

    const one = await replay([run.reportDir, '--target', fixed.url, '--token', VALID_TOKEN, '--id', 'headers.scheme-lowercase']);
    assert.equal(one.code, 0, one.stdout);
    assert.deepEqual([...verdicts(one.stdout).keys()], ['headers.scheme-lowercase']);

    for (const r of [withoutToken, still, fixedRun, one]) assert.ok(!(r.stdout + r.stderr).includes(VALID_TOKEN), 'the token is never printed');
  } finally {
    await mutant.close();
    await fixed.close();
  }
});

test('replay of a fuzz finding: its shrunk counterexample, STILL FAILING against the mutant, FIXED against the correct target; a browser check COULD NOT TEST', async () => {
  const mutant = await startBehaviour(LOWER_CASES_TOKENS.behaviour);
  const fixed = await startBehaviour(correct('documented'));
  try {
    const run = await runCli(['--target', mutant.url, '--suites', 'fuzz', '--seed', '1', '--fuzz-runs', '300'], { timeoutMs: CLI_TIMEOUT_MS });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const report = run.report();
    assert.equal(report.results.find((r) => r.id === LOWER_CASES_TOKENS.caughtBy)?.verdict, 'fail');

    const still = await replay([run.reportDir]);
    assert.equal(still.code, 1, still.stdout + still.stderr);
    assert.equal(verdicts(still.stdout).get('fuzz.differential'), 'STILL FAILING', still.stdout);
    const fixedRun = await replay([run.reportDir, '--target', fixed.url]);
    assert.equal(fixedRun.code, 0, fixedRun.stdout + fixedRun.stderr);
    assert.equal(verdicts(fixedRun.stdout).get('fuzz.differential'), 'FIXED', fixedRun.stdout);

    // A browser check has no request to re-send: COULD NOT TEST, saying why.
    const docs = { ...report.results[0]!, id: 'docs.authorize-bearer', suite: 'docs' as const, verdict: 'fail' as const };
    const withDocs = path.join(mkdtempSync(path.join(os.tmpdir(), 'bc-replay-')), 'conformance.json');
    writeFileSync(withDocs, JSON.stringify({ ...report, results: [...report.results, docs] } satisfies ConformanceReport));
    const browser = await replay([withDocs, '--target', fixed.url, '--id', 'docs.authorize-bearer']);
    assert.equal(browser.code, 3, browser.stdout);
    assert.match(browser.stdout, /COULD NOT TEST +docs\.authorize-bearer .*\n +a docs-suite check is judged in a browser/);
  } finally {
    await mutant.close();
    await fixed.close();
  }
});

test('replay of a shape rule: every shape probe sent again, STILL FAILING while the 401 has no challenge, FIXED once it has', async () => {
  const mutant = await startBehaviour(NO_CHALLENGE);
  const fixed = await startBehaviour(correct('documented'));
  try {
    const run = await runCli(['--target', mutant.url, '--suites', 'headers'], { timeoutMs: CLI_TIMEOUT_MS });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(run.report().results.find((r) => r.id === 'shape.bearer-challenge')?.verdict, 'fail');
    const still = await replay([run.reportDir, '--id', 'shape.bearer-challenge']);
    assert.equal(still.code, 1, still.stdout + still.stderr);
    assert.match(still.stdout, /STILL FAILING +shape\.bearer-challenge \(MUST\) → HTTP\/1\.1 401 [^\n]*\n +the 401 has no WWW-Authenticate/);
    const fixedRun = await replay([run.reportDir, '--target', fixed.url]);
    assert.equal(fixedRun.code, 0, fixedRun.stdout + fixedRun.stderr);
    assert.equal(verdicts(fixedRun.stdout).get('shape.bearer-challenge'), 'FIXED', fixedRun.stdout);
  } finally {
    await mutant.close();
    await fixed.close();
  }
});

test('replay: a directory without a report, an unknown --id and a missing REPORT_DIR are usage errors (exit 2)', async () => {
  const empty = mkdtempSync(path.join(os.tmpdir(), 'bc-replay-empty-'));
  const noReport = await replay([empty]);
  assert.equal(noReport.code, 2);
  assert.match(noReport.stderr, /^bearer-conformance: replay: no readable conformance\.json in /);
  assert.doesNotMatch(noReport.stderr, /\n +at /, 'no stack trace');
  assert.equal((await replay([])).code, 2);
  writeFileSync(path.join(empty, 'conformance.json'), readFileSync(path.join(ROOT, 'examples', 'matrix', 'report', 'targets', 'hono-bearer-auth', 'conformance.json')));
  const unknown = await replay([empty, '--id', 'headers.no-such-check']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no check "headers\.no-such-check"/);
});
