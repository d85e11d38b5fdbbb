// The OpenAPI document: what current FastAPI (OpenAPI 3.1.0) generates for the "Security - First
// Steps" tutorial (ground truth §4, pinned by FastAPI's test_tutorial001.py), plus two additions:
// the POST /token operation as FastAPI generates it for OAuth2PasswordRequestForm, and a 401
// response on GET /items/, which FastAPI leaves out (ground truth §6.8).

/** `OAuth2PasswordBearer(tokenUrl="token")`: relative, so it follows the API under a prefix. */
import { numberedPaths } from './numbered.ts';

export const SECURITY_SCHEME_NAME = 'OAuth2PasswordBearer';
export const TOKEN_URL = 'token';

const JSON_ANYTHING = { 'application/json': { schema: {} } };

const itemsOperation = {
  summary: 'Read Items',
  operationId: 'read_items_items__get',
  responses: {
    '200': { description: 'Successful Response', content: JSON_ANYTHING },
    '401': {
      description: 'Not authenticated',
      headers: { 'WWW-Authenticate': { description: 'A Bearer challenge (RFC 6750 §3)', schema: { type: 'string' } } },
      content: JSON_ANYTHING,
    },
  },
  security: [{ [SECURITY_SCHEME_NAME]: [] }],
};

const tokenOperation = {
  summary: 'Login',
  operationId: 'login_token_post',
  requestBody: {
    content: { 'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Body_login_token_post' } } },
    required: true,
  },
  responses: {
    '200': { description: 'Successful Response', content: JSON_ANYTHING },
    '400': { description: 'An OAuth 2.0 error response (RFC 6749 §5.2)', content: JSON_ANYTHING },
  },
};

/** What pydantic 2 writes for OAuth2PasswordRequestForm's fields. */
const passwordFormSchema = {
  properties: {
    grant_type: { anyOf: [{ type: 'string', pattern: '^password$' }, { type: 'null' }], title: 'Grant Type' },
    username: { type: 'string', title: 'Username' },
    password: { type: 'string', format: 'password', title: 'Password' },
    scope: { type: 'string', title: 'Scope', default: '' },
    client_id: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Client Id' },
    client_secret: { anyOf: [{ type: 'string' }, { type: 'null' }], format: 'password', title: 'Client Secret' },
  },
  type: 'object',
  required: ['username', 'password'],
  title: 'Body_login_token_post',
};

/**
 * `rootPath` is '' or a prefix without a trailing slash. As FastAPI does behind a proxy (F-04),
 * a prefix becomes the first server and is left out otherwise.
 */
export function buildOpenApi(rootPath: string, numbered = 0): object {
  return {
    openapi: '3.1.0',
    info: { title: 'FastAPI', version: '0.1.0' },
    ...(rootPath ? { servers: [{ url: rootPath }] } : {}),
    paths: {
      '/items/': { get: itemsOperation },
      ...numberedPaths(numbered, itemsOperation),
      '/token': { post: tokenOperation },
    },
    components: {
      schemas: { Body_login_token_post: passwordFormSchema },
      securitySchemes: {
        [SECURITY_SCHEME_NAME]: { type: 'oauth2', flows: { password: { scopes: {}, tokenUrl: TOKEN_URL } } },
      },
    },
  };
}
