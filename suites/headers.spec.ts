// The headers suite: every case of the catalogue against every endpoint under test, judged by the
// model for the run's profile, plus the shape of the 401 (status, challenge, body).
import { test } from '@playwright/test';
import { requirementTest, runContext } from './harness.ts';
import { HEADER_CASES, DEMO_TOKEN } from './catalogue/index.ts';
import { describeOutcome } from './checks/outcome.ts';
import { responseShapeRules } from './checks/shape.ts';
import { HttpClient } from './transport/http.ts';
import { checkHeaderCase, checkShapeRule, detectEcho, predictCase } from './headers/run.ts';
import type { HeaderRunContext } from './headers/run.ts';
import type { Endpoint } from './config.ts';
import type { Prediction } from './model/types.ts';

const { config, secrets, redactor } = runContext();
const validToken = secrets.token !== undefined;
const client = new HttpClient({ timeoutMs: config.timeoutMs, insecure: config.insecure });
const contexts = new Map<string, Promise<HeaderRunContext>>();

// A check may wait for a timeout, its re-send and the gate's liveness request (headers/run.ts).
test.describe.configure({ timeout: Math.max(60_000, 4 * config.timeoutMs + 10_000) });

test.afterAll(async () => client.close());

/** The run context of an endpoint, with the echo oracle detected once. */
function contextFor(endpoint: Endpoint): Promise<HeaderRunContext> {
  const key = `${endpoint.method} ${endpoint.path}`;
  let ctx = contexts.get(key);
  if (!ctx) {
    const base = { target: config.target, profile: config.profile, client, redactor, token: secrets.token ?? DEMO_TOKEN, validToken };
    ctx = detectEcho(base, endpoint).then((echo) => ({ ...base, echo }));
    contexts.set(key, ctx);
  }
  return ctx;
}

/** "expects …" for a title, with the token shown as <token> so titles stay stable and secret-free. */
function expects(prediction: Prediction): string {
  const swapped = [...DEMO_TOKEN].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
  return prediction.acceptable.map(describeOutcome).join(' or ')
    .replaceAll(DEMO_TOKEN, '<token>')
    .replaceAll(swapped, '<token with letter case swapped>')
    .replace(/x{32,}/g, (run) => `x…(${run.length} bytes)`);
}

function suffix(endpoint: Endpoint): string {
  return config.endpoints.length > 1 ? ` [${endpoint.method} ${endpoint.path}]` : '';
}

for (const endpoint of config.endpoints) {
  for (const c of HEADER_CASES) {
    const { prediction } = predictCase({ profile: config.profile, token: DEMO_TOKEN, validToken }, c);
    const meta = {
      id: c.id + suffix(endpoint),
      suite: 'headers' as const,
      level: prediction.requirement.level,
      title: `Sends ${c.sends}; expects ${expects(prediction)}${suffix(endpoint)}`,
      source: prediction.requirement.source,
    };
    requirementTest(meta, async ({ evidence }) => checkHeaderCase(await contextFor(endpoint), c, endpoint, evidence));
  }

  for (const rule of responseShapeRules(config.profile)) {
    const meta = {
      id: rule.requirement.id + suffix(endpoint),
      suite: 'headers' as const,
      level: rule.requirement.level,
      title: `${rule.title}${suffix(endpoint)}`,
      source: rule.requirement.source,
    };
    requirementTest(meta, async ({ evidence }) => checkShapeRule(await contextFor(endpoint), rule, endpoint, evidence));
  }
}
