// The openapi suite's checks, one per requirement id (checks/check.ts): the document rules, the
// cross-check of the document against behaviour, and the token endpoint. The registry's type has a
// key for every id OPENAPI_REQUIREMENTS declares, so a requirement without a check does not compile.
// Each check reads the run through OpenApiRun, whose parts are fetched once and shared.
import { APPLIES, mapRegistry, skip } from '../checks/check.ts';
import type { Applicability, Check, Registry } from '../checks/check.ts';
import type { ProfileName } from '../model/types.ts';
import type { Evidence } from '../results.ts';
import { assertCrossCheck } from './cross-check.ts';
import type { CrossCheckFinding } from './cross-check.ts';
import type { FetchedDocument } from './fetch.ts';
import type { CrossCheckRequirementId, DocumentRequirementId, OpenApiRequirementId, TokenRequirementId } from './requirements.ts';
import { DOCUMENT_RULES, ruleApplies } from './rules.ts';
import type { OpenApiRule, RuleContext } from './rules.ts';
import { TOKEN_CHECKS } from './token-endpoint.ts';
import type { TokenSession } from './token-endpoint.ts';

/** What the openapi suite's checks read of one run; each part is fetched (or sent) once, on first use. */
export interface OpenApiRun {
  profile: ProfileName;
  /** where the document was loaded from, and the docs page (Swagger UI) */
  documentUrl: string;
  docsUrl: string;
  document(): Promise<FetchedDocument>;
  /** the cross-check's findings over every operation */
  findings(): Promise<CrossCheckFinding[]>;
  tokenSession(): Promise<TokenSession>;
}

async function ruleContext(run: OpenApiRun, evidence: Evidence): Promise<{ doc: unknown; ctx: RuleContext }> {
  const fetched = await run.document();
  return { doc: fetched.doc, ctx: { profile: run.profile, documentUrl: run.documentUrl, docsUrl: run.docsUrl, fetched, evidence } };
}

function documentCheck(rule: OpenApiRule): Check<OpenApiRun> {
  return {
    applies: async (run, evidence) => {
      const { doc, ctx } = await ruleContext(run, evidence);
      return ruleApplies(rule, doc, ctx);
    },
    run: async (run, evidence) => {
      const { doc, ctx } = await ruleContext(run, evidence);
      rule.check(doc, ctx);
    },
  };
}

/** The cross-checks judge operations the document lists: there is nothing to judge without one. */
async function requireDocument(run: OpenApiRun): Promise<Applicability> {
  const served = await run.document();
  return served.doc === undefined ? skip(served.notOpenApi ?? `there is no OpenAPI document at ${served.location}`) : APPLIES;
}

function crossCheck(id: CrossCheckRequirementId): Check<OpenApiRun> {
  return { applies: requireDocument, run: async (run, evidence) => assertCrossCheck(id, await run.findings(), run.profile, evidence) };
}

function tokenCheck(check: Check<TokenSession>): Check<OpenApiRun> {
  return {
    applies: async (run, evidence) => {
      const document = await requireDocument(run);
      return document === true ? (check.applies?.(await run.tokenSession(), evidence) ?? APPLIES) : document;
    },
    run: async (run, evidence) => check.run(await run.tokenSession(), evidence),
  };
}

const DOCUMENT_CHECKS: Registry<DocumentRequirementId, OpenApiRun> = mapRegistry(DOCUMENT_RULES, documentCheck);

const CROSS_CHECKS: Registry<CrossCheckRequirementId, OpenApiRun> = {
  'openapi.secured-requires-credentials': crossCheck('openapi.secured-requires-credentials'),
  'openapi.under-declared': crossCheck('openapi.under-declared'),
  'openapi.401-documented': crossCheck('openapi.401-documented'),
};

const TOKEN_ENDPOINT_CHECKS: Registry<TokenRequirementId, OpenApiRun> = mapRegistry(TOKEN_CHECKS, tokenCheck);

/** Every openapi requirement's check, by id. */
export const OPENAPI_CHECKS: Registry<OpenApiRequirementId, OpenApiRun> = { ...DOCUMENT_CHECKS, ...CROSS_CHECKS, ...TOKEN_ENDPOINT_CHECKS };
