// The openapi suite's requirements as data, in report order: the document (static rules), the
// document against behaviour (cross-check), then the token endpoint it declares. Each gives its
// clause per profile (model/requirements/clause.ts); a clause's title overrides the requirement's where the
// expectation changes.
import type { Level, ProfileName, Source } from '../model/types.ts';
import type { RequirementMeta } from '../results.ts';
import { FASTAPI_PROFILES, alike, everyProfile } from '../model/requirements/clause.ts';
import type { ByProfile, Declared } from '../model/requirements/clause.ts';

export interface OpenApiRequirement extends Declared {
  /** says what is sent and what is expected */
  title: string;
}

/** The same level under every profile. */
function always(level: Level, source: Source): ByProfile {
  return everyProfile({ level, source });
}

/** RFC 6749's token-endpoint rules: SHOULD where FastAPI's documentation answers otherwise (DESIGN §3), MUST under rfc6750. */
function strictMust(source: Source): ByProfile {
  return { ...always('SHOULD', source), rfc6750: { level: 'MUST', source } };
}

/** The declarations as written, their ids kept as literal types: the check registry (checks.ts) needs one per id. */
function declare<const R extends readonly OpenApiRequirement[]>(requirements: R): R {
  return requirements;
}

const OAS_FLOW = 'OpenAPI 3.0.3 / 3.1.0, OAuth Flow Object';

export const DOCUMENT_REQUIREMENTS = declare([
  { id: 'openapi.served-without-credentials',
    title: 'Fetches the OpenAPI document without credentials; expects 200 with a JSON body, as Swagger UI needs before anyone authorizes',
    profiles: always('MUST', { ref: 'FastAPI 0.92 as measured on the wire §2 (docs/sources/fastapi-measured.md#ground-truth-2)', quote: '`GET /openapi.json` returns 200 with `content-type: application/json`' }) },
  { id: 'openapi.schema-valid',
    title: 'Validates the OpenAPI document against the official OAS JSON Schema for its `openapi` version (formats as annotations); expects no errors',
    profiles: always('MUST', { ref: 'OpenAPI 3.0.3 / 3.1.0, Security Scheme Object (checked with the OAS JSON Schemas; docs/sources/openapi.md#o-06)', quote: 'type | `string` | Any | **REQUIRED**. The type of the security scheme.' }) },
  { id: 'openapi.format-assertion',
    title: 'Validates the OpenAPI document with `format` asserted (uri-reference, email, media-range); expects no format errors',
    profiles: always('INFO', { ref: 'JSON Schema 2020-12 Validation §7.2.1', quote: 'Implementations MAY still treat "format" as an assertion in addition to an annotation' }) },
  { id: 'openapi.bearer-scheme-declared',
    title: 'Reads components.securitySchemes; expects an oauth2 scheme with a password flow, or an http scheme `bearer`',
    profiles: always('MUST', { ref: 'OpenAPI 3.0.3 / 3.1.0, OAuth Flows Object', quote: 'password | OAuth Flow Object | Configuration for the OAuth Resource Owner Password flow' }) },
  { id: 'openapi.token-url-present',
    title: "Reads each password flow's `tokenUrl`; expects a non-empty string",
    profiles: always('MUST', { ref: OAS_FLOW, quote: 'The token URL to be used for this flow. This MUST be in the form of a URL.' }) },
  { id: 'openapi.scopes-object',
    title: "Reads each password flow's `scopes`; expects an object (possibly empty) mapping scope names to descriptions",
    profiles: always('MUST', { ref: OAS_FLOW, quote: 'The available scopes for the OAuth2 security scheme. A map between the scope name and a short description for it. The map MAY be empty.' }) },
  { id: 'openapi.security-refs',
    title: "Reads the top-level and every operation's `security`; expects each requirement to name only declared security schemes, each with an array of strings",
    profiles: always('MUST', { ref: 'OpenAPI 3.0.3, Security Requirement Object', quote: 'the value is a list of scope names required for the execution, and the list MAY be empty if authorization does not require a specified scope.' }) },
  { id: 'openapi.operations-secured',
    title: "Reads every operation's effective `security`; expects at least one operation secured by the bearer scheme",
    profiles: always('MUST', { ref: 'FastAPI tests/test_tutorial/test_security/test_tutorial001.py (docs/sources/fastapi-docs.md#f-05)', quote: '"security": [{"OAuth2PasswordBearer": []}]' }) },
  { id: 'openapi.token-url-relative',
    title: "Reads each password flow's `tokenUrl`; expects a relative reference such as `token`, not an absolute URL or a `/`-rooted path",
    profiles: always('SHOULD', { ref: 'FastAPI docs: Security - First Steps', quote: 'Using a relative URL is important to make sure your application keeps working even in an advanced use case like Behind a Proxy.' }) },
  { id: 'openapi.token-url-resolution',
    title: 'Resolves each tokenUrl as OpenAPI does (against servers[0].url) and as Swagger UI does (against the docs page); expects both to name the same URL',
    profiles: always('INFO', { ref: 'OpenAPI 3.1.0, Relative References in URLs', quote: 'Unless specified otherwise, relative references are resolved using the URLs defined in the `Server Object` as a Base URL.' }) },
]);

export const CROSS_CHECK_REQUIREMENTS = declare([
  { id: 'openapi.secured-requires-credentials',
    title: 'Sends one request without credentials to each operation the document secures; expects no 2xx (401 or 403)',
    profiles: always('MUST', { ref: 'FastAPI docs: Security - First Steps', quote: "If it doesn't see an `Authorization` header, or the value doesn't have a `Bearer ` token, it will respond with a 401 status code error (`UNAUTHORIZED`) directly." }) },
  { id: 'openapi.under-declared',
    title: 'Sends one request without credentials to each operation the document leaves public; expects no 401 (an operation that needs credentials declares `security`)',
    profiles: always('SHOULD', { ref: 'swagger-js src/execute/oas3/build-request.js, applySecurities (docs/sources/swagger-ui.md#s-05)', quote: 'const security = operation.security || spec.security || [];' }) },
  { id: 'openapi.401-documented',
    title: 'Reads the responses of each secured operation; expects a documented 401 (or 4XX, or default) response',
    profiles: always('INFO', { ref: 'FastAPI as measured §2 (docs/sources/fastapi-measured.md#ground-truth-2)', quote: 'There is no 401 response in the schema' }) },
]);

/** `Pragma: no-cache` is RFC 6749's alone: FastAPI's tutorials never send it, so it only informs under the FastAPI profiles. */
function pragmaLevels(source: Source): ByProfile {
  return { ...strictMust(source), ...alike(FASTAPI_PROFILES, { level: 'INFO', source }) };
}

const SUCCESS_TITLE = 'POSTs `grant_type=password&username=<user>&password=<password>` (form) to the tokenUrl';

export const TOKEN_REQUIREMENTS = declare([
  { id: 'token.success',
    title: `${SUCCESS_TITLE}; expects 200 application/json with a string \`access_token\` and \`token_type\` Bearer (any case)`,
    profiles: always('MUST', { ref: 'RFC 6749 §5.1', quote: 'constructs the response by adding the following parameters to the entity-body of the HTTP response with a 200 (OK) status code: access_token REQUIRED.' }) },
  { id: 'token.access-token-b64token',
    title: 'Reads the issued access_token; expects a b64token, so that `Authorization: Bearer <token>` can carry it',
    profiles: always('SHOULD', { ref: 'RFC 6750 §2.1', quote: 'b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="' }) },
  { id: 'token.no-store',
    title: 'Reads the headers of the successful token response; expects `Cache-Control: no-store`',
    profiles: strictMust({ ref: 'RFC 6749 §5.1', quote: 'The authorization server MUST include the HTTP "Cache-Control" response header field [RFC2616] with a value of "no-store" in any response containing tokens' }) },
  { id: 'token.pragma-no-cache',
    title: 'Reads the headers of the successful token response; expects `Pragma: no-cache`',
    profiles: pragmaLevels({ ref: 'RFC 6749 §5.1', quote: 'as well as the "Pragma" response header field [RFC2616] with a value of "no-cache".' }) },
  { id: 'token.basic-og',
    title: `${SUCCESS_TITLE} with Swagger UI's default \`Authorization: Basic Og==\` (empty client id and secret); expects 200 with an access_token`,
    profiles: always('MUST', { ref: 'swagger-ui src/core/components/auth/oauth2.jsx (docs/sources/swagger-ui.md#s-03)', quote: 'let passwordType = auth && auth.get("passwordType") || "basic"' }) },
  { id: 'token.refuses-bad-grants',
    title: 'POSTs a wrong password, a password grant without `password`, and `grant_type=client_credentials`; expects each refused without a token: 400 or 401 with a JSON `detail` or `error` for the wrong password (as FastAPI\'s tutorials answer), 400 or 422 for the malformed grant, 400, 401 or 422 for the other grant type',
    profiles: always('MUST', { ref: 'FastAPI docs_src/security/tutorial003_py310.py, tutorial004_py310.py (copied in interop/fastapi/simple_oauth2.py and interop/fastapi/jwt_oauth2.py; measured: docs/sources/fastapi-measured.md#d-14b)', quote: 'raise HTTPException(status_code=400, detail="Incorrect username or password")' }) },
  { id: 'token.invalid-grant',
    title: 'POSTs the password grant with a wrong password; expects 400 with `{"error":"invalid_grant"}` (RFC 6749 §5.2 format)',
    profiles: strictMust({ ref: 'RFC 6749 §5.2', quote: 'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid' }) },
  { id: 'token.invalid-request',
    title: 'POSTs a password grant without `password`; expects 400 with `{"error":"invalid_request"}` (RFC 6749 §5.2 format)',
    profiles: strictMust({ ref: 'RFC 6749 §5.2', quote: 'The request is missing a required parameter' }) },
  { id: 'token.unsupported-grant-type',
    title: 'POSTs `grant_type=client_credentials`; expects 400 `unsupported_grant_type` (or `invalid_client` / `unauthorized_client` from a server that supports client credentials; RFC 6749 §5.2 format)',
    profiles: strictMust({ ref: 'RFC 6749 §5.2', quote: 'The authorization grant type is not supported by the authorization server.' }) },
]);

export const OPENAPI_REQUIREMENTS = [...DOCUMENT_REQUIREMENTS, ...CROSS_CHECK_REQUIREMENTS, ...TOKEN_REQUIREMENTS] as const;

export type DocumentRequirementId = (typeof DOCUMENT_REQUIREMENTS)[number]['id'];
export type CrossCheckRequirementId = (typeof CROSS_CHECK_REQUIREMENTS)[number]['id'];
export type TokenRequirementId = (typeof TOKEN_REQUIREMENTS)[number]['id'];
export type OpenApiRequirementId = DocumentRequirementId | CrossCheckRequirementId | TokenRequirementId;

/** The requirement as judged under `profile`: its level, title and source there. */
export function requirementFor(id: string, profile: ProfileName): RequirementMeta {
  const r = OPENAPI_REQUIREMENTS.find((x) => x.id === id);
  const clause = r?.profiles[profile];
  if (!r || !clause) throw new Error(`unknown openapi requirement ${id} under ${profile}`);
  return { id: r.id, suite: 'openapi', level: clause.level, title: clause.title ?? r.title, source: clause.source };
}

export function requirementsFor(profile: ProfileName): RequirementMeta[] {
  return OPENAPI_REQUIREMENTS.map((r) => requirementFor(r.id, profile));
}
