// docs.swagger-ui-loads: the docs page renders Swagger UI with its Authorize button.
import { CheckFailure } from '../../checks/failures.ts';
import type { DocsCheckContext } from '../context.ts';
import { DocsNotRendered, loadDocs, rememberNotRendered } from '../page.ts';
import { DOCS_REQUIREMENTS } from '../requirements.ts';
import { attachScreenshot } from '../screenshot.ts';
import { SEL } from '../swagger.ts';

const REQ = DOCS_REQUIREMENTS.swaggerUiLoads;

function failure(expected: string, actual: string): CheckFailure {
  return new CheckFailure({ requirementId: REQ.id, level: REQ.level, expected: [expected], actual });
}

export async function checkSwaggerUiLoads(ctx: DocsCheckContext): Promise<void> {
  const { config, secrets, session, evidence } = ctx;
  const { page } = session;
  evidence.docs = config.docs;
  let docs;
  try {
    docs = await loadDocs(session, config.docs, config.timeoutMs);
  } catch (err) {
    if (!(err instanceof DocsNotRendered)) throw err;
    rememberNotRendered(err.reason);
    await attachScreenshot(ctx, { name: 'docs-page.png', target: page.locator('body'), secrets: [secrets.token, secrets.password] });
    throw failure('Swagger UI rendering the API title (.swagger-ui .info .title)', err.reason);
  }
  Object.assign(evidence, { page: docs.url, status: docs.status, title: docs.title, swaggerUi: docs.swaggerUi });
  const authorize = await page.locator(SEL.authorizeButton).waitFor({ state: 'visible', timeout: 1000 }).then(() => true, () => false);
  if (!authorize) {
    throw failure('an Authorize button (.scheme-container button.authorize)',
      `Swagger UI renders ${JSON.stringify(docs.title)} without an Authorize button: the OpenAPI document it loaded declares no security scheme`);
  }
}
