// One conformance run: resolve the plan (target, profile, endpoints, token, seed), hand it to
// Playwright Test, and turn the written report into a summary and an exit code. Whatever happens
// (unreachable target, a crashed runner, Ctrl-C), a conformance.json is left behind.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { resolveProfile } from '../suites/model/profiles.ts';
import { RUN_ENV, SECRETS_ENV } from '../suites/config.ts';
import { CODE_ROOT, codeFile } from '../suites/layout.ts';
import { missingBrowserNotice } from '../suites/browser.ts';
import { BREAKER_THRESHOLD, TargetGate, defaultRate, useTargetGate } from '../suites/transport/gate.ts';
import type { RunConfig, Secrets } from '../suites/config.ts';
import { buildReport, readReport, shardSection, writeReport } from '../suites/reporters/write.ts';
import { summarise } from '../suites/reporters/report.ts';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import { startReferenceServer } from '../reference-server/server.ts';
import { DEMO_USERS } from '../reference-server/server.ts';
import { UsageError } from './args.ts';
import type { Options } from './args.ts';
import { FALLBACK_ENDPOINT, discoverEndpoints, resolveAgainstTarget, schemeIndex } from './discover.ts';
import { resolveScheme } from '../suites/model/profiles.ts';
import { CannotTest, TokenEndpointMissing, TokenRefused, assertReachable, learnTokenValidations, passwordGrant } from './preflight.ts';
import { loadOpenApi, tokenEndpointFor } from '../suites/openapi/index.ts';
import { readBaseline } from './baseline.ts';
import { scopePlan, scopesForRunToken } from './scopes.ts';
import { concludeRun } from './conclude.ts';
import { allRequirements } from '../suites/catalogue/requirements.ts';
import { onlyMatcher } from '../suites/catalogue/select.ts';
import type { SuiteName } from '../suites/results.ts';
import { groupByReason, listEndpoints, planLine } from './banner.ts';
import { planWholeApi, samples } from './whole-api.ts';
import type { WholeApiPlan } from './whole-api.ts';
import { fuzzRunsEach } from '../suites/sweep/sample.ts';

export const EXIT_INTERRUPTED = 130;
/** 128 + SIGTERM (15), as a shell reports a process ended by SIGTERM. */
export const EXIT_TERMINATED = 143;
const EXIT_ON_SIGNAL: Partial<Record<NodeJS.Signals, number>> = { SIGINT: EXIT_INTERRUPTED, SIGTERM: EXIT_TERMINATED };

export interface RunOutcome {
  exitCode: number;
  report?: ConformanceReport;
}

function log(line: string): void {
  process.stdout.write(line + '\n');
}

/** `--profile NAME` resolved (`fastapi@X.Y.Z` to its behaviour); an unknown name is a usage error. */
export function profileOf(name: string): RunConfig['profile'] {
  try {
    return resolveProfile(name);
  } catch (err) {
    throw new UsageError(`--profile: ${(err as Error).message}`);
  }
}

export async function runConformance(opts: Options): Promise<RunOutcome> {
  const profile = profileOf(opts.profile);
  if (opts.updateBaseline && !opts.baseline) throw new UsageError('--update-baseline needs --baseline FILE');
  // Checked here, not in parseOptions: the matrix hands the credentials over in the environment.
  if (opts.scopes && opts.username === undefined) throw new UsageError('--scopes needs --username and --password: the narrower token comes from the password grant');
  if (opts.baseline && !opts.updateBaseline) readBaseline(opts.baseline); // a missing or broken file is a usage error before the run, not after it
  const suites = suitesFor(opts, profile);
  const reportDir = path.resolve(opts.reportDir);
  const startedAt = new Date();
  const seed = opts.seed ?? randomInt(2 ** 31 - 1);
  const embedded = opts.target === undefined ? await startReferenceServer({ port: 0, mode: profile, quiet: true }) : undefined;
  const target = opts.target ?? embedded!.url;
  if (embedded) log(`no --target: testing the embedded reference server (mode ${profile}) at ${target}`);

  const fail = (message: string, exitCode: number): RunOutcome => {
    const shard = shardSection({ shard: opts.shard, suites: opts.suites, seed, embedded: embedded !== undefined });
    const report = buildReport({ target, profile: opts.profile, strict: opts.strict, partial: true, startedAt, results: [], interruption: message, shard });
    process.stderr.write(`bearer-conformance: ${message}\n`);
    return { exitCode, report: concludeRun(report, reportDir, {}).report };
  };

  // Every request of the run, the CLI's own included, goes through one gate whose counts outlive
  // Playwright's worker restarts (suites/transport/gate.ts).
  const rate = defaultRate(target, opts.rate);
  const gateDir = mkdtempSync(path.join(os.tmpdir(), 'bearer-conformance-gate-'));
  const gateFile = path.join(gateDir, 'gate.json');
  const gate = new TargetGate({ stateFile: gateFile, maxRequests: opts.maxRequests, rate, breakerThreshold: BREAKER_THRESHOLD, retryOn429: true });
  useTargetGate(gate);

  // Until Playwright takes over (its own handler is in runPlaywright), Ctrl-C or SIGTERM during the
  // preflight (a slow target, a token endpoint that hangs) still leaves a report and the right code.
  const beforeChecks = (signal: NodeJS.Signals) => {
    const { exitCode } = fail(`${signal}: interrupted before any check ran`, EXIT_ON_SIGNAL[signal] ?? EXIT_INTERRUPTED);
    rmSync(gateDir, { recursive: true, force: true });
    process.exit(exitCode);
  };
  const watchSignals = (on: boolean) => (['SIGINT', 'SIGTERM'] as const).forEach((s) => (on ? process.on(s, beforeChecks) : process.off(s, beforeChecks)));
  watchSignals(true);

  try {
    const net = { timeoutMs: opts.timeoutMs, insecure: opts.insecure };
    await assertReachable(target, net);
    const openapi = resolveAgainstTarget(target, opts.openapi);
    const docs = resolveAgainstTarget(target, opts.docs);
    const { doc, problem } = await loadOpenApi(openapi, net).then(
      (served) => (served.doc !== undefined ? { doc: served.doc, problem: undefined } : { doc: undefined, problem: served.notOpenApi }),
      (err: Error) => ({ doc: undefined, problem: err.message }));
    const declared = doc ? schemeIndex(doc) : () => undefined;
    const dated = (e: RunConfig['endpoints'][number]) => datedScheme(e, opts.profile, declared);
    const discovered = chooseEndpoints(opts, doc, problem).map(dated);

    const secrets: Secrets = { token: opts.token, username: opts.username, password: opts.password };
    if (opts.username !== undefined && opts.password !== undefined) {
      const tokenUrl = tokenEndpointFor(doc, docs)?.url ?? `${target}/token`;
      try {
        const scopes = scopesForRunToken(doc, discovered);
        secrets.token = await passwordGrant(tokenUrl, opts.username, opts.password, { ...net, scopes });
        log(`obtained a token from ${tokenUrl} for ${opts.username}${scopes.length ? ` with scope "${scopes.join(' ')}"` : ''}`);
        if (opts.scopes) {
          secrets.scopedToken = await passwordGrant(tokenUrl, opts.username, opts.password, { ...net, scopes: opts.scopes });
          log(`obtained a second token with only scope "${opts.scopes.join(' ')}" (--scopes)`);
        }
      } catch (err) {
        if (!(err instanceof TokenEndpointMissing)) throw err;
        log(`${err.message}; testing without a valid token (the docs suite answers the token request itself)`);
      }
    } else if (embedded) {
      const [username, password] = Object.entries(DEMO_USERS)[0]!;
      Object.assign(secrets, { username, password });
    }

    const tokenValidation = secrets.token === undefined ? undefined : await learnTokenValidations(target, discovered, secrets.token, seed, net);
    for (const line of groupByReason(tokenValidation ?? {}, 'valid-token mode')) log(line);
    const whole = samples(opts, doc, discovered) && (suites.includes('headers') || suites.includes('fuzz'))
      ? await planWholeApi({ target, doc, profile, secrets, tokenValidation, oracle: opts.oracle, allowUnsafeMethods: opts.allowUnsafeMethods, deep: opts.deep, fuzzBudget: opts.fuzzRuns, net, dated })
      : undefined;
    if (whole) logSampling(whole);
    const endpoints = whole?.endpoints ?? discovered;

    const config: RunConfig = {
      target, profileName: opts.profile, profile, strict: opts.strict, suites, endpoints, openapi, docs,
      timeoutMs: opts.timeoutMs, rate, maxRequests: opts.maxRequests, gateFile, seed,
      fuzzRuns: opts.fuzzRuns, fuzzTimeS: opts.fuzzTimeS, ...(opts.fuzzThreads > 1 ? { fuzzThreads: opts.fuzzThreads } : {}), allowUnsafeMethods: opts.allowUnsafeMethods,
      insecure: opts.insecure, allowCdn: opts.allowCdn, reportDir, embedded: embedded !== undefined, shard: opts.shard, tokenValidation,
      ...(opts.oracle !== 'auto' ? { oracle: opts.oracle } : {}),
      ...(opts.only ? { only: opts.only } : {}),
      ...(opts.scopes && secrets.scopedToken !== undefined ? { scopes: scopePlan(doc, endpoints, opts.scopes) } : {}),
      ...(opts.verbose ? { verbose: true } : {}),
      ...(whole ? { sampling: whole.sampling, sweep: whole.sweep } : {}),
      fuzzRunsEach: fuzzRunsEach(opts.fuzzRuns, endpoints.length),
    };
    log(planLine({ profile: opts.profile, resolved: profile, endpoints, suites, seed, only: opts.only }));
    const noBrowser = suites.includes('docs') ? missingBrowserNotice() : undefined;
    if (noBrowser) process.stderr.write(`bearer-conformance: ${noBrowser}\n`);
    watchSignals(false);
    const { interrupted } = await runPlaywright(config, secrets);
    // The reporter rewrites conformance.json after every check, so even a runner that was killed
    // leaves its finished results there; only a runner that died before its first write leaves none.
    let report = readReport(reportDir, startedAt);
    if (!report) {
      report = buildReport({
        target, profile: opts.profile, strict: opts.strict, partial: true, startedAt, results: [],
        interruption: interrupted ? 'interrupted before any check finished' : 'the test runner ended without writing results',
        shard: shardSection(config),
      });
      writeReport(reportDir, report);
    }
    if (opts.only) report = { ...report, only: opts.only };
    if (config.sampling) report = { ...report, sampling: config.sampling };
    gate.reload();
    const cut = gateCut(gate);
    if (cut) {
      report = { ...report, partial: true, interruption: cut, summary: summarise(report.results, report.strict, true) };
      process.stderr.write(`bearer-conformance: ${cut}\n`);
    }
    const concluded = concludeRun(report, reportDir, { baseline: opts.baseline, updateBaseline: opts.updateBaseline, seed, verbose: opts.verbose });
    if (interrupted) return { exitCode: EXIT_ON_SIGNAL[interrupted] ?? EXIT_INTERRUPTED, report: concluded.report };
    if (isEmptyShard(concluded.report)) {
      log(`shard ${opts.shard!.current}/${opts.shard!.total} got no checks: Playwright gives each shard whole suite files, balanced by number of checks, and none fell to this one. Exit 0; the merged report gives the verdict.`);
      return { ...concluded, exitCode: 0 };
    }
    return concluded;
  } catch (err) {
    if (err instanceof CannotTest) return fail(err.message, 3);
    if (err instanceof TokenRefused) return fail(err.message, 2);
    throw err;
  } finally {
    watchSignals(false);
    useTargetGate(undefined);
    rmSync(gateDir, { recursive: true, force: true });
    await embedded?.close();
  }
}

/**
 * The suites to run: `--suites`, narrowed by `--only` to those holding a requirement it names (a
 * suite file with no test would make Playwright fail). `--only` naming nothing is a usage error.
 */
function suitesFor(opts: Options, profile: RunConfig['profile']): SuiteName[] {
  if (!opts.only) return opts.suites;
  const named = onlyMatcher(opts.only);
  const hit = allRequirements().filter((r) => r.profiles[profile] && named(r.id) && opts.suites.includes(r.suite));
  if (!hit.length) throw new UsageError(`--only ${opts.only.join(',')}: no requirement of ${opts.suites.join(',')} under ${profile} has that id (see --list)`);
  return opts.suites.filter((s) => hit.some((r) => r.suite === s));
}

/** Counts, never a line per operation: the groups and how many of each run deep. */
function logSampling(whole: WholeApiPlan): void {
  const { sampling } = whole;
  log(`whole API: swept ${sampling.swept} secured operations (no header, Basic, empty token${whole.sweep.some((o) => o.probes.some((p) => p.id === 'headers.canonical')) ? ', canonical' : ''}); ${sampling.groups.length} group${sampling.groups.length === 1 ? '' : 's'}, ${whole.endpoints.length} run deep (--deep ${sampling.deep}; --all-operations runs every one deep); fuzz ${sampling.fuzzRunsEach} requests each of --fuzz-runs ${sampling.fuzzBudget}`);
}

/** A shard that finished with nothing to run (no suite file fell to it) does not fail CI on its own. */
function isEmptyShard(report: ConformanceReport): boolean {
  return report.shard !== undefined && !report.partial && report.results.length === 0;
}

/** Why the gate cut the run short (breaker tripped, --max-requests spent with checks left), or undefined. */
function gateCut(gate: TargetGate): string | undefined {
  const { tripped, refused } = gate.snapshot;
  if (tripped) return `the run ended early: target stopped answering (${tripped})`;
  if (refused > 0) return `the run ended early: --max-requests ${gate.maxRequests} reached; the checks left were not run`;
  return undefined;
}

/** The endpoint's declared scheme (from the document, also for --endpoint), dated by the profile name (HTTPBearer's 403 era). */
function datedScheme(endpoint: RunConfig['endpoints'][number], profileName: string, schemeOf: ReturnType<typeof schemeIndex>): RunConfig['endpoints'][number] {
  const declared = endpoint.scheme === 'oauth2' || endpoint.scheme === 'http-bearer' ? endpoint.scheme : schemeOf(endpoint);
  return declared === undefined ? endpoint : { ...endpoint, scheme: resolveScheme(profileName, declared) };
}

function chooseEndpoints(opts: Options, doc: unknown, problem: string | undefined): RunConfig['endpoints'] {
  if (opts.endpoints.length) return opts.endpoints;
  if (!doc) {
    log(`no OpenAPI document (${problem}); testing ${FALLBACK_ENDPOINT.method} ${FALLBACK_ENDPOINT.path}`);
    return [FALLBACK_ENDPOINT];
  }
  const { endpoints, skippedUnsafe } = discoverEndpoints(doc, opts.allowUnsafeMethods);
  if (skippedUnsafe.length) log(`not testing unsafe methods without --allow-unsafe-methods: ${listEndpoints(skippedUnsafe)}`);
  if (!endpoints.length) {
    log(`the OpenAPI document secures no testable operation with an oauth2 or bearer scheme; testing ${FALLBACK_ENDPOINT.method} ${FALLBACK_ENDPOINT.path}`);
    return [FALLBACK_ENDPOINT];
  }
  return endpoints;
}

/** Runs `playwright test` on the chosen suites. Ctrl-C or SIGTERM lets Playwright finish its reports, then stops; `interrupted` names the signal. */
async function runPlaywright(config: RunConfig, secrets: Secrets): Promise<{ interrupted?: NodeJS.Signals }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bearer-conformance-'));
  const planFile = path.join(dir, 'plan.json');
  writeFileSync(planFile, JSON.stringify(config, null, 2), { mode: 0o600 });
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const shard = config.shard ? [`--shard=${config.shard.current}/${config.shard.total}`] : [];
  const child = spawn(process.execPath, [cli, 'test', '--config', codeFile('playwright.config'), ...shard], {
    cwd: CODE_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, [RUN_ENV]: planFile, [SECRETS_ENV]: JSON.stringify(secrets), FORCE_COLOR: '0', PW_TEST_HTML_REPORT_OPEN: 'never' },
  });
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) child.kill('SIGKILL');
    interrupted ??= signal;
    process.stderr.write(`\nbearer-conformance: ${signal}: stopping; writing the partial report\n`);
    child.kill('SIGINT');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await new Promise<void>((resolve) => child.on('close', () => resolve()));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    rmSync(dir, { recursive: true, force: true });
  }
  return { interrupted };
}
