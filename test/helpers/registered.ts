// What the suites register, as Playwright collects it (`playwright test --list`): each test's
// requirement id, level and title, read from the annotations the harness gives it. Nothing is sent:
// listing only imports the spec files. With `token`, the plan has a token the target is taken to
// validate, so that the checks registered only with a valid token are listed too; with `scopes`, also a
// token granted fewer scopes than the operation declares (as `--scopes` obtains), for the scope checks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { RUN_ENV, SECRETS_ENV } from '../../suites/config.ts';
import type { RunConfig } from '../../suites/config.ts';
import type { ProfileName } from '../../suites/model/types.ts';
import { SUITES } from '../../suites/results.ts';
import { ROOT } from './root.ts';
import { collect } from './spawn.ts';

/** Listing imports every spec file; on a busy 2-core machine that takes seconds, never minutes. */
const LIST_TIMEOUT_MS = 300_000;

export interface Registered {
  id: string;
  level: string;
  title: string;
}

interface JsonSuite {
  specs?: { title: string; tests: { annotations?: { type: string; description?: string }[] }[] }[];
  suites?: JsonSuite[];
}

function* tests(suite: JsonSuite): Generator<Registered> {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests) {
      const note = (type: string) => t.annotations?.find((a) => a.type === type)?.description ?? '';
      yield { id: note('requirement'), level: note('level'), title: spec.title };
    }
  }
  for (const child of suite.suites ?? []) yield* tests(child);
}

/** `token`: list as a run with a valid token (of a target that validates tokens) would register, else as one without; `scopes` adds a narrower token. */
export async function registeredChecks(profile: ProfileName, { token, scopes = false, plan: extra = {} }: { token: boolean; scopes?: boolean; plan?: Partial<RunConfig> }): Promise<Registered[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'catalogue-list-'));
  const target = 'http://127.0.0.1:9';
  const plan: RunConfig = {
    target, profileName: profile, profile, strict: false, suites: [...SUITES], endpoints: [{ method: 'GET', path: '/items/' }],
    openapi: `${target}/openapi.json`, docs: `${target}/docs`, timeoutMs: 1000, rate: 0, seed: 1, fuzzRuns: 1, fuzzTimeS: 1,
    allowUnsafeMethods: false, insecure: false, allowCdn: false, reportDir: path.join(dir, 'reports'), embedded: false,
    ...(token ? { tokenValidation: { 'GET /items/': { verdict: 'validates', reason: 'listing' } } } : {}),
    ...(scopes ? { scopes: { granted: [], missing: { 'GET /items/': ['items'] } } } : {}), ...extra,
  };
  writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan));
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const { code, stdout } = await collect(process.execPath, [cli, 'test', '--config', path.join(ROOT, 'playwright.config.ts'), '--list', '--reporter=json'], {
    cwd: ROOT,
    env: { ...process.env, [RUN_ENV]: path.join(dir, 'plan.json'), [SECRETS_ENV]: JSON.stringify({ ...(token ? { token: 'listing-token' } : {}), ...(scopes ? { scopedToken: 'listing-scoped-token' } : {}) }), FORCE_COLOR: '0' },
    timeoutMs: LIST_TIMEOUT_MS,
  });
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`playwright --list exited ${code}`);
  return (JSON.parse(stdout) as { suites: JsonSuite[] }).suites.flatMap((s) => [...tests(s)]);
}
