// Static rules on the OpenAPI document: one rule per requirement of DOCUMENT_REQUIREMENTS, by id. A
// rule's `check` is `(doc, ctx) => void` and throws CheckFailure; whether it applies is the separate
// `applies`, which returns why not (checks/check.ts).
import { NotApplicable } from '../checks/failures.ts';
import { APPLIES, allOf, skip } from '../checks/check.ts';
import type { Applicability } from '../checks/check.ts';
import type { DocumentRequirementId } from './requirements.ts';
import type { ProfileName } from '../model/types.ts';
import type { Evidence } from '../results.ts';
import { bearerSchemeNames, child, effectiveSecurity, isBearerScheme, isObject, label, operations, passwordFlows, pointerToken, securingSchemes, securitySchemes } from './document.ts';
import type { Json, JsonObject, PasswordFlow } from './document.ts';
import type { FetchedDocument } from './fetch.ts';
import { failure } from './failure.ts';
import { chooseSchema, formatSchemaError, validateDocument } from './schema.ts';
import { firstServerUrl, isAbsoluteUrl, isMountIndependent, resolveAsOpenApi, resolveAsSwaggerUi } from './urls.ts';

export interface RuleContext {
  profile: ProfileName;
  /** absolute URL (or file path) the document was loaded from */
  documentUrl: string;
  /** absolute URL of the docs page (Swagger UI), e.g. `<target>/docs` */
  docsUrl: string;
  /** the document as served; absent when it was handed over without a fetch */
  fetched?: FetchedDocument;
  /** filled by the check as it goes */
  evidence: Evidence;
}

export interface OpenApiRule {
  /** `response`: judges how the document was served; `document`: needs the parsed document */
  needs: 'response' | 'document';
  /** whether the rule can judge this document, and why not */
  applies?: (doc: unknown, ctx: RuleContext) => Applicability;
  check: (doc: unknown, ctx: RuleContext) => void;
}

const MAX_LISTED = 20;
const JSON_MEDIA_TYPE = /^application\/([\w.+-]*\+)?json\s*(;|$)/i;

function requireServed(_doc: unknown, ctx: RuleContext): Applicability {
  return ctx.fetched?.status === undefined ? skip(`the document was read from ${ctx.fetched?.location ?? 'a file'}, not fetched over HTTP`) : APPLIES;
}

function requireKnownVersion(doc: unknown): Applicability {
  const choice = chooseSchema(doc);
  return 'message' in choice ? skip(`${choice.message} (see openapi.schema-valid)`) : APPLIES;
}

function requirePasswordFlow(doc: unknown): Applicability {
  return passwordFlows(doc).length === 0 ? skip('the document declares no oauth2 password flow (an http bearer scheme has no tokenUrl)') : APPLIES;
}

function requireBearerScheme(doc: unknown): Applicability {
  return bearerSchemeNames(doc).size === 0 ? skip('the document declares no bearer scheme (see openapi.bearer-scheme-declared)') : APPLIES;
}

function flowsWithTokenUrl(doc: unknown): (PasswordFlow & { tokenUrl: string })[] {
  return passwordFlows(doc).flatMap((f) => (typeof f.flow.tokenUrl === 'string' && f.flow.tokenUrl.trim() !== '' ? [{ ...f, tokenUrl: f.flow.tokenUrl }] : []));
}

const requireTokenUrl = allOf(requirePasswordFlow, (doc: unknown) =>
  (flowsWithTokenUrl(doc).length === 0 ? skip('no password flow has a tokenUrl (see openapi.token-url-present)') : APPLIES));

/**
 * Only two answers are judged: a document behind authentication (401/403) fails, and a 2xx OpenAPI
 * document passes when it is served as JSON. Anything else (404, 500, an HTML page, `{"error":…}`)
 * says nothing about credentials: skipped with what came back.
 */
function checkServed(_doc: unknown, ctx: RuleContext): void {
  const f = ctx.fetched!;
  const contentType = f.headers['content-type'] ?? '';
  ctx.evidence.response = { url: f.location, status: f.status, contentType, wwwAuthenticate: f.headers['www-authenticate'] ?? null, bodyBytes: Buffer.byteLength(f.body), body: f.body.slice(0, 1024) };
  const fail = (actual: string, message: string) => failure('openapi.served-without-credentials', ctx.profile, { expected: ['200 with a JSON body'], actual, message });
  if (f.status === 401 || f.status === 403) throw fail(`${f.status}`, `${f.location} answered ${f.status} without credentials: Swagger UI cannot load the document before the user authorizes`);
  if (f.notOpenApi !== undefined) throw new NotApplicable(f.notOpenApi);
  if (!JSON_MEDIA_TYPE.test(contentType)) throw fail(`content-type ${JSON.stringify(contentType)}`, `${f.location} answered ${f.status} with content-type ${JSON.stringify(contentType)}, not application/json`);
}

function checkSchemaValid(doc: unknown, ctx: RuleContext): void {
  const verdict = validateDocument(doc);
  const id = 'openapi.schema-valid';
  if (verdict.kind === 'unsupported-version') throw failure(id, ctx.profile, { expected: ['an `openapi` field of 3.0.x, 3.1.x or 3.2.x'], actual: verdict.message, message: verdict.message });
  ctx.evidence.schema = verdict.schemaId;
  if (verdict.kind === 'valid') return;
  const lines = verdict.errors.map(formatSchemaError);
  ctx.evidence.errors = lines.slice(0, MAX_LISTED);
  throw failure(id, ctx.profile, {
    expected: [`valid against ${verdict.schemaId}`], actual: lines[0] ?? 'invalid',
    message: `the document is not valid OpenAPI ${verdict.line} (${lines.length} error${lines.length === 1 ? '' : 's'}); first: ${lines[0]}`,
  });
}

function checkFormats(doc: unknown, ctx: RuleContext): void {
  const verdict = validateDocument(doc, { assertFormats: true });
  if (verdict.kind !== 'invalid') return;
  const lines = verdict.errors.filter((e) => e.keyword === 'format').map(formatSchemaError);
  if (lines.length === 0) return;
  ctx.evidence.schema = verdict.schemaId;
  ctx.evidence.formatErrors = lines.slice(0, MAX_LISTED);
  throw failure('openapi.format-assertion', ctx.profile, {
    expected: ['every `format` satisfied'], actual: lines[0]!,
    message: `with format assertion on, ${lines.length} value${lines.length === 1 ? '' : 's'} fail${lines.length === 1 ? 's' : ''} their format; first: ${lines[0]}`,
  });
}

function describeScheme(scheme: JsonObject): string {
  if (scheme.type === 'oauth2') return `oauth2 with flows ${Object.keys(isObject(scheme.flows) ? scheme.flows : {}).join(', ') || '(none)'}`;
  if (scheme.type === 'http') return `http scheme ${JSON.stringify(scheme.scheme)}`;
  return `type ${JSON.stringify(scheme.type)}`;
}

function checkBearerDeclared(doc: unknown, ctx: RuleContext): void {
  const schemes = securitySchemes(doc);
  const found = schemes.map((s) => `${s.name}: ${describeScheme(s.scheme)}`);
  ctx.evidence.securitySchemes = found;
  if (schemes.some((s) => isBearerScheme(s.scheme))) return;
  const expected = ['an oauth2 scheme with flows.password', 'an http scheme with scheme "bearer"'];
  if (schemes.length === 0) throw failure('openapi.bearer-scheme-declared', ctx.profile, { expected, actual: 'no components.securitySchemes', message: 'the document declares no components.securitySchemes, so no operation can require a Bearer token' });
  throw failure('openapi.bearer-scheme-declared', ctx.profile, { expected, actual: found.join('; '), message: `no security scheme is an oauth2 password flow or http bearer: ${found.join('; ')}` });
}

function checkTokenUrlPresent(doc: unknown, ctx: RuleContext): void {
  const flows = passwordFlows(doc);
  ctx.evidence.tokenUrls = Object.fromEntries(flows.map((f) => [f.scheme, f.flow.tokenUrl ?? null]));
  const bad = flows.find((f) => typeof f.flow.tokenUrl !== 'string' || f.flow.tokenUrl.trim() === '');
  if (!bad) return;
  const actual = bad.flow.tokenUrl === undefined ? 'missing' : JSON.stringify(bad.flow.tokenUrl);
  throw failure('openapi.token-url-present', ctx.profile, { expected: ['a non-empty string'], actual: `${bad.pointer}/tokenUrl: ${actual}`, message: `${bad.pointer}/tokenUrl is ${actual}: Swagger UI has nowhere to send the password` });
}

function checkScopes(doc: unknown, ctx: RuleContext): void {
  for (const f of passwordFlows(doc)) {
    const scopes = f.flow.scopes;
    const ok = isObject(scopes) && Object.values(scopes).every((v) => typeof v === 'string');
    if (ok) continue;
    const actual = scopes === undefined ? 'missing' : JSON.stringify(scopes);
    throw failure('openapi.scopes-object', ctx.profile, { expected: ['an object of strings, e.g. {}'], actual: `${f.pointer}/scopes: ${actual}`, message: `${f.pointer}/scopes is ${actual}, not a map of scope names to descriptions` });
  }
}

/** Problems in one `security` list, each with its JSON pointer. */
function securityListProblems(list: Json, pointer: string, declared: Set<string>): string[] {
  if (!Array.isArray(list)) return [`${pointer} is not an array of Security Requirement Objects`];
  return list.flatMap((req, i) => {
    if (!isObject(req)) return [`${pointer}/${i} is not a Security Requirement Object`];
    return Object.entries(req).flatMap(([name, scopes]) => {
      const at = `${pointer}/${i}/${pointerToken(name)}`;
      const problems: string[] = [];
      if (!declared.has(name)) problems.push(`${at} names ${JSON.stringify(name)}, which components.securitySchemes does not declare`);
      if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) problems.push(`${at} is ${JSON.stringify(scopes)}, not an array of strings`);
      return problems;
    });
  });
}

/** Each `security` list of the document (top level, then every operation's) with its JSON pointer. */
function securityLists(doc: unknown): [Json, string][] {
  const lists: [Json, string][] = [];
  const top = child(doc, 'security');
  if (top !== undefined) lists.push([top, '/security']);
  for (const o of operations(doc)) {
    if (o.op.security !== undefined) lists.push([o.op.security, `/paths/${pointerToken(o.path)}/${o.method.toLowerCase()}/security`]);
  }
  return lists;
}

/** With no `security` anywhere there is nothing to check (openapi.operations-secured says whether that is wrong). */
function requireSecurityLists(doc: unknown): Applicability {
  return securityLists(doc).length === 0 ? skip('the document has no `security` (top level or on any operation): no Security Requirement to check (see openapi.operations-secured)') : APPLIES;
}

function checkSecurityRefs(doc: unknown, ctx: RuleContext): void {
  const declared = new Set(securitySchemes(doc).map((s) => s.name));
  const problems = securityLists(doc).flatMap(([list, pointer]) => securityListProblems(list, pointer, declared));
  ctx.evidence.declaredSchemes = [...declared];
  if (problems.length === 0) return;
  ctx.evidence.problems = problems.slice(0, MAX_LISTED);
  throw failure('openapi.security-refs', ctx.profile, {
    expected: ['declared scheme names with arrays of strings'], actual: problems[0]!,
    message: problems.length === 1 ? problems[0]! : `${problems[0]} (and ${problems.length - 1} more)`,
  });
}

function checkOperationsSecured(doc: unknown, ctx: RuleContext): void {
  const bearer = bearerSchemeNames(doc);
  const ops = operations(doc);
  const secured = ops.filter((o) => securingSchemes(effectiveSecurity(doc, o.op)).some((s) => bearer.has(s)));
  ctx.evidence.secured = secured.map(label).slice(0, MAX_LISTED);
  ctx.evidence.public = ops.filter((o) => !secured.includes(o)).map(label).slice(0, MAX_LISTED);
  if (secured.length > 0) return;
  const names = [...bearer].join(', ');
  const actual = ops.length === 0 ? 'no operations' : `${ops.length} operation${ops.length === 1 ? '' : 's'}, none secured by ${names}`;
  throw failure('openapi.operations-secured', ctx.profile, {
    expected: [`an operation with security [{"${[...bearer][0]}": []}]`], actual,
    message: ops.length === 0 ? 'the document has no operations' : `no operation is secured by ${names}: each of the ${ops.length} is an operation without security, so Swagger UI shows no lock and sends no token`,
  });
}

function checkTokenUrlRelative(doc: unknown, ctx: RuleContext): void {
  const flows = flowsWithTokenUrl(doc);
  ctx.evidence.tokenUrls = Object.fromEntries(flows.map((f) => [f.scheme, f.tokenUrl]));
  const bad = flows.find((f) => isMountIndependent(f.tokenUrl));
  if (!bad) return;
  const kind = isAbsoluteUrl(bad.tokenUrl) ? 'an absolute URL' : 'rooted at "/"';
  throw failure('openapi.token-url-relative', ctx.profile, {
    expected: ['a relative reference such as "token"'], actual: JSON.stringify(bad.tokenUrl),
    message: `${bad.pointer}/tokenUrl ${JSON.stringify(bad.tokenUrl)} is ${kind}: it keeps pointing there when the API is served under a prefix behind a proxy`,
  });
}

/** OpenAPI resolves a relative tokenUrl against where the document is served, or an absolute servers[0].url. */
function requireResolvableBase(doc: unknown, ctx: RuleContext): Applicability {
  const server = firstServerUrl(doc);
  return !/^https?:\/\//i.test(ctx.documentUrl) && !(server !== undefined && isAbsoluteUrl(server))
    ? skip(`the document was read from ${ctx.documentUrl}: OpenAPI resolves relative URLs against where it is served`)
    : APPLIES;
}

const requireResolvable = allOf<[unknown, RuleContext]>(requireTokenUrl, requireResolvableBase);

function checkTokenUrlResolution(doc: unknown, ctx: RuleContext): void {
  const server = firstServerUrl(doc);
  const rows = flowsWithTokenUrl(doc).map((f) => ({
    scheme: f.scheme, tokenUrl: f.tokenUrl, server: server ?? null,
    openApi: resolveAsOpenApi(f.tokenUrl, doc, ctx.documentUrl) ?? null, swaggerUi: resolveAsSwaggerUi(f.tokenUrl, doc, ctx.docsUrl) ?? null,
  }));
  ctx.evidence.documentUrl = ctx.documentUrl;
  ctx.evidence.docsUrl = ctx.docsUrl;
  ctx.evidence.resolutions = rows;
  const bad = rows.find((r) => r.openApi !== r.swaggerUi);
  if (!bad) return;
  const against = server === undefined ? 'no servers: against "/" of the document\'s URL' : `against servers[0].url ${JSON.stringify(server)}`;
  throw failure('openapi.token-url-resolution', ctx.profile, {
    expected: [`one URL for tokenUrl ${JSON.stringify(bad.tokenUrl)}`], actual: `OpenAPI: ${bad.openApi ?? 'unresolvable'}; Swagger UI: ${bad.swaggerUi ?? 'unresolvable'}`,
    message: `tokenUrl ${JSON.stringify(bad.tokenUrl)}: a tool that follows OpenAPI (${against}) POSTs to ${bad.openApi ?? '(unresolvable)'}, but Swagger UI at ${ctx.docsUrl} POSTs to ${bad.swaggerUi ?? '(unresolvable)'}`,
  });
}

/** The rule of each requirement of DOCUMENT_REQUIREMENTS (a missing one does not compile). */
export const DOCUMENT_RULES: { readonly [K in DocumentRequirementId]: OpenApiRule } = {
  'openapi.served-without-credentials': { needs: 'response', applies: requireServed, check: checkServed },
  'openapi.schema-valid': { needs: 'document', check: checkSchemaValid },
  'openapi.format-assertion': { needs: 'document', applies: requireKnownVersion, check: checkFormats },
  'openapi.bearer-scheme-declared': { needs: 'document', check: checkBearerDeclared },
  'openapi.token-url-present': { needs: 'document', applies: requirePasswordFlow, check: checkTokenUrlPresent },
  'openapi.scopes-object': { needs: 'document', applies: requirePasswordFlow, check: checkScopes },
  'openapi.security-refs': { needs: 'document', applies: requireSecurityLists, check: checkSecurityRefs },
  'openapi.operations-secured': { needs: 'document', applies: requireBearerScheme, check: checkOperationsSecured },
  'openapi.token-url-relative': { needs: 'document', applies: requireTokenUrl, check: checkTokenUrlRelative },
  'openapi.token-url-resolution': { needs: 'document', applies: requireResolvable, check: checkTokenUrlResolution },
};

/** A document rule judges only an OpenAPI document (what was fetched decides, whatever `doc` is), then what its own `applies` says. */
export function ruleApplies(rule: OpenApiRule, doc: unknown, ctx: RuleContext): Applicability {
  if (rule.needs === 'document' && ctx.fetched?.notOpenApi !== undefined) return skip(ctx.fetched.notOpenApi);
  if (rule.needs === 'document' && doc === undefined) return skip('there is no parsed OpenAPI document to judge (see openapi.served-without-credentials)');
  return rule.applies?.(doc, ctx) ?? APPLIES;
}

/** The rule as one check would run it: NotApplicable when it does not apply, else its assertion. */
export function runRule(rule: OpenApiRule, doc: unknown, ctx: RuleContext): void {
  const applicable = ruleApplies(rule, doc, ctx);
  if (applicable !== true) throw new NotApplicable(applicable.skip);
  rule.check(doc, ctx);
}
