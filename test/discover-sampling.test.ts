// Discovery (the operations a run tests) and the whole-API sweep's sampling (the operations it sends
// Bearer probes to) count the same schemes as Bearer: the contract's (DESIGN.md, `--endpoint`
// default) "an oauth2 or http-bearer scheme", whatever the oauth2 flow. Before, the sweep sampled by
// the openapi suite's narrower predicate (a password flow) and left out operations discovery tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discoverEndpoints, schemeIndex } from '../bin/discover.ts';
import { sweepOperations } from '../bin/whole-api.ts';

const TARGET = 'http://127.0.0.1:9';
const ok = { responses: { 200: { description: 'OK' } } };
const securedBy = (scheme: string) => ({ get: { ...ok, security: [{ [scheme]: [] }] } });

const DOC = {
  openapi: '3.0.2',
  info: { title: 'flows', version: '1' },
  paths: {
    '/items/': securedBy('OAuth2PasswordBearer'),
    '/me/': securedBy('HTTPBearer'),
    '/jobs/': securedBy('ClientCredentials'),
    '/repos/': securedBy('AuthorizationCode'),
    '/public/': { get: ok },
  },
  components: {
    securitySchemes: {
      OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { scopes: {}, tokenUrl: 'token' } } },
      HTTPBearer: { type: 'http', scheme: 'bearer' },
      ClientCredentials: { type: 'oauth2', flows: { clientCredentials: { scopes: {}, tokenUrl: 'token' } } },
      AuthorizationCode: { type: 'oauth2', flows: { authorizationCode: { scopes: {}, authorizationUrl: 'authorize', tokenUrl: 'token' } } },
    },
  },
};

test('an oauth2 scheme with only a clientCredentials or authorizationCode flow is discovered and swept as Bearer alike: discovery and sampling agree', () => {
  const discovered = discoverEndpoints(DOC, false).endpoints.map((e) => `${e.method} ${e.path}`).sort();
  const sweptAsBearer = sweepOperations({ doc: DOC, target: TARGET, allowUnsafeMethods: false, dated: (e) => e }).filter((o) => o.bearer).map((o) => o.label).sort();
  assert.deepEqual(discovered, ['GET /items/', 'GET /jobs/', 'GET /me/', 'GET /repos/']);
  assert.deepEqual(sweptAsBearer, discovered);
  const declared = schemeIndex(DOC);
  assert.deepEqual(['/items/', '/me/', '/jobs/', '/repos/'].map((path) => declared({ method: 'GET', path })), ['oauth2', 'http-bearer', 'oauth2', 'oauth2']);
});
