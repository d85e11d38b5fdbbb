// Discovery (the operations a run tests) and the whole-API sweep's sampling (the operations it sends
// Bearer probes to) read "secured by a Bearer scheme" from one predicate, isBearerScheme: an oauth2
// scheme with a password flow (OAuth2PasswordBearer) or `http` bearer (HTTPBearer). An oauth2 scheme
// with only a clientCredentials or authorizationCode flow is neither: FastAPI declares those with its
// OAuth2 base class, whose dependency hands over the whole header unchecked (403 when it is missing
// on 0.92), so the OAuth2PasswordBearer model would judge it with false MUST failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discoverEndpoints, schemeIndex } from '../bin/discover.ts';
import { bearerSchemeNames } from '../suites/openapi/document.ts';
import { planCrossCheck } from '../suites/openapi/cross-check.ts';
import { planSweep } from '../suites/sweep/plan.ts';

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

test('an oauth2 scheme with only a clientCredentials or authorizationCode flow: neither discovered nor swept as Bearer; discovery and sampling agree', () => {
  const discovered = discoverEndpoints(DOC, false).endpoints.map((e) => `${e.method} ${e.path}`).sort();
  const sweptAsBearer = planSweep(DOC, TARGET, planCrossCheck(DOC, TARGET), bearerSchemeNames(DOC)).filter((o) => o.bearer).map((o) => o.label).sort();
  assert.deepEqual(discovered, ['GET /items/', 'GET /me/']);
  assert.deepEqual(sweptAsBearer, discovered);
  const declared = schemeIndex(DOC);
  assert.deepEqual(['/items/', '/me/', '/jobs/', '/repos/'].map((path) => declared({ method: 'GET', path })), ['oauth2', 'http-bearer', undefined, undefined]);
});
