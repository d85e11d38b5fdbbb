// One endpoint's fuzz run, shared by its property requirements: echo detection, probes,
// the campaign, a canonical request afterwards; then, per property, shrinking its first failure.
import type fc from 'fast-check';
import type { Endpoint } from '../config.ts';
import { escapeBytes } from '../evidence.ts';
import { CheckFailure, CouldNotTest } from '../checks/failures.ts';
import { decideEchoOracle } from '../checks/oracle.ts';
import type { OracleChoice } from '../checks/oracle.ts';
import type { ProfileName, RawRequest } from '../model/types.ts';
import type { Redactor } from '../redact.ts';
import type { Evidence } from '../results.ts';
import { HttpClient } from '../transport/http.ts';
import { runCampaign } from './campaign.ts';
import type { CampaignResult } from './campaign.ts';
import { describeLines, elideRuns, expectedFor, trialEvidence } from './evidence.ts';
import { REQUESTS } from './generate.ts';
import { probeHttpLayer } from './probes.ts';
import { RawKeepAlivePool } from '../transport/raw-pool.ts';
import type { ProbeReport } from './probes.ts';
import { DIFFERENTIAL_IDS, fuzzRequirement } from './requirements.ts';
import type { FuzzPropertyId, FuzzRequirement } from './requirements.ts';
import { shrinkRun } from './shrink.ts';
import { FuzzThreads, threadsFor } from './threads.ts';
import type { Evaluation, ShrinkBounds } from './shrink.ts';
import { canonicalRequest, runTrial } from './trial.ts';
import type { FuzzTarget, Trial } from './trial.ts';

/**
 * The budget proposed for the CLI's defaults (--fuzz-runs, --fuzz-time): 2000 requests take a
 * second or two on loopback; 30 s bounds a slow or rate-limited target.
 */
export const DEFAULT_FUZZ_BUDGET = { runs: 2000, timeS: 30 } as const;

/** Requests in flight: enough to keep a loopback target busy on 2 cores, few enough to be polite. */
export const DEFAULT_CONCURRENCY = 16;
/** Shrinking: at most this many requests, and at most the fuzz time again (at least 10 s). */
export const SHRINK_MAX_RUNS = 1000;
export const SHRINK_MIN_TIME_MS = 10_000;

export interface FuzzPlan {
  /** base URL of the API under test */
  target: string;
  endpoint: Endpoint;
  profile: ProfileName;
  /** as the user typed it, for the rerun command (e.g. fastapi@0.110.0) */
  profileName?: string;
  /** the token of canonical requests (the demo token, or the user's) */
  token: string;
  validToken: boolean;
  /** why `token` and `validToken` are what they are (checks/token-mode.ts), for the report */
  tokenReason?: string;
  seed: number;
  runs: number;
  timeS: number;
  timeoutMs: number;
  rate: number;
  /** worker threads asked for (--fuzz-threads); used for a run of THREADED_MIN_RUNS or more without --rate */
  threads?: number;
  insecure?: boolean;
  /** `--oracle` (default auto) */
  oracle?: OracleChoice;
  concurrency?: number;
  shrink?: Partial<ShrinkBounds>;
  /** what to draw requests from (default REQUESTS); the project's tests narrow it */
  arbitrary?: fc.Arbitrary<RawRequest>;
}

type ShrinkEvaluation = Evaluation<Trial | undefined>;


export class FuzzSession {
  private constructor(
    readonly plan: FuzzPlan,
    readonly target: FuzzTarget,
    readonly probes: ProbeReport,
    readonly campaign: CampaignResult,
    /** the canonical request sent after the campaign */
    readonly afterwards: Trial,
    private readonly redactor: Redactor,
    /** the status of the canonical request sent first (echo detection) */
    private readonly canonicalStatus: number,
    /** why the echo oracle is on or off */
    readonly echoReason: string,
  ) {}

  static async open(plan: FuzzPlan, redactor: Redactor): Promise<FuzzSession> {
    const concurrency = plan.concurrency ?? DEFAULT_CONCURRENCY;
    const client = new HttpClient({ timeoutMs: plan.timeoutMs, insecure: plan.insecure, connections: concurrency });
    const rawPool = new RawKeepAlivePool({ timeoutMs: plan.timeoutMs, insecure: plan.insecure });
    // a large run is spread over threads (fuzz/threads.ts); they start while the probes are sent
    const starting = FuzzThreads.start(threadsFor(plan.runs, plan.threads ?? 1));
    try {
      const base: FuzzTarget = {
        target: plan.target, endpoint: plan.endpoint, profile: plan.profile, token: plan.token, validToken: plan.validToken,
        echo: false, client, rawPool, timeoutMs: plan.timeoutMs, insecure: plan.insecure,
      };
      const first = await runTrial(base, canonicalRequest(plan.token));
      if (first.outcome.kind === 'unanswered') throw new CouldNotTest(`the target did not answer a canonical request: ${first.outcome.error.message}`, { cause: first.outcome.error });
      const oracle = decideEchoOracle(plan.profile, plan.token, first.outcome.exchange.response, plan.oracle);
      const target: FuzzTarget = { ...base, echo: oracle.echo };
      const probes = await probeHttpLayer(target, redactor);
      const threads = await starting;
      const campaign = await runCampaign(target, plan.arbitrary ?? REQUESTS, { seed: plan.seed, runs: plan.runs, timeMs: plan.timeS * 1000, concurrency }, threads)
        .finally(() => threads?.close());
      const afterwards = await runTrial(target, canonicalRequest(plan.token));
      return new FuzzSession(plan, target, probes, campaign, afterwards, redactor, first.outcome.exchange.response.status, oracle.reason);
    } catch (err) {
      await Promise.all([client.close(), rawPool.close(), starting.then((t) => t?.close())]);
      throw err;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.target.client.close(), this.target.rawPool?.close()]);
  }

  get oracle(): 'valid-token' | 'echo' | 'status' {
    return this.plan.validToken ? 'valid-token' : this.target.echo ? 'echo' : 'status';
  }

  /** `bearer-conformance …` that repeats this run exactly. */
  get rerun(): string {
    const p = this.plan;
    return `bearer-conformance --target ${p.target} --profile ${p.profileName ?? p.profile} --endpoint "${p.endpoint.method} ${p.endpoint.path}" --suites fuzz --seed ${p.seed} --fuzz-runs ${p.runs} --fuzz-time ${p.timeS}`;
  }

  /** The run as evidence: budget, what happened, the probes. */
  summary(): Evidence {
    const c = this.campaign;
    return {
      seed: c.seed,
      profile: this.plan.profile,
      endpoint: `${this.plan.endpoint.method} ${this.plan.endpoint.path}`,
      oracle: this.oracle,
      echo: this.target.echo,
      oracleReason: { echo: this.echoReason, ...(this.plan.tokenReason ? { token: this.plan.tokenReason } : {}) },
      budget: { runs: this.plan.runs, timeS: this.plan.timeS, concurrency: this.plan.concurrency ?? DEFAULT_CONCURRENCY, rate: this.plan.rate, timeoutMs: this.plan.timeoutMs },
      run: {
        sent: c.sent, elapsedMs: Math.round(c.elapsedMs), requestsPerSecond: Math.round(c.sent / (c.elapsedMs / 1000)), threads: c.threads, stoppedBy: c.stoppedBy,
        outcomes: c.outcomes, transports: c.transports,
        failures: Object.fromEntries(Object.entries(c.failures).map(([id, f]) => [id, { count: f.count, firstIndex: f.first.index }])),
        harnessErrors: c.harnessErrors,
      },
      probes: this.probes,
      rerun: this.rerun,
    };
  }

  /** Judges one property: passes, or throws a CheckFailure with the shrunk counterexample. */
  async check(id: FuzzPropertyId, evidence: Evidence): Promise<void> {
    const requirement = fuzzRequirement(id);
    evidence.fuzz = this.summary();
    const failures = this.campaign.failures[id];
    if (failures) await this.shrinkAndFail(requirement, failures.first.index, failures.count, evidence);
    if (this.campaign.stoppedBy === 'gate') throw new CouldNotTest(`the fuzz run stopped after ${this.campaign.sent} of ${this.campaign.planned} requests: ${this.campaign.gateReason}`);
    if (id === 'fuzz.no-5xx') this.checkAfterwards(requirement, evidence);
    if (this.campaign.harnessErrors.count > 0) {
      const first = this.campaign.harnessErrors.first!;
      throw new CouldNotTest(`${this.campaign.harnessErrors.count} generated requests could not be judged (request #${first.index}: ${first.message})`);
    }
    if (this.campaign.sent === 0) throw new CouldNotTest('no generated request was sent within the fuzz budget');
  }

  private checkAfterwards(requirement: FuzzRequirement, evidence: Evidence): void {
    const trial = this.afterwards;
    if (trial.outcome.kind === 'unanswered' && trial.outcome.error.code === 'not-sent') throw new CouldNotTest(`the canonical request after the run was ${trial.outcome.error.message}`);
    const problem = trial.outcome.kind === 'unanswered' ? `no answer (${trial.outcome.error.message})`
      : trial.outcome.exchange.response.status >= 500 ? trial.outcome.judgement.actual : undefined;
    if (problem === undefined) return;
    evidence.afterwards = trialEvidence(trial, { requirementId: requirement.id, actual: problem, timeoutMs: this.plan.timeoutMs, redactor: this.redactor });
    throw new CheckFailure({
      requirementId: requirement.id, level: requirement.level, expected: ['an answer below 500 to a canonical request'], actual: problem,
      message: `after ${this.campaign.sent} generated requests, a canonical request got ${problem}`,
    });
  }

  private evaluate(requirement: FuzzRequirement): (request: RawRequest) => Promise<ShrinkEvaluation> {
    return async (request) => {
      try {
        const trial = await runTrial(this.target, request);
        return { violation: requirement.violation(trial), result: trial };
      } catch {
        return { violation: undefined, result: undefined };
      }
    };
  }

  private async shrinkAndFail(requirement: FuzzRequirement, index: number, count: number, evidence: Evidence): Promise<never> {
    const plan = this.plan;
    const bounds: ShrinkBounds = {
      maxRuns: plan.shrink?.maxRuns ?? SHRINK_MAX_RUNS,
      timeMs: plan.shrink?.timeMs ?? Math.max(SHRINK_MIN_TIME_MS, plan.timeS * 1000),
      window: plan.shrink?.window ?? plan.concurrency ?? DEFAULT_CONCURRENCY,
    };
    const original = this.campaign.failures[requirement.id]!.first;
    // Once the target answers nothing at all, every candidate fails: shrinking would only find the empty request.
    const gone = this.afterwards.outcome.kind === 'unanswered';
    const outcome = gone ? undefined : await shrinkRun(plan.arbitrary ?? REQUESTS, plan.seed, index, this.evaluate(requirement), bounds);
    const shrunk = outcome?.reproduced ? outcome : undefined;
    const note = gone ? 'the target stopped answering; not shrunk' : 'the failure did not happen again when re-sent; not shrunk';
    const trial = shrunk ? shrunk.evaluation.result! : original.trial;
    const actual = shrunk ? shrunk.evaluation.violation! : original.violation!;
    const path = shrunk ? shrunk.path : String(index);
    const opts = { requirementId: requirement.id, timeoutMs: plan.timeoutMs, redactor: this.redactor };
    const shown = trialEvidence(trial, { ...opts, actual });
    evidence.counterexample = {
      seed: plan.seed,
      path,
      index,
      failures: count,
      shrink: shrunk ? { steps: shrunk.steps, runs: shrunk.runs, stoppedBy: shrunk.stoppedBy } : { note },
      ...shown,
      // as first seen; its bytes are the seed's request `index`, replayable with the rerun command
      original: { lines: original.trial.request.lines.map((l) => elideRuns(escapeBytes(this.redactor.text(l)))), actual: original.violation },
      rerun: this.rerun,
    };
    const hint = DIFFERENTIAL_IDS.includes(requirement.id) && !plan.validToken && this.canonicalStatus === 401
      ? ` (a canonical request got 401: if the target validates tokens, pass --token or --username/--password)` : '';
    const how = shrunk ? `shrunk in ${shrunk.steps} steps (${shrunk.runs} requests) to` : `(${note}):`;
    const breaks = DIFFERENTIAL_IDS.includes(requirement.id) ? ` (breaks ${shown.modelRequirement}, ${shown.modelLevel})` : '';
    throw new CheckFailure({
      requirementId: requirement.id, level: requirement.level, expected: expectedFor(trial, requirement.id, plan.timeoutMs), actual,
      message: `${count} of ${this.campaign.sent} generated requests failed; request #${index} (seed ${plan.seed}, path ${path}) ${how} ${describeLines(trial.request.lines)}: expected ${elideRuns(expectedFor(trial, requirement.id, plan.timeoutMs).join(' or '))}; got ${elideRuns(actual)}${breaks}${hint}`,
    });
  }
}
