// The openapi suite without Playwright: its requirements in report order, and the functions that
// judge them. DOCUMENT_RULES, CROSS_CHECKS and TOKEN_CHECKS follow OPENAPI_REQUIREMENTS' order.
export { OPENAPI_REQUIREMENTS, DOCUMENT_REQUIREMENTS, CROSS_CHECK_REQUIREMENTS, TOKEN_REQUIREMENTS, requirementFor, requirementsFor } from './requirements.ts';
export type { OpenApiRequirement } from './requirements.ts';

export { fetchOpenApi, readOpenApiFile, loadOpenApi } from './fetch.ts';
export type { FetchedDocument } from './fetch.ts';

export { validateDocument, formatSchemaError } from './schema.ts';
export type { SchemaError, SchemaVerdict } from './schema.ts';

export { DOCUMENT_RULES, runRule } from './rules.ts';
export type { OpenApiRule, RuleContext } from './rules.ts';

export { planCrossCheck, runCrossCheck, judgeCrossCheck, assertCrossCheck, CROSS_CHECKS, SAFE_METHODS } from './cross-check.ts';
export type { PlannedOperation, PlannedRequest, CrossCheckExchange, CrossCheckFinding, CrossCheckOptions, ProbeResponse } from './cross-check.ts';

export { TOKEN_CHECKS, TokenSession, runTokenCheck, tokenEndpointFor } from './token-endpoint.ts';
export type { TokenCheck, TokenContext, TokenEndpoint } from './token-endpoint.ts';

export { resolveAsOpenApi, resolveAsSwaggerUi } from './urls.ts';
