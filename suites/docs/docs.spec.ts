// The docs suite: FastAPI's /docs page (or any Swagger UI docs page) in a real Chromium. Swagger UI
// renders with an Authorize button, offers the password flow, marks secured operations with locks,
// and Try it out sends no credentials before login and `Bearer <token>` after it.
import { test } from '@playwright/test';
import { registerDocsCheck } from './context.ts';
import { closeDocsSession } from './session.ts';
import { DOCS_REQUIREMENTS } from './requirements.ts';
import type { DocsRequirementId } from './requirements.ts';
import { DOCS_CHECKS } from './checks/registry.ts';

test.afterAll(closeDocsSession);

// In the registry's order: read-only checks first (docs/checks/registry.ts).
const byId = new Map(Object.values(DOCS_REQUIREMENTS).map((r) => [r.id, r]));
for (const id of Object.keys(DOCS_CHECKS) as DocsRequirementId[]) registerDocsCheck(byId.get(id)!, DOCS_CHECKS[id]);
