// bearer-conformance matrix (issue 8): a small matrix through the real CLI — two reference modes
// judged by one profile (they differ), a `start`-command target, a start command that fails, and a
// running URL that validates its token — gives the expected columns, rows, differences and
// evidence links; the failed target is a column of "—" with its reason and the others still run;
// the given token is in no file; the started server is stopped. Bad configs exit 2 with one line.
// An interop target that is not installed or does not start is a column of "—" with its reason.
// Ctrl-C stops the running target and still writes the matrix of what finished.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startReferenceServer } from '../reference-server/server.ts';
import { loadMatrixConfig } from '../bin/matrix-config.ts';
import type { PlannedTarget } from '../bin/matrix-config.ts';
import { buildMatrix } from '../bin/matrix-report.ts';
import { runColumn } from '../bin/matrix-run.ts';
import { Redactor } from '../suites/redact.ts';
import type { MatrixReport } from '../bin/matrix-report.ts';
import { renderMatrixHtml } from '../bin/matrix-html.ts';
import type { Result } from '../suites/results.ts';
import type { TargetOutcome } from '../bin/matrix-run.ts';
import { runCli, tempReportDir } from './helpers/cli.ts';
import { BIN } from './helpers/root.ts';
import type { CliRun } from './helpers/cli.ts';
import { readConformanceJson, readMatrixJson } from './helpers/report-schema.ts';
import { fixtureReport } from './helpers/report-fixture.ts';

const TOKEN_ENV = 'MATRIX_TEST_TOKEN';

function writeConfig(config: unknown): string {
  const file = path.join(tempReportDir(), 'matrix.json');
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  return file;
}

function readMatrix(run: CliRun): MatrixReport {
  return readMatrixJson(run.reportDir);
}

function portClosed(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect(Number(port), hostname, () => { s.destroy(); resolve(false); });
    s.on('error', () => resolve(true));
  });
}

test('a matrix of five targets: columns, rows, a difference, evidence links, a "—" column, no token anywhere', { timeout: 200_000 }, async () => {
  const server = await startReferenceServer({ port: 0, mode: 'documented', validateTokens: true, quiet: true });
  const token = server.issueToken('alice');
  try {
    const config = writeConfig({
      profile: 'documented',
      suites: ['headers'],
      args: ['--seed', '1'],
      targets: [
        { name: 'ref documented', interop: 'reference (documented)' },
        { name: 'ref 0.92', interop: 'reference (fastapi@0.92)' },
        { name: 'started', start: `echo starting; "${process.execPath}" "${BIN}" serve --port {port} --mode rfc6750`, url: 'http://127.0.0.1:{port}', profile: 'rfc6750' },
        { name: 'never starts', start: 'echo cannot bind the port >&2; exit 7', url: 'http://127.0.0.1:{port}' },
        { name: 'running', url: server.url, tokenEnv: TOKEN_ENV },
      ],
    });
    const started = Date.now();
    const run = await runCli(['matrix', '--config', config], { env: { [TOKEN_ENV]: token }, timeoutMs: 180_000 });
    const elapsed = Date.now() - started;
    assert.equal(run.code, 3, `a target did not start: exit 3\n${run.stdout}${run.stderr}`);
    assert.ok(elapsed < 150_000, `ends within 150 s (took ${elapsed} ms)`);

    // One line per target as it finishes, in order, the failed start in the middle.
    const lines = run.stdout.split('\n').filter((l) => /^\[\d\/5\] /.test(l));
    assert.deepEqual(lines.map((l) => /^\[\d\/5\] ([^:]+):/.exec(l)?.[1]), ['ref documented', 'ref 0.92', 'started', 'never starts', 'running']);
    assert.match(lines[1]!, /nonconformant .*exit 1/);
    assert.match(lines[3]!, /did-not-start .*cannot bind the port/);

    const matrix = readMatrix(run);
    assert.deepEqual(matrix.columns.map((c) => [c.name, c.kind, c.profile, c.status, c.verdict ?? null, c.exitCode ?? null]), [
      ['ref documented', 'interop', 'documented', 'judged', 'conformant', 0],
      ['ref 0.92', 'interop', 'documented', 'judged', 'nonconformant', 1],
      ['started', 'start', 'rfc6750', 'judged', 'conformant', 0],
      ['never starts', 'start', 'documented', 'did-not-start', null, null],
      ['running', 'url', 'documented', 'judged', 'conformant', 0],
    ]);
    const [documented, old, , never, running] = matrix.columns.map((c) => c.slug);
    assert.match(matrix.columns[3]!.reason ?? '', /cannot bind the port/);
    assert.equal(matrix.columns[3]!.report, undefined);

    // Rows are the requirements the targets ran (the union of their reports), each with level and quote.
    const results = (slug: string) => readConformanceJson(path.join(run.reportDir, 'targets', slug)).results;
    const ran = matrix.columns.filter((c) => c.report).map((c) => results(c.slug));
    assert.equal(ran.length, 4);
    assert.deepEqual(matrix.rows.map((r) => r.id).sort(), [...new Set(ran.flat().map((r) => r.id))].sort());
    assert.ok(matrix.rows.length > 20);
    for (const row of matrix.rows) {
      assert.equal(row.suite, 'headers');
      assert.match(row.level, /^(MUST|SHOULD|INFO)$/);
      assert.ok(row.source.length > 20, `${row.id} has its quote`);
      assert.equal(Object.keys(row.cells).length, 5);
      assert.equal(row.cells[never!]!.state, 'none', 'the target that did not start is "—" in every row');
    }

    // FastAPI 0.92's empty-token acceptance, as the reference server models it, against the documented behaviour.
    const empty = matrix.rows.find((r) => r.id === 'headers.empty-token')!;
    assert.equal(empty.cells[documented!]!.state, 'pass');
    assert.equal(empty.cells[old!]!.state, 'fail');
    assert.equal(empty.differs, true);
    assert.match(empty.cells[old!]!.message ?? '', /got 200/);
    const missing = matrix.rows.find((r) => r.id === 'headers.missing')!;
    assert.equal(missing.differs, false);
    assert.equal(matrix.differences, matrix.rows.filter((r) => r.differs).length);
    assert.ok(matrix.differences >= 1);

    // Every link points at the right requirement's evidence in that target's index.html.
    let links = 0;
    for (const row of matrix.rows) {
      for (const [slug, cell] of Object.entries(row.cells)) {
        if (cell.state === 'none') continue;
        const [file, anchor] = cell.href!.split('#');
        assert.equal(file, `targets/${slug}/index.html`);
        const html = readFileSync(path.join(run.reportDir, file!), 'utf8');
        const at = html.indexOf(`<details id="${anchor}"`);
        assert.ok(at >= 0, `${cell.href} exists`);
        assert.ok(html.slice(at, html.indexOf('</summary>', at)).includes(`<strong>${row.id}</strong>`), `${cell.href} is the evidence of ${row.id}`);
        links++;
      }
    }
    assert.equal(links, ran.flat().length, 'every result of every target is a linked cell');

    // The page: self-contained, a differences-only table with the differing rows only.
    const html = readFileSync(path.join(run.reportDir, 'matrix.html'), 'utf8');
    assert.doesNotMatch(html, /<script|<link|(?:src|href)="(?:https?:)?\/\//i);
    for (const c of matrix.columns) assert.ok(html.includes(c.name), `${c.name} is a column`);
    const differing = /<table id="differing">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    assert.ok(differing.includes('id="diff-headers.empty-token"'));
    assert.ok(!differing.includes('id="diff-headers.missing"'));
    assert.ok(html.includes('id="row-headers.missing"'));
    assert.match(html, /id="legend"/);

    // The token was used (the URL target validates it: conformant) and is in no file; the started server is gone.
    assert.match(readFileSync(path.join(run.reportDir, 'targets', running!, 'conformance.json'), 'utf8'), /Authorization: Bearer \[redacted\]/);
    assert.ok(!run.allReportText().includes(token), 'the token appears in a file under the report directory');
    assert.ok(!(run.stdout + run.stderr).includes(token));
    // The server is the shell's child (not exec'd: two commands), so only stopping the group stops it.
    assert.ok(await portClosed(matrix.columns[2]!.url!), 'the start command\'s server was stopped');
  } finally {
    await server.close();
  }
});

test('a bad config is one line and exit 2, before anything runs', async () => {
  const bad: [unknown, RegExp][] = [
    ['{"targets": [', /not valid JSON/],
    [{ targets: [] }, /targets: expected a non-empty list/],
    [{ targets: [{ name: 'a', interop: 'nope' }] }, /targets\[0\] \(a\): "interop": unknown target "nope"/],
    [{ targets: [{ name: 'a', url: 'http://127.0.0.1:1', interop: 'hono+bearer-auth' }] }, /exactly one of "interop", "url", or "start"/],
    [{ targets: [{ name: 'a', start: 'true' }] }, /exactly one of/],
    [{ targets: [{ name: 'a', start: 'true', url: 'http://127.0.0.1:8000' }] }, /"url" must contain \{port\}/],
    [{ targets: [{ name: 'a', url: 'http://127.0.0.1:1', args: ['--token', 'x'] }] }, /args: --token is not allowed here/],
    [{ targets: [{ name: 'a', url: 'http://127.0.0.1:1', args: ['--fuzz-runs', 'many'] }] }, /args: --fuzz-runs must be an integer/],
    [{ targets: [{ name: 'a', url: 'http://127.0.0.1:1', suites: ['headrs'] }] }, /unknown suite "headrs"/],
    [{ targets: [{ name: 'a', url: 'http://127.0.0.1:1', profile: 'fastapi@0.1.0' }] }, /profile: unknown profile/],
    [{ targets: [{ name: 'a', url: 'http://127.0.0.1:1', tokenEnv: 'MATRIX_TEST_UNSET_VARIABLE' }] }, /MATRIX_TEST_UNSET_VARIABLE is not set/],
    [{ targets: [{ name: 'a', url: 'http://127.0.0.1:1' }, { name: 'a', url: 'http://127.0.0.1:2' }] }, /duplicate name/],
    [{ targets: [{ name: 'a', url: 'http://127.0.0.1:1', tokn: 'x' }] }, /unknown field "tokn"/],
  ];
  for (const [config, message] of bad) assert.throws(() => loadMatrixConfig(writeConfig(config), undefined, {}), message);
  const good = writeConfig({ targets: [{ name: 'a', url: 'http://127.0.0.1:1' }, { name: 'b', interop: 'hono+bearer-auth' }] });
  const plan = loadMatrixConfig(good, ['b'], {});
  assert.deepEqual(plan.targets.map((t) => [t.name, t.profile, t.token]), [['b', 'documented', 'interop-demo-token']]);
  assert.throws(() => loadMatrixConfig(good, ['c'], {}), /--only: no target named "c"/);

  // Through the CLI: exit 2, exactly one line on stderr, and no report written.
  const run = await runCli(['matrix', '--config', writeConfig({ targets: [{ name: 'a', interop: 'nope' }] })], { timeoutMs: 60_000 });
  assert.equal(run.code, 2);
  assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  assert.match(run.stderr, /^bearer-conformance matrix: .*unknown target "nope"/);
  assert.ok(!existsSync(path.join(run.reportDir, 'matrix.json')));
});

test('an interop target that is not installed, or fails to start, is a column of "—" with its reason', async () => {
  const interop = (name: string, why: string | undefined) => ({
    name, profile: 'documented', unavailable: async () => why,
    start: async () => { throw new Error(`${name} did not start: port 1 not open after 15000 ms\nlast output`); },
  });
  const planned = (name: string, why: string | undefined): PlannedTarget =>
    ({ name, slug: name, source: { kind: 'interop', interop: interop(name, why) }, profile: 'documented', suites: ['headers'], args: [] });
  const dir = tempReportDir();
  const missing = await runColumn(planned('missing', 'python3-fastapi / python3-uvicorn are not installed'), dir, new Redactor(), {});
  const broken = await runColumn(planned('broken', undefined), dir, new Redactor(), {});
  assert.deepEqual([missing.status, missing.reason], ['unavailable', 'python3-fastapi / python3-uvicorn are not installed']);
  assert.deepEqual([broken.status, broken.reason], ['did-not-start', 'broken did not start: port 1 not open after 15000 ms']);
  const matrix = buildMatrix({ config: 'x.json', startedAt: new Date(), outcomes: [missing, broken] });
  assert.deepEqual(matrix.columns.map((c) => [c.status, c.report, c.counts.pass]), [['unavailable', undefined, 0], ['did-not-start', undefined, 0]]);
});

test('Ctrl-C stops the running target and still writes the matrix of what finished', { timeout: 120_000 }, async () => {
  const server = await startReferenceServer({ port: 0, mode: 'documented', quiet: true });
  const reportDir = tempReportDir();
  try {
    const targets = ['first', 'second', 'third'].map((name) => ({ name, url: server.url }));
    const config = writeConfig({ suites: ['headers'], targets });
    let sent = false;
    const run = await runCli(['matrix', '--config', config], {
      reportDir,
      timeoutMs: 100_000,
      onStdout: (out, kill) => {
        if (sent || !out.includes('[1/3] first:')) return;
        sent = true;
        // The second target is running once its CLI has written a result (bounded wait).
        void (async () => {
          const json = path.join(reportDir, 'targets', 'second', 'conformance.json');
          for (let i = 0; i < 300 && !existsSync(json); i++) await new Promise((r) => setTimeout(r, 100));
          kill('SIGINT');
        })();
      },
    });
    assert.ok(sent, run.stdout + run.stderr);
    assert.equal(run.code, 130, run.stdout + run.stderr);
    const matrix = readMatrix(run);
    assert.equal(matrix.partial, true);
    assert.deepEqual(matrix.columns.map((c) => c.status), ['judged', 'interrupted', 'not-run']);
    const [first, second, third] = matrix.columns.map((c) => c.slug);
    assert.ok(matrix.rows.length > 20);
    assert.ok(matrix.rows.every((r) => r.cells[first!]!.state === 'pass'), 'the finished target keeps its verdicts');
    assert.ok(matrix.rows.every((r) => r.cells[third!]!.state === 'none'));
    assert.ok(matrix.rows.some((r) => r.cells[second!]!.state === 'none'), 'the interrupted target was cut short');
    assert.ok(existsSync(path.join(reportDir, 'matrix.html')));
  } finally {
    await server.close();
  }
});

function judgedColumn(name: string, profile: string, results: Result[]): TargetOutcome {
  const report = fixtureReport(results, { profile });
  const target: PlannedTarget = { name, slug: name, source: { kind: 'url', url: 'http://127.0.0.1:1' }, profile, suites: ['headers'], args: [] };
  return { target, status: 'judged', exitCode: 0, durationMs: 1, report };
}

test('a cell judged by another expectation than the row\'s title shows its own title and level', () => {
  const result = (title: string, level: Result['level'], verdict: Result['verdict']): Result => ({ id: 'headers.empty-token', suite: 'headers', level, title, source: 'q', verdict, message: '', evidence: {} });
  const documented = 'Sends `Bearer` with no token; expects 401 with a Bearer challenge';
  const fastapi = 'Sends `Bearer` with no token; expects 200, endpoint sees token ""';
  const matrix = buildMatrix({ config: 'm.json', startedAt: new Date(), outcomes: [
    judgedColumn('a', 'documented', [result(documented, 'MUST', 'pass')]),
    judgedColumn('b', 'fastapi', [result(fastapi, 'SHOULD', 'pass')]),
  ] });
  const row = matrix.rows[0]!;
  assert.equal(row.title, documented);
  assert.equal(row.titleOf, 'a');
  assert.deepEqual([row.cells.a!.title, row.cells.b!.title], [undefined, fastapi]);
  assert.equal(row.cells.b!.level, 'SHOULD');
  const html = renderMatrixHtml(matrix);
  assert.match(html, /<details class="own"><summary>≠ expects<\/summary>Sends `Bearer` with no token; expects 200, endpoint sees token &quot;&quot;<\/details>/);
  assert.match(html, /\(as judged for a; cells marked ≠ expects were judged by their own\)/);
});
