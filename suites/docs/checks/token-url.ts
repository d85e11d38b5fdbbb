// docs.token-url-reachable: the token URL Swagger UI posts to answers. The browser's own request is
// observed, not intercepted, so CORS and mixed-content refusals count as unreachable too.
import type { Page, Request } from '@playwright/test';
import { CheckFailure, CouldNotTest, NotApplicable } from '../../checks/failures.ts';
import { passwordFlows } from '../../openapi/document.ts';
import type { DocsCheckContext } from '../context.ts';
import { requireCredentials } from '../credentials.ts';
import type { Credentials } from '../credentials.ts';
import { describesPost, documentBase, loadDocument } from '../operations.ts';
import { openDocs, requireAuthorizeButton } from '../page.ts';
import { DOCS_REQUIREMENTS } from '../requirements.ts';
import { openAuthorizeDialog, passwordSchemeSection, submitPassword } from '../swagger.ts';
import { NO_ENDPOINT_STATUSES, isPasswordGrant } from '../token-route.ts';
import { within } from '../util.ts';

const REQ = DOCS_REQUIREMENTS.tokenUrlReachable;

function failure(expected: string, actual: string): CheckFailure {
  return new CheckFailure({ requirementId: REQ.id, level: REQ.level, expected: [expected], actual });
}

type Answer = { status: number } | { error: string };

/** The status the token URL answered with, or the browser's network error. */
async function answer(request: Request, timeoutMs: number): Promise<Answer> {
  const response = await within(request.response(), timeoutMs);
  if (response === undefined) return { error: `no answer within ${timeoutMs} ms` };
  if (response) return { status: response.status() };
  return { error: request.failure()?.errorText ?? 'no response' };
}

/** Opens the dialog, submits the credentials, and returns the browser's own token request. */
async function submitAndObserve(page: Page, scheme: string, creds: Credentials, timeoutMs: number): Promise<Request> {
  const section = passwordSchemeSection(await openAuthorizeDialog(page), scheme);
  if (!(await section.count())) throw new NotApplicable(`precondition not met: the dialog shows no section for ${scheme} (${DOCS_REQUIREMENTS.authorizeDialog.id})`);
  const sent = page.waitForEvent('request', { predicate: (r) => isPasswordGrant(r.method(), r.postData()), timeout: timeoutMs });
  await submitPassword(section, creds);
  const request = await sent.catch(() => undefined);
  if (!request) throw failure('a password-grant POST after Authorize', 'Swagger UI sent none');
  return request;
}

/** Network errors and 5xx fail; 404/405 fail only where the document describes a POST operation. */
function judge(url: string, result: Answer, o: { blocked: boolean; describedByDocument: boolean }): void {
  if ('error' in result) {
    // Hosts other than loopback and the run's own are never tried offline: that is not the target's fault.
    if (o.blocked) throw new CouldNotTest(`the token URL ${url} is not on the target's hosts and the docs suite runs offline (--allow-cdn lets the browser out)`);
    throw failure(`an HTTP answer from ${url}`, `Swagger UI could not reach the token URL ${url}: ${result.error}`);
  }
  if (result.status >= 500) throw failure(`an answer below 500 from ${url}`, `${url} answered ${result.status}`);
  if (!NO_ENDPOINT_STATUSES.includes(result.status)) return;
  if (o.describedByDocument) throw failure(`the token operation the OpenAPI document describes at ${url}`, `${url} answered ${result.status}`);
  throw new NotApplicable(`${url} answered ${result.status} and the OpenAPI document describes no operation there: the target has no token endpoint (as FastAPI's first-steps app); ${DOCS_REQUIREMENTS.passwordFlow.id} answers the token request itself`);
}

export async function checkTokenUrlReachable(ctx: DocsCheckContext): Promise<void> {
  const { config, session, evidence } = ctx;
  const creds = requireCredentials(ctx, 'submit to the token URL');
  const docs = await openDocs(session, config.docs, config.timeoutMs, 'interact');
  const doc = await loadDocument(session.page.request, config.openapi, config.timeoutMs);
  const flow = passwordFlows(doc)[0];
  if (!flow) throw new NotApplicable('the OpenAPI document declares no OAuth2 password flow');
  await requireAuthorizeButton(session.page);
  const request = await submitAndObserve(session.page, flow.scheme, creds, config.timeoutMs * 2);
  const url = request.url();
  const result = await answer(request, config.timeoutMs * 2);
  Object.assign(evidence, { scheme: flow.scheme, tokenRequestUrl: url, ...result });
  judge(url, result, { blocked: session.offline.blocked.includes(url), describedByDocument: describesPost(doc, url, documentBase(config, docs.url)) });
}
