// The docs suite: FastAPI's /docs page (or any Swagger UI docs page) in a real Chromium. Swagger UI
// renders with an Authorize button, offers the password flow, marks secured operations with locks,
// and Try it out sends no credentials before login and `Bearer <token>` after it.
import { test } from '@playwright/test';
import type { Registry } from './checks/check.ts';
import { registerDocsCheck } from './docs/context.ts';
import type { DocsCheckContext } from './docs/context.ts';
import { withCredentials } from './docs/credentials.ts';
import { closeDocsSession } from './docs/session.ts';
import { DOCS_REQUIREMENTS } from './docs/requirements.ts';
import type { DocsRequirementId } from './docs/requirements.ts';
import { checkSwaggerUiLoads } from './docs/checks/loads.ts';
import { checkAuthorizeDialog } from './docs/checks/dialog.ts';
import { checkLocksMatchSecurity } from './docs/checks/locks.ts';
import { checkTryWithoutAuth } from './docs/checks/try-without-auth.ts';
import { checkPasswordFlow } from './docs/checks/password-flow.ts';
import { checkTokenUrlReachable } from './docs/checks/token-url.ts';

test.afterAll(closeDocsSession);

/**
 * Each requirement's check, in the order they run: read-only checks first, sharing the page the
 * first one rendered (see docs/session.ts); then those that log in.
 */
const DOCS_CHECKS: Registry<DocsRequirementId, DocsCheckContext> = {
  'docs.swagger-ui-loads': { run: checkSwaggerUiLoads },
  'docs.locks-match-security': { run: checkLocksMatchSecurity },
  'docs.authorize-dialog': { run: checkAuthorizeDialog },
  'docs.try-without-auth': { run: checkTryWithoutAuth },
  'docs.password-flow': { applies: withCredentials('log in with'), run: checkPasswordFlow },
  'docs.token-url-reachable': { applies: withCredentials('submit to the token URL'), run: checkTokenUrlReachable },
};

const byId = new Map(Object.values(DOCS_REQUIREMENTS).map((r) => [r.id, r]));
for (const id of Object.keys(DOCS_CHECKS) as DocsRequirementId[]) registerDocsCheck(byId.get(id)!, DOCS_CHECKS[id]);
