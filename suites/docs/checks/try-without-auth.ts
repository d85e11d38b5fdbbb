// docs.try-without-auth: before anyone authorizes, Try it out on a secured operation sends no
// credentials, and the page shows the 401 that FastAPI promises.
import { CheckFailure, NotApplicable } from '../../checks/failures.ts';
import { label } from '../../openapi/document.ts';
import type { DocsCheckContext } from '../context.ts';
import { chooseSecuredGet, loadDocument } from '../operations.ts';
import { openDocs } from '../page.ts';
import { DOCS_REQUIREMENTS } from '../requirements.ts';
import { attachScreenshot } from '../screenshot.ts';
import { executeOperation } from '../swagger.ts';

const REQ = DOCS_REQUIREMENTS.tryWithoutAuth;

export async function checkTryWithoutAuth(ctx: DocsCheckContext): Promise<void> {
  const { config, secrets, session, evidence } = ctx;
  const { page } = session;
  await openDocs(session, config.docs, config.timeoutMs, 'interact');
  const doc = await loadDocument(page.request, config.openapi, config.timeoutMs);
  const op = chooseSecuredGet(doc, config.endpoints);
  if (!op) throw new NotApplicable('the OpenAPI document secures no GET operation that Try it out can execute without parameters');
  evidence.operation = label(op);
  const { request, shown, block } = await executeOperation(page, op.method, op.path, config.timeoutMs);
  evidence.request = { method: request.method, url: request.url, authorization: request.headers.authorization ?? null };
  evidence.shownStatus = shown;
  await attachScreenshot(ctx, { name: 'try-without-auth.png', target: block, secrets: [secrets.token, secrets.password] });
  if (request.headers.authorization !== undefined) {
    throw new CheckFailure({ requirementId: REQ.id, level: REQ.level, expected: ['no Authorization header before authorizing'], actual: `Authorization: ${request.headers.authorization}` });
  }
  if (shown !== '401') {
    throw new CheckFailure({ requirementId: REQ.id, level: REQ.level, expected: ['401 shown for the live response'], actual: `${label(op)} without a token: the page shows ${shown}` });
  }
}
