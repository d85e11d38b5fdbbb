import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSchemaError, validateDocument } from '../suites/openapi/index.ts';
import { fixture } from './fixtures/openapi/helpers.ts';

test("FastAPI 0.92's 3.0.2 document and current FastAPI's 3.1.0 document are valid", () => {
  const v30 = validateDocument(fixture('fastapi-0.92'));
  const v31 = validateDocument(fixture('fastapi-current'));
  assert.equal(v30.kind, 'valid');
  assert.equal(v31.kind, 'valid');
  assert.ok(v30.kind === 'valid' && v30.schemaId.includes('/oas/3.0/'));
  assert.ok(v31.kind === 'valid' && v31.schemaId.includes('/oas/3.1/'));
});

test('a password flow without tokenUrl: the first error names it with its JSON pointer, even under the noisy 3.0 schema', () => {
  for (const version of ['3.0.2', '3.1.0']) {
    const doc = { ...(fixture('faulty/missing-token-url') as object), openapi: version };
    const v = validateDocument(doc);
    assert.equal(v.kind, 'invalid', version);
    assert.ok(v.kind === 'invalid');
    assert.equal(v.errors[0]!.pointer, '/components/securitySchemes/OAuth2PasswordBearer/flows/password', version);
    assert.equal(formatSchemaError(v.errors[0]!), "/components/securitySchemes/OAuth2PasswordBearer/flows/password must have required property 'tokenUrl'");
    assert.ok(!v.errors.some((e) => e.message.includes("'$ref'")), `${version}: the Reference branch's noise is dropped`);
  }
});

test('an unknown scheme type lists every allowed value once, at /type', () => {
  const doc = fixture('fastapi-0.92') as { components: { securitySchemes: { OAuth2PasswordBearer: { type: string } } } };
  doc.components.securitySchemes.OAuth2PasswordBearer.type = 'oauth3';
  const v = validateDocument(doc);
  assert.ok(v.kind === 'invalid');
  assert.equal(formatSchemaError(v.errors[0]!), '/components/securitySchemes/OAuth2PasswordBearer/type must be equal to one of the allowed values: "apiKey", "http", "oauth2", "openIdConnect"');
});

test('a genuine unknown property survives the noise filter (3.1 unevaluatedProperties)', () => {
  const doc = fixture('fastapi-current') as { components: { securitySchemes: { OAuth2PasswordBearer: { flows: { password: Record<string, unknown> } } } } };
  doc.components.securitySchemes.OAuth2PasswordBearer.flows.password.tokenURL = 'token';
  const v = validateDocument(doc);
  assert.ok(v.kind === 'invalid');
  assert.deepEqual(v.errors.map(formatSchemaError), ['/components/securitySchemes/OAuth2PasswordBearer/flows/password must NOT have unevaluated properties: "tokenURL"']);
});

test('a missing or unknown `openapi` version is a clear failure, not a schema error', () => {
  for (const [doc, words] of [[{ swagger: '2.0' }, 'Swagger 2.0'], [{ info: {} }, 'no `openapi` field'], [{ openapi: '4.0.0' }, 'unknown OpenAPI version "4.0.0"'], [{ openapi: 3.1 }, 'unknown OpenAPI version 3.1']] as const) {
    const v = validateDocument(doc);
    assert.equal(v.kind, 'unsupported-version');
    assert.ok(v.kind === 'unsupported-version' && v.message.includes(words), v.kind === 'unsupported-version' ? v.message : '');
  }
});

test('formats are annotations by default and assertions on request', () => {
  const doc = fixture('fastapi-current') as Record<string, unknown> & { info: Record<string, unknown> };
  doc.info.contact = { email: 'not an email' };
  assert.equal(validateDocument(doc).kind, 'valid');
  const asserted = validateDocument(doc, { assertFormats: true });
  assert.ok(asserted.kind === 'invalid');
  assert.deepEqual(asserted.errors.map(formatSchemaError), ['/info/contact/email must match format "email"']);
});

test("FastAPI's relative tokenUrl passes format assertion: the installed schemas use uri-reference for tokenUrl", () => {
  assert.equal(validateDocument(fixture('fastapi-0.92'), { assertFormats: true }).kind, 'valid');
  assert.equal(validateDocument(fixture('fastapi-current'), { assertFormats: true }).kind, 'valid');
});

test('3.1 documents with non-empty Schema Objects validate (ajv $dynamicRef workaround), and wrong shapes still fail', () => {
  const doc = {
    openapi: '3.1.0', info: { title: 't', version: '1' },
    paths: { '/items/': { get: { responses: { '401': { description: 'no', headers: { 'WWW-Authenticate': { schema: { type: 'string' } } } } } } } },
    components: { schemas: { Body: { type: 'object', properties: { username: { type: 'string' } }, required: ['username'] } } },
  };
  assert.equal(validateDocument(doc).kind, 'valid');
  const broken = structuredClone(doc) as { paths: Record<string, { get: { responses: Record<string, Record<string, unknown>> } }> };
  delete broken.paths['/items/']!.get.responses['401']!.description;
  const verdict = validateDocument(broken);
  assert.equal(verdict.kind, 'invalid');
});
