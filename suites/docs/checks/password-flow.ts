// docs.password-flow: the Authorize dialog logs in with the password grant the way Swagger UI is
// documented to (S-01..S-03), the locks close, and Try it out then carries `Bearer <access_token>`.
import type { Locator, Page } from '@playwright/test';
import { CheckFailure, CouldNotTest, NotApplicable } from '../../checks/failures.ts';
import { ANNOTATION } from '../../results.ts';
import { child, label, passwordFlows } from '../../openapi/document.ts';
import type { Operation } from '../../openapi/document.ts';
import { resolveAsSwaggerUi } from '../../openapi/urls.ts';
import type { DocsCheckContext } from '../context.ts';
import { requireCredentials } from '../credentials.ts';
import type { Credentials } from '../credentials.ts';
import { chooseSecuredGet, loadDocument } from '../operations.ts';
import { openDocs, requireAuthorizeButton } from '../page.ts';
import { DOCS_REQUIREMENTS } from '../requirements.ts';
import { attachScreenshot } from '../screenshot.ts';
import { SEL, authorizedOrShown, executeOperation, expandAllTags, openAuthorizeDialog, operationBlock, passwordSchemeSection, selectScopes, submitPassword } from '../swagger.ts';
import { scopeAlternatives } from '../../openapi/scopes.ts';
import type { SeenRequest } from '../swagger.ts';
import { interceptTokenRequests } from '../token-route.ts';
import type { TokenExchange } from '../token-route.ts';

const REQ = DOCS_REQUIREMENTS.passwordFlow;
const LOCKED = /(^|\s)locked(\s|$)/;

function failure(expected: string, actual: string): CheckFailure {
  return new CheckFailure({ requirementId: REQ.id, level: REQ.level, expected: [expected], actual });
}

/** S-02: `POST`, urlencoded, `grant_type=password&username=U&password=P` at the URL Swagger UI resolves (S-01). */
export function tokenRequestProblems(request: SeenRequest, expectedUrl: string | undefined, creds: Credentials): string[] {
  const problems: string[] = [];
  if (expectedUrl !== undefined && request.url !== expectedUrl) problems.push(`posted to ${request.url}, not ${expectedUrl}`);
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/x-www-form-urlencoded')) problems.push(`Content-Type ${JSON.stringify(contentType)}`);
  const form = new URLSearchParams(request.postData ?? '');
  const want = { grant_type: 'password', username: creds.username, password: creds.password };
  for (const [name, value] of Object.entries(want)) if (form.get(name) !== value) problems.push(`form field ${name} is ${JSON.stringify(form.get(name))}`);
  return problems;
}

/** The access token the exchange gave Swagger UI, or the failure that stopped the flow. */
function accessTokenOf(exchange: TokenExchange): string {
  const { outcome, request } = exchange;
  if (outcome.kind === 'failed') throw failure(`a token response from ${request.url}`, `the token request failed: ${outcome.error}`);
  if (outcome.kind === 'harness') return outcome.accessToken;
  if (outcome.status < 200 || outcome.status > 299) throw failure(`2xx with an access_token from ${request.url}`, `${outcome.status} ${outcome.body.slice(0, 300)}`);
  if (!outcome.accessToken) throw failure('a JSON body with a string access_token', outcome.body.slice(0, 300));
  return outcome.accessToken;
}

/**
 * Logs in as a user would to try the operation: with the scopes its security requirement asks for
 * ticked (OAuth2 scopes tutorial: a token without them is refused), then the credentials.
 */
async function logIn(page: Page, p: FlowPlan): Promise<{ section: Locator; modal: Locator }> {
  const modal = await openAuthorizeDialog(page);
  const section = passwordSchemeSection(modal, p.scheme);
  if (!(await section.count())) throw failure(`a dialog section for ${p.scheme}`, 'none (see docs.authorize-dialog)');
  const absent = await selectScopes(section, p.scopes);
  if (absent.length) throw failure(`the dialog to offer the scopes ${label(p.op)} requires`, `no checkbox for ${absent.map((s) => JSON.stringify(s)).join(', ')}`);
  await submitPassword(section, p.creds);
  return { section, modal };
}

async function exchangeOrFail(next: (ms: number) => Promise<TokenExchange | undefined>, ctx: DocsCheckContext, expectedUrl: string | undefined): Promise<TokenExchange> {
  const exchange = await next(ctx.config.timeoutMs * 2);
  if (exchange) return exchange;
  if (ctx.session.offline.blocked.some((u) => u === expectedUrl)) {
    throw new CouldNotTest(`the token URL ${expectedUrl} is not on the target's hosts and the docs suite runs offline (--allow-cdn lets the browser out)`);
  }
  throw failure(`a password-grant POST to ${expectedUrl}`, 'Swagger UI sent none after Authorize');
}

async function expectOperationLocked(page: Page, op: Operation): Promise<void> {
  await expandAllTags(page);
  const lock = operationBlock(page, op.method, op.path).locator(SEL.lock);
  const aria = await lock.getAttribute('aria-label', { timeout: 1000 }).catch(() => null);
  if (aria !== 'authorization button locked') throw failure(`the lock of ${label(op)} to close after login`, `aria-label ${JSON.stringify(aria)}`);
}

async function executeWithToken(ctx: DocsCheckContext, op: Operation, accessToken: string, secrets: (string | undefined)[]): Promise<void> {
  const { page } = ctx.session;
  const { request, shown, block } = await executeOperation(page, op.method, op.path, ctx.config.timeoutMs);
  ctx.evidence.apiRequest = { method: request.method, url: request.url, authorization: request.headers.authorization ?? null, shownStatus: shown };
  await attachScreenshot(ctx, { name: 'try-with-token.png', target: block, secrets });
  if (request.headers.authorization !== `Bearer ${accessToken}`) {
    throw failure('Authorization: Bearer <access_token from the token response>', `Authorization: ${request.headers.authorization ?? '(none)'}`);
  }
  if (!/^2\d\d$/.test(shown)) throw failure('a 2xx shown for the live response', `${label(op)} with the token: the page shows ${shown}`);
}

interface FlowPlan {
  creds: Credentials;
  scheme: string;
  op: Operation;
  /** the scopes the operation's (first) security requirement asks of the token */
  scopes: string[];
  expectedUrl: string | undefined;
}

/** The preconditions: credentials, a rendered page with an Authorize button, a password flow, a secured GET. */
async function plan(ctx: DocsCheckContext): Promise<FlowPlan> {
  const { config, session } = ctx;
  const creds = requireCredentials(ctx, 'log in with');
  const docs = await openDocs(session, config.docs, config.timeoutMs, 'interact');
  const doc = await loadDocument(session.page.request, config.openapi, config.timeoutMs);
  const flow = passwordFlows(doc)[0];
  if (!flow) throw new NotApplicable('the OpenAPI document declares no OAuth2 password flow');
  const op = chooseSecuredGet(doc, config.endpoints, flow.scheme);
  if (!op) throw new NotApplicable(`no GET operation secured by ${flow.scheme} alone that Try it out can execute without parameters`);
  await requireAuthorizeButton(session.page);
  const tokenUrl = child(flow.flow, 'tokenUrl');
  const expectedUrl = typeof tokenUrl === 'string' ? resolveAsSwaggerUi(tokenUrl, doc, docs.url) : undefined;
  const scopes = scopeAlternatives(doc, op)[0] ?? [];
  Object.assign(ctx.evidence, { scheme: flow.scheme, tokenUrl, expectedTokenRequestUrl: expectedUrl, credentials: creds.from, operation: label(op), scopes });
  return { creds, scheme: flow.scheme, op, scopes, expectedUrl };
}

function describeOutcome(outcome: TokenExchange['outcome']): Record<string, unknown> {
  if (outcome.kind === 'answered') return { issuedBy: 'target', status: outcome.status, tokenType: outcome.tokenType ?? null };
  if (outcome.kind === 'harness') return { issuedBy: 'harness', targetStatus: outcome.targetStatus };
  return { error: outcome.error };
}

/** Logs in through the dialog and judges the token request; returns the access token Swagger UI holds. */
async function obtainToken(ctx: DocsCheckContext, p: FlowPlan, next: (ms: number) => Promise<TokenExchange | undefined>): Promise<{ exchange: TokenExchange; accessToken: string; modal: Locator }> {
  const { section, modal } = await logIn(ctx.session.page, p);
  const exchange = await exchangeOrFail(next, ctx, p.expectedUrl);
  ctx.evidence.tokenRequest = { method: exchange.request.method, url: exchange.request.url, headers: exchange.request.headers, body: exchange.request.postData };
  ctx.evidence.tokenResponse = describeOutcome(exchange.outcome);
  const problems = tokenRequestProblems(exchange.request, p.expectedUrl, p.creds);
  if (problems.length) throw failure(`POST ${p.expectedUrl} with grant_type=password&username=…&password=… (urlencoded)`, problems.join('; '));
  const accessToken = accessTokenOf(exchange);
  ctx.redactor.add(accessToken);
  const shown = await authorizedOrShown(section, ctx.config.timeoutMs);
  if (shown !== undefined) throw failure('the dialog to show the scheme as authorized (Logout)', `the dialog shows: ${shown}`);
  return { exchange, accessToken, modal };
}

/** Closes the dialog; the Authorize button and the operation's lock must now show as locked. */
async function closeAndExpectLocked(page: Page, modal: Locator, op: Operation): Promise<void> {
  await modal.locator(SEL.modalClose).first().click();
  const topClass = (await page.locator(SEL.authorizeButton).getAttribute('class')) ?? '';
  if (!LOCKED.test(topClass)) throw failure('the Authorize button to be locked after login', `class ${JSON.stringify(topClass)}`);
  await expectOperationLocked(page, op);
}

export async function checkPasswordFlow(ctx: DocsCheckContext): Promise<void> {
  const { config, secrets, session, testInfo } = ctx;
  const p = await plan(ctx);
  const route = await interceptTokenRequests(session.page, { timeoutMs: config.timeoutMs, allowed: session.allowed });
  try {
    const { exchange, accessToken, modal } = await obtainToken(ctx, p, route.next);
    const shotSecrets = [p.creds.password, accessToken, secrets.token, secrets.password];
    await attachScreenshot(ctx, { name: 'authorize-dialog-authorized.png', target: modal, secrets: shotSecrets });
    await closeAndExpectLocked(session.page, modal, p.op);
    await executeWithToken(ctx, p.op, accessToken, shotSecrets);
    if (exchange.outcome.kind === 'harness') {
      testInfo.annotations.push({ type: ANNOTATION.message, description: `passed with a harness-issued token: ${exchange.request.url} answered ${exchange.outcome.targetStatus} (the target has no token endpoint), so the harness answered the token request itself` });
    }
  } finally {
    await route.stop();
  }
}
