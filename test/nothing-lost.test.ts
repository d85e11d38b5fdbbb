// Nothing lost (issue 7): conformance.json is rewritten after every finished check, so SIGTERM, a
// killed runner or a killed CLI still leave every printed result behind, and a check that crashes
// costs its own requirement an `error`, never the run. (Ctrl-C → 130 is in test/cli.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { runCli } from './helpers/cli.ts';
import type { CliRun, OnStdout } from './helpers/cli.ts';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import { readConformanceJson } from './helpers/report-schema.ts';

/** Requirement ids of the lines the reporter printed with --verbose ("  ✓ pass  [MUST] headers.missing"). */
function printedIds(stdout: string): string[] {
  return [...stdout.matchAll(/^ {2}[✓✗!-] \w+\s+\[\w+\] (\S+)/gm)].map((m) => m[1]!);
}

/** Runs the headers suite and calls `act` once, after at least `after` results were printed. */
async function runAndAct(after: number, act: (kill: (s: NodeJS.Signals) => void, pid: number) => void): Promise<{ run: CliRun; printed: string[] }> {
  let printed: string[] | undefined;
  const onStdout: OnStdout = (out, kill, pid) => {
    if (printed || printedIds(out).length < after) return;
    printed = printedIds(out);
    act(kill, pid);
  };
  const run = await runCli(['--suites', 'headers', '--verbose'], { onStdout, timeoutMs: 120_000 });
  assert.ok(printed, `never saw ${after} results:\n${run.stdout}${run.stderr}`);
  return { run, printed };
}

function assertPartialWith(report: ConformanceReport, printed: string[]): void {
  assert.equal(report.partial, true);
  assert.notEqual(report.summary.verdict, 'conformant');
  const saved = new Set(report.results.map((r) => r.id));
  for (const id of printed) assert.ok(saved.has(id), `${id} was printed but is not in conformance.json`);
  assert.ok(report.results.length < 49, 'the run was not cut short');
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((s) => Number(s.trim())).filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

test('SIGTERM mid-run exits 143 and leaves a partial report with every printed result', async () => {
  const { run, printed } = await runAndAct(3, (kill) => kill('SIGTERM'));
  assert.equal(run.code, 143, run.stdout + run.stderr);
  assert.match(run.stderr, /SIGTERM: stopping; writing the partial report/);
  assertPartialWith(run.report(), printed);
});

test('when the test runner is killed outright the CLI reports what it had saved', async () => {
  const killed: number[] = [];
  const { run, printed } = await runAndAct(3, (_kill, pid) => {
    for (const child of childPids(pid)) {
      process.kill(child, 'SIGKILL');
      killed.push(child);
    }
  });
  assert.equal(killed.length, 1, 'expected one Playwright process under the CLI');
  assert.equal(run.code, 3, run.stdout + run.stderr);
  const report = run.report();
  assertPartialWith(report, printed);
  assert.match(report.interruption ?? '', /did not finish: \d+ of 49 checks/);
  assert.match(run.stdout, /verdict: untestable \(partial run\)/);
});

test('when the CLI and its runner are both killed outright conformance.json is still valid JSON with the printed results', async () => {
  const runners: number[] = [];
  const workers: number[] = [];
  const { run, printed } = await runAndAct(3, (kill, pid) => {
    runners.push(...childPids(pid));
    for (const runner of runners) workers.push(...childPids(runner));
    kill('SIGKILL');
    for (const runner of runners) process.kill(runner, 'SIGKILL');
  });
  assert.equal(run.signal, 'SIGKILL');
  assert.equal(runners.length, 1);
  assert.ok(workers.length >= 1, 'expected a Playwright worker');
  const report = readConformanceJson(run.reportDir);
  assertPartialWith(report, printed);
  // Playwright's worker ends with its runner: nothing is left behind writing into the report directory.
  const deadline = Date.now() + 10_000;
  while (workers.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  for (const pid of workers.filter(alive)) {
    process.kill(pid, 'SIGKILL');
    assert.fail(`the worker ${pid} outlived its runner`);
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a check that crashes is an error for its requirement and the run goes on', async () => {
  const run = await runCli(['--suites', 'headers'], {
    env: { BEARER_CONFORMANCE_TEST_FAULT: 'headers.empty-token:throw,headers.canonical:unhandled' },
  });
  assert.equal(run.code, 3, run.stdout + run.stderr);
  const report = run.report();
  assert.equal(report.partial, false);
  assert.equal(report.results.length, 49);
  const verdict = (id: string) => report.results.find((r) => r.id === id);
  assert.equal(verdict('headers.empty-token')?.verdict, 'error');
  assert.match(verdict('headers.empty-token')!.message, /harness error: Cannot read properties of undefined/);
  assert.equal(verdict('headers.canonical')?.verdict, 'error');
  assert.match(verdict('headers.canonical')!.message, /injected unhandled rejection/);
  assert.deepEqual({ ...report.summary }, { pass: 47, fail: 0, skip: 0, error: 2, infoMisses: 0, verdict: 'untestable' });
});

test('Ctrl-C or SIGTERM during the preflight (a target that never answers) still writes a partial report', async () => {
  const { startHostile } = await import('./fixtures/hostile/server.ts');
  const hanging = await startHostile({ fault: 'hang' });
  try {
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      const startedAt = Date.now();
      const run = await runCli(['--target', hanging.url, '--suites', 'headers', '--timeout', '60000'], {
        timeoutMs: 30_000,
        // once the preflight's first request has arrived (and hangs), the CLI is waiting in the preflight
        onStart: (kill) => {
          const seen = hanging.requests();
          const poll = setInterval(() => hanging.requests() > seen && (clearInterval(poll), kill(signal)), 50);
        },
      });
      assert.equal(run.code, code, run.stdout + run.stderr);
      assert.ok(Date.now() - startedAt < 15_000, 'ended soon after the signal, not after the 60 s timeout');
      const report = run.report();
      assert.equal(report.partial, true);
      assert.equal(report.interruption, `${signal}: interrupted before any check ran`);
      assert.equal(report.summary.verdict, 'untestable');
      assert.match(run.stderr, new RegExp(`${signal}: interrupted before any check ran`));
    }
  } finally {
    await hanging.close();
  }
});
