// The GitHub Actions recipe (examples/github-actions.yml) runs as written: its bearer-conformance
// commands are taken from the file, the GitHub expressions and secrets filled in, the API replaced by
// a reference server, and the artifacts laid out as download-artifact lays them out. Both shards
// and the merge must exit 0 against a conformant target, the merge must hold every check once, and
// $GITHUB_STEP_SUMMARY must get a summary per step without the password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startReferenceServer, DEMO_USERS } from '../reference-server/server.ts';
import { BIN, ROOT } from './helpers/root.ts';
import { collect } from './helpers/spawn.ts';
import type { Collected } from './helpers/spawn.ts';
import { readConformanceJson } from './helpers/report-schema.ts';

const WORKFLOW = path.join(ROOT, 'examples', 'github-actions.yml');

/** The `run:` commands of the workflow that call bearer-conformance, folded (`>-`) blocks joined. */
export function workflowCommands(yaml: string): string[] {
  const lines = yaml.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(?:- )?run: (.*)$/.exec(lines[i]!);
    if (!m) continue;
    let command = m[2]!;
    if (command === '>-') {
      const parts: string[] = [];
      while (i + 1 < lines.length && lines[i + 1]!.search(/\S/) > m[1]!.length) parts.push(lines[++i]!.trim());
      command = parts.join(' ');
    }
    if (command.startsWith('npx bearer-conformance')) out.push(command);
  }
  return out;
}

/** A shell command, asynchronously: the reference server answers from this process's event loop. */
function sh(command: string, opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Collected> {
  return collect('bash', ['-c', command], { ...opts, timeoutMs: 300_000 });
}

test('the GitHub Actions example runs as written: two shards, then the merge, each exit 0, one summary per step', async () => {
  const server = await startReferenceServer({ port: 0, mode: 'fastapi', validateTokens: true, quiet: true });
  const work = mkdtempSync(path.join(os.tmpdir(), 'bc-ci-recipe-'));
  const summary = path.join(work, 'step-summary.md');
  const [user, password] = Object.entries(DEMO_USERS)[0]!;
  writeFileSync(path.join(work, 'bearer-baseline.json'), JSON.stringify({ profile: 'fastapi', entries: {} }));
  try {
    const commands = workflowCommands(readFileSync(WORKFLOW, 'utf8'));
    assert.equal(commands.length, 2, `a shard command and a merge command: ${commands.join('\n')}`);
    const [shardCommand, mergeCommand] = commands as [string, string];
    const bin = `${process.execPath} ${BIN}`;
    const run = (command: string, shard?: number) => {
      const filled = command
        .replace(/^npx bearer-conformance/, bin)
        .replaceAll('${{ matrix.shard }}', String(shard))
        .replaceAll('${{ github.run_number }}', '42')
        .replaceAll('http://127.0.0.1:8000', server.url);
      assert.doesNotMatch(filled, /\$\{\{/, 'every GitHub expression is filled in');
      return sh(filled, { cwd: work, env: { ...process.env, CI: '1', API_TEST_USER: user, API_TEST_PASSWORD: password, GITHUB_STEP_SUMMARY: summary } });
    };
    for (const shard of [1, 2]) {
      const r = await run(shardCommand, shard);
      assert.equal(r.code, 0, `shard ${shard}: ${r.stdout}\n${r.stderr}`);
    }
    // download-artifact puts each artifact in a directory named after it
    for (const shard of [1, 2]) renameSync(path.join(work, 'reports', `shard-${shard}`), path.join(work, 'reports', `conformance-shard-${shard}`));
    const merged = await run(mergeCommand);
    assert.equal(merged.code, 0, `merge: ${merged.stdout}\n${merged.stderr}`);

    const out = path.join(work, 'reports', 'merged');
    const report = readConformanceJson(out);
    assert.equal(report.summary.verdict, 'conformant');
    assert.equal(report.partial, false);
    const suites = new Set(report.results.map((r) => r.suite));
    assert.deepEqual([...suites].sort(), ['docs', 'fuzz', 'headers', 'openapi'], 'all four suites, across the two shards');
    assert.equal(new Set(report.results.map((r) => r.id)).size, report.results.length, 'no check twice');
    for (const f of ['index.html', 'junit.xml', path.join('playwright', 'index.html')]) assert.ok(existsSync(path.join(out, f)), f);

    const md = readFileSync(summary, 'utf8');
    assert.equal(md.match(/^### .* bearer-conformance: conformant/gm)?.length, 3, md);
    assert.equal(md.match(/Baseline `bearer-baseline\.json`: \*\*0 new failure\(s\)\*\*/g)?.length, 3, md);
    for (const part of ['shard 1 of 2', 'shard 2 of 2', 'merged from 2 of 2 shards']) assert.ok(md.includes(` · ${part} · `), `${part}:\n${md}`);
    assert.match(readFileSync(path.join(out, 'index.html'), 'utf8'), / · merged from 2 of 2 shards · /);
    const everything = [md, ...readdirSync(path.join(work, 'reports'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile()).map((e) => readFileSync(path.join(e.parentPath, e.name), 'latin1'))].join('\n');
    assert.ok(!everything.includes(password), 'the password is in no report and not in the step summary');
  } finally {
    await server.close();
  }
});
