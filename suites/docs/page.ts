// Opening the docs page and knowing whether Swagger UI rendered. docs.swagger-ui-loads judges that;
// the other checks need it as a precondition and skip (with the reason) when it is not met.
import type { Page } from '@playwright/test';
import { CouldNotTest, NotApplicable } from '../checks/failures.ts';
import { DOCS_REQUIREMENTS } from './requirements.ts';
import { SEL } from './swagger.ts';
import type { DocsSession } from './session.ts';
import { firstLine } from '../text.ts';
import { installedVersions, unservable } from './offline.ts';

/** The docs page did not become a working Swagger UI; `reason` says what was seen instead. */
export class DocsNotRendered extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DocsNotRendered';
  }
}

export interface RenderedDocs {
  /** the docs URL of the run that was opened */
  requested: string;
  /** the page URL after redirects: Swagger UI resolves a relative tokenUrl against it (S-01) */
  url: string;
  status: number;
  title: string;
  swaggerUi: string;
}

/** Set once a check saw the page fail, so later checks skip at once instead of waiting again. */
let notRendered: string | undefined;

/** How long one step on the page may take: the run's timeout, but never under 5 s. */
export function renderTimeout(timeoutMs: number): number {
  return Math.max(timeoutMs, 5000);
}

/**
 * How long the first load and render may take: a whole page (HTML, a 1.5 MB bundle to parse, the
 * OpenAPI document), not one request. ~2 s cold here, but over 5 s on a loaded 2-core CI machine
 * (seen with other test runs alongside); a page that never loads costs this once (see notRendered).
 */
function loadTimeout(timeoutMs: number): number {
  return Math.max(timeoutMs, 15_000);
}

async function navigate(page: Page, url: string, timeoutMs: number): Promise<number> {
  try {
    const response = await page.goto(url, { waitUntil: 'load', timeout: loadTimeout(timeoutMs) });
    return response?.status() ?? 0;
  } catch (err) {
    throw new CouldNotTest(`the docs page ${url} did not load: ${firstLine(err)}`);
  }
}

/** What the page shows instead of Swagger UI, in one line. */
async function diagnose(page: Page): Promise<string> {
  return page.evaluate(() => {
    const errors = document.querySelector('.swagger-ui .errors-wrapper, .swagger-ui .errors');
    if (errors) return `Swagger UI shows an error: ${(errors.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 300)}`;
    const text = (document.body?.innerText ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
    return `no Swagger UI on the page (title ${JSON.stringify(document.title)}, text ${JSON.stringify(text)})`;
  });
}

/** Swagger UI 4 does not say its version on the page (5 sets window.versions); the local copy served says it. */
function servedVersion(session: DocsSession): string | undefined {
  const served = [...new Set(session.offline.swaggerUi.map((s) => s.served))];
  return served.length === 1 ? served[0] : undefined;
}

/** A page that asks for a Swagger UI no local copy has is not testable offline: say so, do not test another version. */
function requireServableSwaggerUi(session: DocsSession): void {
  const missing = unservable(session.offline);
  if (missing.length) {
    throw new CouldNotTest(`cannot serve ${missing.map((v) => `swagger-ui-dist@${v}`).join(', ')} offline: the page asks for it, and the installed copies are ${installedVersions()} (--allow-cdn lets the browser fetch it)`);
  }
}

/** True when the page carries no Swagger UI at all once loaded, so there is nothing to wait for. */
function hasNoSwaggerUi(page: Page): Promise<boolean> {
  return page.evaluate(() => !('SwaggerUIBundle' in window) && !document.querySelector('.swagger-ui, #swagger-ui'));
}

/** Loads the docs page and waits for Swagger UI's title; throws DocsNotRendered otherwise. */
export async function loadDocs(session: DocsSession, docsUrl: string, timeoutMs: number): Promise<RenderedDocs> {
  const { page } = session;
  session.pristine = undefined;
  const status = await navigate(page, docsUrl, timeoutMs);
  requireServableSwaggerUi(session);
  if (status >= 400) throw new DocsNotRendered(`GET ${docsUrl} answered ${status}`);
  if (await hasNoSwaggerUi(page)) throw new DocsNotRendered(await diagnose(page));
  const rendered = page.locator(SEL.title).or(page.locator(SEL.errors)).first();
  try {
    await rendered.waitFor({ state: 'visible', timeout: loadTimeout(timeoutMs) });
  } catch {
    throw new DocsNotRendered(`${await diagnose(page)}; no title within ${loadTimeout(timeoutMs)} ms`);
  }
  if (!(await page.locator(SEL.title).isVisible())) throw new DocsNotRendered(await diagnose(page));
  session.pristine = {
    requested: docsUrl,
    url: page.url(),
    status,
    title: (await page.locator(SEL.title).innerText()).replace(/\s+/g, ' ').trim(),
    swaggerUi: await page.evaluate(() => (window as { versions?: { swaggerUI?: { version?: string } } }).versions?.swaggerUI?.version) ?? servedVersion(session) ?? 'unknown',
  };
  return session.pristine;
}

/**
 * For the checks that need a rendered page: skip when docs.swagger-ui-loads' precondition fails.
 * An untouched page is reused; a check that will `interact` leaves it touched, so the next one
 * navigates afresh.
 */
export async function openDocs(session: DocsSession, docsUrl: string, timeoutMs: number, use: 'read' | 'interact'): Promise<RenderedDocs> {
  if (notRendered) throw new NotApplicable(precondition(notRendered));
  try {
    const docs = session.pristine?.requested === docsUrl ? session.pristine : await loadDocs(session, docsUrl, timeoutMs);
    if (use === 'interact') session.pristine = undefined;
    return docs;
  } catch (err) {
    if (!(err instanceof DocsNotRendered)) throw err;
    notRendered = err.reason;
    throw new NotApplicable(precondition(err.reason));
  }
}

export function rememberNotRendered(reason: string): void {
  notRendered = reason;
}

function precondition(reason: string): string {
  return `precondition not met: the docs page does not render Swagger UI (${DOCS_REQUIREMENTS.swaggerUiLoads.id}): ${reason}`;
}

/** The checks that open the Authorize dialog need the button; without it they skip. */
export async function requireAuthorizeButton(page: Page): Promise<void> {
  const button = page.locator(SEL.authorizeButton);
  const visible = await button.waitFor({ state: 'visible', timeout: 1000 }).then(() => true, () => false);
  if (!visible) throw new NotApplicable(`precondition not met: Swagger UI shows no Authorize button (${DOCS_REQUIREMENTS.swaggerUiLoads.id})`);
}
