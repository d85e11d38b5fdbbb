// The openapi suite: the document itself (schema, security scheme rules), whether the API keeps
// the promise the document makes (spec vs behaviour), and the token endpoint the document names.
import { NotApplicable } from './checks/failures.ts';
import { requirementTest, runContext } from './harness.ts';
import {
  CROSS_CHECKS, DOCUMENT_RULES, TOKEN_CHECKS, TokenSession, assertCrossCheck, judgeCrossCheck, loadOpenApi,
  planCrossCheck, requirementFor, runCrossCheck, runRule, runTokenCheck, tokenEndpointFor,
} from './openapi/index.ts';
import type { CrossCheckFinding, FetchedDocument } from './openapi/index.ts';
import { test } from '@playwright/test';
import { sweptExchanges } from './sweep/cross-check.ts';

const { config, secrets, redactor } = runContext();
const net = { timeoutMs: config.timeoutMs, insecure: config.insecure };

// Fetched once per run and shared by the checks that need them.
let fetched: Promise<FetchedDocument> | undefined;
let findings: Promise<CrossCheckFinding[]> | undefined;
let session: Promise<TokenSession> | undefined;

const documentOnce = () => (fetched ??= loadOpenApi(config.openapi, net));

/** The checks that read the document skip, with what came back, when there is none. */
async function requireDocument(): Promise<void> {
  const served = await documentOnce();
  if (served.doc === undefined) throw new NotApplicable(served.notOpenApi ?? `there is no OpenAPI document at ${served.location}`);
}

const findingsOnce = () => (findings ??= documentOnce().then(async ({ doc }) => {
  const plan = planCrossCheck(doc, config.target, { allowUnsafeMethods: config.allowUnsafeMethods });
  // A whole-API run already sent this plan's request without credentials to every operation (the sweep).
  const exchanges = config.sweep ? sweptExchanges(plan, config.sweep) : await runCrossCheck(plan, net);
  return exchanges.flatMap((ex) => judgeCrossCheck(ex, config.profile));
}));

const sessionOnce = () => (session ??= documentOnce().then(({ doc }) => new TokenSession({
  endpoint: tokenEndpointFor(doc, config.docs), profile: config.profile, secrets, redactor, ...net,
})));

test.afterAll(async () => (await session)?.close());

for (const rule of DOCUMENT_RULES) {
  requirementTest(requirementFor(rule.id, config.profile), async ({ evidence }) => {
    const served = await documentOnce();
    runRule(rule, served.doc, { profile: config.profile, documentUrl: config.openapi, docsUrl: config.docs, fetched: served, evidence });
  });
}

for (const check of CROSS_CHECKS) {
  requirementTest(requirementFor(check.id, config.profile), async ({ evidence }) => {
    await requireDocument();
    assertCrossCheck(check.id, await findingsOnce(), config.profile, evidence);
  });
}

for (const check of TOKEN_CHECKS) {
  requirementTest(requirementFor(check.id, config.profile), async ({ evidence }) => {
    await requireDocument();
    await runTokenCheck(check, await sessionOnce(), evidence);
  });
}
