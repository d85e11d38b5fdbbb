// Runs a composite action's steps as the GitHub runner does, on this machine: `${{ … }}` expressions
// of inputs, steps' outputs and github.action_path filled in (in env, with and if); each `run:` step
// written to a file and run with `bash --noprofile --norc -eo pipefail` (the runner's `shell: bash`);
// GITHUB_OUTPUT a file per step, read back as that step's outputs; GITHUB_STEP_SUMMARY one file for
// the job; a step without `if:` skipped once a step failed, `if: always()` run regardless. A `uses:`
// step is not run: its resolved `with:` is recorded for the caller to check.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { collect } from './spawn.ts';
import type { YamlValue } from './yaml-subset.ts';

export type Mapping = { [key: string]: YamlValue };

export interface StepRun {
  name: string;
  status: 'ran' | 'skipped' | 'recorded';
  exitCode?: number;
  stdout: string;
  stderr: string;
  /** a `uses:` step's inputs, resolved */
  with?: Record<string, string>;
}

export interface ActionRun {
  steps: StepRun[];
  outputs: Record<string, string>;
  /** every file the steps were given to write (outputs, summary), for the caller to search */
  files: string[];
}

export interface ActionContext {
  actionPath: string;
  workspace: string;
  summaryFile: string;
  inputs: Record<string, string>;
  env: NodeJS.ProcessEnv;
}

function asMapping(v: YamlValue | undefined): Mapping {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

function asString(v: YamlValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** GITHUB_OUTPUT's `name=value` lines (the runner also reads `name<<EOF` blocks; the action writes none). */
function readOutputs(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

async function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  // 600 s: a CLI run on a busy 2-core machine
  const r = await collect('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, timeoutMs: 600_000 });
  return { ...r, code: r.code ?? 1 };
}

export async function runCompositeAction(action: Mapping, ctx: ActionContext): Promise<ActionRun> {
  const inputs = asMapping(action.inputs);
  const stepOutputs: Record<string, Record<string, string>> = {};
  const value = (expr: string): string => {
    const input = /^inputs\.([\w-]+)$/.exec(expr);
    if (input) return ctx.inputs[input[1]!] ?? asString(asMapping(inputs[input[1]!]).default) ?? '';
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (output) return stepOutputs[output[1]!]?.[output[2]!] ?? '';
    if (expr === 'github.action_path') return ctx.actionPath;
    throw new Error(`expression not supported by this runner: ${expr}`);
  };
  const fill = (s: string) => s.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_all, expr: string) => value(expr));

  const runs: StepRun[] = [];
  const files = [ctx.summaryFile];
  let failed = false;
  const steps = asMapping(action.runs).steps;
  for (const [index, raw] of (Array.isArray(steps) ? steps : []).entries()) {
    const step = asMapping(raw);
    const name = asString(step.name) ?? `step ${index + 1}`;
    const condition = asString(step.if);
    if (condition !== undefined && condition !== 'always()') throw new Error(`${name}: condition not supported by this runner: ${condition}`);
    if (failed && condition !== 'always()') {
      runs.push({ name, status: 'skipped', stdout: '', stderr: '' });
      continue;
    }
    const uses = asString(step.uses);
    if (uses) {
      const withInputs = Object.fromEntries(Object.entries(asMapping(step.with)).map(([k, v]) => [k, fill(asString(v) ?? '')]));
      runs.push({ name, status: 'recorded', with: withInputs, stdout: '', stderr: '' });
      continue;
    }
    const outputFile = path.join(ctx.workspace, `.github-output-${index}`);
    writeFileSync(outputFile, '');
    files.push(outputFile);
    const script = path.join(ctx.workspace, `.step-${index}.sh`);
    writeFileSync(script, asString(step.run) ?? '');
    const stepEnv = Object.fromEntries(Object.entries(asMapping(step.env)).map(([k, v]) => [k, fill(asString(v) ?? '')]));
    const env = {
      ...ctx.env, ...stepEnv,
      GITHUB_ACTION_PATH: ctx.actionPath, GITHUB_WORKSPACE: ctx.workspace, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: ctx.summaryFile,
    };
    const r = await bash(script, ctx.workspace, env);
    const id = asString(step.id);
    if (id) stepOutputs[id] = readOutputs(outputFile);
    runs.push({ name, status: 'ran', exitCode: r.code, stdout: r.stdout, stderr: r.stderr });
    if (r.code !== 0) failed = true;
  }
  const outputs = Object.fromEntries(Object.entries(asMapping(action.outputs)).map(([k, v]) => [k, fill(asString(asMapping(v).value) ?? '')]));
  return { steps: runs, outputs, files };
}
