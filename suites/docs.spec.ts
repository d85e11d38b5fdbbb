// The docs suite: FastAPI's /docs page (or any Swagger UI docs page) in a real Chromium. Swagger UI
// renders with an Authorize button, offers the password flow, marks secured operations with locks,
// and Try it out sends no credentials before login and `Bearer <token>` after it.
import { test } from '@playwright/test';
import { docsRequirementTest } from './docs/context.ts';
import { closeDocsSession } from './docs/session.ts';
import { DOCS_REQUIREMENTS as R } from './docs/requirements.ts';
import { checkSwaggerUiLoads } from './docs/checks/loads.ts';
import { checkAuthorizeDialog } from './docs/checks/dialog.ts';
import { checkLocksMatchSecurity } from './docs/checks/locks.ts';
import { checkTryWithoutAuth } from './docs/checks/try-without-auth.ts';
import { checkPasswordFlow } from './docs/checks/password-flow.ts';
import { checkTokenUrlReachable } from './docs/checks/token-url.ts';

test.afterAll(closeDocsSession);

// Read-only checks first: they share the page the first one rendered (see docs/session.ts).
docsRequirementTest(R.swaggerUiLoads, checkSwaggerUiLoads);
docsRequirementTest(R.locksMatchSecurity, checkLocksMatchSecurity);
docsRequirementTest(R.authorizeDialog, checkAuthorizeDialog);
docsRequirementTest(R.tryWithoutAuth, checkTryWithoutAuth);
docsRequirementTest(R.passwordFlow, checkPasswordFlow);
docsRequirementTest(R.tokenUrlReachable, checkTokenUrlReachable);
