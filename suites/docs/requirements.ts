// The docs suite's requirements, as data: what a user of FastAPI's /docs page is promised, checked
// in a real browser. Sources quote FastAPI's docs or the Swagger UI / OpenAPI text copied in docs/sources/.
import type { Level, Source } from '../model/types.ts';
import { uniform } from '../model/requirements/clause.ts';
import type { Declared } from '../model/requirements/clause.ts';

/** A docs-page promise: judged alike under every profile (FastAPI's docs and Swagger UI say the same to all). */
export interface DocsRequirement extends Declared {
  /** the level under every profile, which the checks fail at */
  level: Level;
  /** says what is sent and what is expected */
  title: string;
}

/** One promise, its id kept as a literal type (the check registry, docs/checks/registry.ts, needs one per id). */
function promise<const Id extends string>(r: { id: Id; level: Level; title: string; source: Source }): DocsRequirement & { id: Id } {
  return uniform(r);
}

const FIRST_STEPS = 'FastAPI docs: Security - First Steps';

export const DOCS_REQUIREMENTS = {
  swaggerUiLoads: promise({
    id: 'docs.swagger-ui-loads',
    level: 'MUST',
    title: 'Opens the docs page in Chromium; expects Swagger UI to render the API title and an Authorize button',
    source: {
      ref: FIRST_STEPS,
      quote: 'FastAPI will know that it can use this dependency to define a "security scheme" in the OpenAPI schema (and the automatic API docs).',
    },
  }),
  authorizeDialog: promise({
    id: 'docs.authorize-dialog',
    level: 'MUST',
    title: 'Clicks Authorize; expects the dialog to list each OAuth2 password scheme by name with flow password, its token URL, and username and password inputs',
    source: {
      ref: FIRST_STEPS,
      quote: "This parameter contains the URL that the client (the frontend running in the user's browser) will use to send the username and password in order to get a token.",
    },
  }),
  locksMatchSecurity: promise({
    id: 'docs.locks-match-security',
    level: 'MUST',
    title: 'Renders every operation; expects a lock on each one the OpenAPI document secures, none on public ones, and no public GET answering 401 without a token',
    source: {
      ref: 'OpenAPI 3.x Operation Object `security` (docs/sources/openapi.md#o-05)',
      quote: 'This definition overrides any declared top-level `security`. To remove a top-level security declaration, an empty array can be used.',
    },
  }),
  tryWithoutAuth: promise({
    id: 'docs.try-without-auth',
    level: 'MUST',
    title: 'Executes a secured GET operation with Try it out before authorizing; expects no Authorization header on the request and 401 on the page',
    source: {
      ref: `${FIRST_STEPS} (docs/sources/fastapi-docs.md#f-02)`,
      quote: "If it doesn't see an `Authorization` header, or the value doesn't have a `Bearer ` token, it will respond with a 401 status code error (`UNAUTHORIZED`) directly.",
    },
  }),
  passwordFlow: promise({
    id: 'docs.password-flow',
    level: 'MUST',
    title: 'Logs in through the Authorize dialog; expects a urlencoded grant_type=password POST to the token URL as Swagger UI resolves it, closed locks, and Try it out sending Bearer <issued token> with a 2xx',
    source: {
      ref: `${FIRST_STEPS} (docs/sources/fastapi-docs.md#f-01)`,
      quote: 'But if your API was located at `https://example.com/api/v1/`, then it would refer to `https://example.com/api/v1/token`.',
    },
  }),
  tokenUrlReachable: promise({
    id: 'docs.token-url-reachable',
    level: 'MUST',
    title: 'Submits the Authorize dialog; expects the token URL to answer without a network error or 5xx, and 404/405 only where the OpenAPI document describes no token operation',
    source: {
      ref: `${FIRST_STEPS} (docs/sources/fastapi-docs.md#f-01)`,
      quote: 'Using a relative URL is important to make sure your application keeps working even in an advanced use case like Behind a Proxy.',
    },
  }),
} as const satisfies Record<string, DocsRequirement>;

export type DocsRequirementId = (typeof DOCS_REQUIREMENTS)[keyof typeof DOCS_REQUIREMENTS]['id'];
