// The reusable GitHub Action (action.yml) runs as written: its steps are read from the file, the
// `run:` steps executed with bash as the runner executes them (test/helpers/action-runner.ts), against
// a reference server (conformant), a mutant (non-conformant) and a usage error. The outputs, the step
// summary and the gate follow the CLI's verdict and exit code; no secret reaches any file or log.
// The `uses:` step (upload-artifact) is checked structurally.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startReferenceServer, DEMO_USERS } from '../reference-server/server.ts';
import { startBehaviour } from './mutants/header-mutants.ts';
import { CASE_SENSITIVE_SCHEME, VALID_TOKEN } from './mutants/token-mutants.ts';
import { allText } from './helpers/playwright-report.ts';
import { ROOT } from './helpers/root.ts';
import { parseYamlSubset } from './helpers/yaml-subset.ts';
import { runCompositeAction } from './helpers/action-runner.ts';
import type { ActionRun, Mapping } from './helpers/action-runner.ts';

const ACTION = parseYamlSubset(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Mapping;
const STEPS = (ACTION.runs as Mapping).steps as Mapping[];
const SECRET_INPUTS = ['token', 'username', 'password'];

/** The mutant test/replay.test.ts uses too: validates one token, but refuses `bearer` in lower case. */
const CASE_SENSITIVE = CASE_SENSITIVE_SCHEME;

async function runAction(inputs: Record<string, string>): Promise<ActionRun & { workspace: string; summary: () => string; everything: () => string }> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'bc-action-'));
  const summaryFile = path.join(workspace, '.step-summary.md');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.startsWith('BEARER_CONFORMANCE_')));
  const run = await runCompositeAction(ACTION, { actionPath: ROOT, workspace, summaryFile, inputs, env: { ...env, CI: 'true' } });
  return {
    ...run, workspace,
    summary: () => (existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : ''),
    everything: () => [allText(workspace), ...run.steps.flatMap((s) => [s.stdout, s.stderr])].join('\n'),
  };
}

function step(run: ActionRun, name: RegExp) {
  const found = run.steps.find((s) => name.test(s.name));
  assert.ok(found, `a step named ${name}`);
  return found;
}

const log = (run: ActionRun) => run.steps.map((s) => `## ${s.name} (${s.status}, exit ${s.exitCode})\n${s.stdout}${s.stderr}`).join('\n');

test('action.yml: composite, the inputs and outputs of its contract, secrets only in the environment, the report uploaded always', () => {
  assert.equal((ACTION.runs as Mapping).using, 'composite');
  const inputs = Object.keys(ACTION.inputs as Mapping);
  for (const name of ['target', 'profile', ...SECRET_INPUTS, 'suites', 'baseline', 'report-dir', 'args']) assert.ok(inputs.includes(name), `input ${name}`);
  for (const name of ['verdict', 'exit-code']) assert.match(((ACTION.outputs as Mapping)[name] as Mapping).value as string, /^\$\{\{ steps\.run\.outputs\.[\w-]+ \}\}$/);

  for (const s of STEPS.filter((s) => s.run !== undefined)) {
    assert.equal(s.shell, 'bash', `${s.name as string}: shell bash`);
    // inputs reach a script through env only: an expression in a script is a script injection
    assert.doesNotMatch(s.run as string, /\$\{\{/, `${s.name as string}: no expression inside the script`);
    // the CLI reads its secrets from BEARER_CONFORMANCE_*: on its command line they would show in process lists
    assert.doesNotMatch(s.run as string, /--(token|username|password)\b/, `${s.name as string}: no secret flag on a command line`);
  }
  const secretUses = STEPS.flatMap((s) => Object.entries((s.env ?? {}) as Mapping).filter(([, v]) => SECRET_INPUTS.some((i) => v === `\${{ inputs.${i} }}`)).map(([k]) => k));
  assert.deepEqual(secretUses.sort(), ['BEARER_CONFORMANCE_PASSWORD', 'BEARER_CONFORMANCE_TOKEN', 'BEARER_CONFORMANCE_USERNAME']);
  assert.ok(!JSON.stringify((ACTION.outputs as Mapping)).match(/inputs\.(token|username|password)/), 'no secret in an output');

  const upload = STEPS.find((s) => typeof s.uses === 'string' && (s.uses as string).startsWith('actions/upload-artifact@'))!;
  assert.ok(upload, 'an upload-artifact step');
  assert.equal(upload.uses, 'actions/upload-artifact@v4');
  assert.equal(upload.if, 'always()');
  assert.equal((upload.with as Mapping).path, '${{ inputs.report-dir }}');
  assert.equal((upload.with as Mapping).name, '${{ inputs.artifact-name }}');
  const gate = STEPS[STEPS.length - 1]!;
  assert.ok(STEPS.indexOf(upload) < STEPS.length - 1, 'the gate comes after the upload');
  assert.match(gate.run as string, /exit "\$EXIT_CODE"/);
  assert.equal((gate.env as Mapping).EXIT_CODE, '${{ steps.run.outputs.exit-code }}');
});

test("docs/ci.md's `uses:` example names only the action's inputs and outputs", () => {
  const page = readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8');
  const example = /```yaml\n( *- uses: OWNER\/bearer-conformance@REF\n[\s\S]*?)```/.exec(page)?.[1];
  assert.ok(example, 'a `uses:` example in docs/ci.md');
  const withKeys = [...example.matchAll(/^ {10}([\w-]+):/gm)].map((m) => m[1]!);
  const mentioned = [...(/also: ([\w-]+(?:, [\w-]+)*)/.exec(example)?.[1]?.split(', ') ?? [])];
  assert.ok(withKeys.length >= 3, withKeys.join(', '));
  for (const key of [...withKeys, ...mentioned, 'username', 'password']) assert.ok(key in (ACTION.inputs as Mapping), `input ${key}`);
  for (const m of example.matchAll(/steps\.bearer\.outputs\.([\w-]+)/g)) assert.ok(m[1]! in (ACTION.outputs as Mapping), `output ${m[1]}`);
});

test('the action against a conformant reference server: verdict conformant, exit code 0, the summary appended, the password nowhere', async () => {
  const server = await startReferenceServer({ port: 0, mode: 'fastapi', validateTokens: true, quiet: true });
  const [username, password] = Object.entries(DEMO_USERS)[0]!;
  try {
    const run = await runAction({ target: server.url, profile: 'fastapi', username, password, suites: 'headers,openapi', args: '--seed 1' });
    assert.deepEqual(run.outputs, { verdict: 'conformant', 'exit-code': '0', 'report-dir': 'reports/bearer-conformance' }, log(run));
    assert.match(step(run, /browser/).stdout, /no browser installed/);
    assert.equal(step(run, /^Gate/).exitCode, 0);
    const upload = step(run, /^Upload/);
    assert.equal(upload.status, 'recorded');
    assert.equal(upload.with?.path, 'reports/bearer-conformance');
    assert.ok(existsSync(path.join(run.workspace, upload.with!.path!, 'conformance.json')), 'the uploaded directory holds the report');
    assert.equal(run.summary().match(/^### ✅ bearer-conformance: conformant/gm)?.length, 1, run.summary());
    assert.ok(!run.everything().includes(password), 'the password is in no file and no log');
  } finally {
    await server.close();
  }
});

test('the action against a mutant: verdict nonconformant, exit code 1, the gate fails the step, the token nowhere', async () => {
  const mutant = await startBehaviour(CASE_SENSITIVE);
  try {
    const run = await runAction({ target: mutant.url, token: VALID_TOKEN, suites: 'headers', 'report-dir': 'out/bc', 'artifact-name': 'bc-mutant' });
    assert.equal(step(run, /^Run/).exitCode, 0, 'the run step records the exit code and leaves the failing to the gate');
    assert.deepEqual(run.outputs, { verdict: 'nonconformant', 'exit-code': '1', 'report-dir': 'out/bc' }, log(run));
    assert.equal(step(run, /^Gate/).exitCode, 1);
    assert.deepEqual(step(run, /^Upload/).with, { name: 'bc-mutant', path: 'out/bc', 'if-no-files-found': 'warn' });
    assert.match(run.summary(), /^### ❌ bearer-conformance: nonconformant/m);
    assert.match(run.summary(), /headers\.scheme-lowercase/);
    assert.ok(!run.everything().includes(VALID_TOKEN), 'the token is in no file and no log');
  } finally {
    await mutant.close();
  }
});

test('the action with a usage error: exit code 2, verdict none, the summary says why, the step fails', async () => {
  const run = await runAction({ target: 'http://127.0.0.1:9', profile: 'no-such-profile', suites: 'headers' });
  assert.deepEqual(run.outputs, { verdict: 'none', 'exit-code': '2', 'report-dir': 'reports/bearer-conformance' }, log(run));
  assert.match(run.summary(), /^### ⚠️ bearer-conformance: exit 2 \(usage or configuration error\)/m);
  assert.match(step(run, /^Run/).stderr, /--profile/);
  assert.equal(step(run, /^Gate/).exitCode, 2);
});
