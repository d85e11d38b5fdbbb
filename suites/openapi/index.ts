// The openapi suite without Playwright: its requirements in report order, their checks by id
// (OPENAPI_CHECKS), and the functions that judge them.
export { OPENAPI_REQUIREMENTS, DOCUMENT_REQUIREMENTS, CROSS_CHECK_REQUIREMENTS, TOKEN_REQUIREMENTS, requirementFor, requirementsFor } from './requirements.ts';
export type { OpenApiRequirement, OpenApiRequirementId, DocumentRequirementId, CrossCheckRequirementId, TokenRequirementId } from './requirements.ts';

export { OPENAPI_CHECKS } from './checks.ts';
export type { OpenApiRun } from './checks.ts';

export { fetchOpenApi, readOpenApiFile, loadOpenApi } from './fetch.ts';
export type { FetchedDocument } from './fetch.ts';

export { validateDocument, formatSchemaError } from './schema.ts';
export type { SchemaError, SchemaVerdict } from './schema.ts';

export { DOCUMENT_RULES, ruleApplies, runRule } from './rules.ts';
export type { OpenApiRule, RuleContext } from './rules.ts';

export { planCrossCheck, runCrossCheck, judgeCrossCheck, assertCrossCheck, CROSS_CHECKS, SAFE_METHODS } from './cross-check.ts';
export type { PlannedOperation, PlannedRequest, CrossCheckExchange, CrossCheckFinding, CrossCheckOptions, ProbeResponse } from './cross-check.ts';

export { TOKEN_CHECKS, TokenSession, runTokenCheck, tokenEndpointFor } from './token-endpoint.ts';
export type { TokenCheck, TokenContext, TokenEndpoint } from './token-endpoint.ts';

export { resolveAsOpenApi, resolveAsSwaggerUi } from './urls.ts';
