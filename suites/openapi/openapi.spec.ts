// The openapi suite: the document itself (schema, security scheme rules), whether the API keeps
// the promise the document makes (spec vs behaviour), and the token endpoint the document names.
// Each requirement is registered with its check by id (openapi/checks.ts), in report order.
import { registerCheck, runContext } from '../harness.ts';
import {
  OPENAPI_CHECKS, OPENAPI_REQUIREMENTS, TokenSession, judgeCrossCheck, loadOpenApi, planCrossCheck, requirementFor, runCrossCheck, tokenEndpointFor,
} from './index.ts';
import type { CrossCheckFinding, FetchedDocument, OpenApiRun } from './index.ts';
import { test } from '@playwright/test';
import { sweptExchanges } from '../sweep/cross-check.ts';

const { config, secrets, redactor } = runContext();
const net = { timeoutMs: config.timeoutMs, insecure: config.insecure };

// Fetched once per run and shared by the checks that need them.
let fetched: Promise<FetchedDocument> | undefined;
let findings: Promise<CrossCheckFinding[]> | undefined;
let session: Promise<TokenSession> | undefined;

const documentOnce = () => (fetched ??= loadOpenApi(config.openapi, net));

const findingsOnce = () => (findings ??= documentOnce().then(async ({ doc }) => {
  const plan = planCrossCheck(doc, config.target, { allowUnsafeMethods: config.allowUnsafeMethods });
  // A whole-API run already sent this plan's request without credentials to every operation (the sweep).
  const exchanges = config.sweep ? sweptExchanges(plan, config.sweep) : await runCrossCheck(plan, net);
  return exchanges.flatMap((ex) => judgeCrossCheck(ex, config.profile));
}));

const sessionOnce = () => (session ??= documentOnce().then(({ doc }) => new TokenSession({
  endpoint: tokenEndpointFor(doc, config.docs), profile: config.profile, secrets, redactor, ...net,
})));

const run: OpenApiRun = {
  profile: config.profile, documentUrl: config.openapi, docsUrl: config.docs,
  document: documentOnce, findings: findingsOnce, tokenSession: sessionOnce,
};

test.afterAll(async () => (await session)?.close());

for (const { id } of OPENAPI_REQUIREMENTS) registerCheck(requirementFor(id, config.profile), OPENAPI_CHECKS[id], () => run);
