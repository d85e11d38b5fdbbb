// The fuzz suite: generated Authorization headers (fast-check, seeded by the run) against every
// endpoint under test, each response judged by the model for the run's profile. One run per
// endpoint serves every property requirement (the differential one per level); each shrinks its own first failure.
import { test } from '@playwright/test';
import { registerCheck, runContext, runTokenMode } from '../harness.ts';
import { FUZZ_CHECKS } from './checks.ts';
import { FUZZ_REQUIREMENTS, VALID_TOKEN_VARIANTS } from './requirements.ts';
import { endpointKey } from '../checks/token-mode.ts';
import { FuzzSession, SHRINK_MIN_TIME_MS } from './session.ts';
import type { Endpoint, RunConfig } from '../config.ts';
import { judgedUnder } from '../model/requirements/clause.ts';

const { config, redactor } = runContext();
const sessions = new Map<string, Promise<FuzzSession>>();

/** Long enough for the run, the probes and one shrink, each bounded by time (plus slack for slow targets). */
function testTimeoutMs(c: RunConfig): number {
  return c.fuzzTimeS * 1000 + Math.max(SHRINK_MIN_TIME_MS, c.fuzzTimeS * 1000) + 12 * c.timeoutMs + 30_000;
}

test.describe.configure({ timeout: testTimeoutMs(config) });

test.afterAll(async () => {
  await Promise.all([...sessions.values()].map((s) => s.then((session) => session.close(), () => undefined)));
});

/** The endpoint's run, started by whichever of its tests comes first. */
function sessionFor(endpoint: Endpoint): Promise<FuzzSession> {
  const key = endpointKey(endpoint);
  let session = sessions.get(key);
  if (!session) {
    const mode = runTokenMode(endpoint);
    session = FuzzSession.open({
      target: config.target, endpoint, profile: config.profile, profileName: config.profileName,
      token: mode.token, validToken: mode.validToken, tokenReason: mode.reason,
      seed: config.seed, runs: config.fuzzRunsEach ?? config.fuzzRuns, timeS: config.fuzzTimeS,
      timeoutMs: config.timeoutMs, rate: config.rate, insecure: config.insecure, oracle: config.oracle, threads: config.fuzzThreads,
    }, redactor);
    sessions.set(key, session);
  }
  return session;
}

function suffix(endpoint: Endpoint): string {
  return config.endpoints.length > 1 ? ` [${endpoint.method} ${endpoint.path}]` : '';
}

for (const endpoint of config.endpoints) {
  // near misses of the valid token are judged apart, at SHOULD, and only where there is a valid token
  const requirements = runTokenMode(endpoint).validToken ? [...FUZZ_REQUIREMENTS, VALID_TOKEN_VARIANTS] : FUZZ_REQUIREMENTS;
  for (const requirement of requirements) {
    const { level, source, title } = judgedUnder(requirement, config.profile)!;
    const meta = {
      id: requirement.id + suffix(endpoint),
      suite: 'fuzz' as const,
      level,
      title: title + suffix(endpoint),
      source,
    };
    registerCheck(meta, FUZZ_CHECKS[requirement.id], ({ testInfo }) => ({ session: () => sessionFor(endpoint), testInfo, seed: config.seed }));
  }
}
