// Driving Swagger UI (5.x; 4.x renders the same markup): the selectors that work here
// (environment.md §3) and the few gestures the checks need.
import type { Locator, Page, Request } from '@playwright/test';

export const SEL = {
  title: '.swagger-ui .info .title',
  errors: '.swagger-ui .errors-wrapper',
  authorizeButton: '.scheme-container button.authorize',
  modal: '.dialog-ux .modal-ux',
  username: '#oauth_username',
  password: '#oauth_password',
  modalAuthorize: '.auth-btn-wrapper button.authorize',
  modalClose: '.auth-btn-wrapper button.btn-done',
  closedTag: '.opblock-tag-section:not(.is-open) .opblock-tag',
  operation: '.opblock',
  lock: '.opblock-summary .authorization__btn',
  expand: '.opblock-summary-control',
  tryOut: 'button.try-out__btn',
  execute: 'button.execute',
  responseStatus: '.live-responses-table .response .response-col_status',
  responses: '.responses-wrapper',
} as const;

/** A request as the browser sent it. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  postData: string | null;
}

export async function seen(request: Request): Promise<SeenRequest> {
  return { url: request.url(), method: request.method(), headers: await request.allHeaders(), postData: request.postData() };
}

/** Opens collapsed tag sections (docExpansion "none") so that every operation is in the DOM. */
export async function expandAllTags(page: Page): Promise<void> {
  const closed = page.locator(SEL.closedTag);
  for (let left = await closed.count(); left > 0; left--) await closed.first().click();
}

export interface RenderedOperation {
  method: string;
  path: string;
  hasLock: boolean;
}

export function renderedOperations(page: Page): Promise<RenderedOperation[]> {
  return page.locator(SEL.operation).evaluateAll((blocks) => blocks.map((b) => ({
    method: (b.querySelector('.opblock-summary-method')?.textContent ?? '').trim().toUpperCase(),
    path: b.querySelector('.opblock-summary [data-path]')?.getAttribute('data-path') ?? '',
    hasLock: b.querySelector('.opblock-summary .authorization__btn') !== null,
  })));
}

export function operationBlock(page: Page, method: string, path: string): Locator {
  return page.locator(`${SEL.operation}.opblock-${method.toLowerCase()}`)
    .filter({ has: page.locator(`.opblock-summary [data-path=${JSON.stringify(path)}]`) })
    .first();
}

export async function openAuthorizeDialog(page: Page): Promise<Locator> {
  await page.locator(SEL.authorizeButton).click();
  const modal = page.locator(SEL.modal);
  await modal.waitFor({ state: 'visible' });
  return modal;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The dialog's section for one OAuth2 password scheme: heading "<name> (OAuth2, password)". */
export function passwordSchemeSection(modal: Locator, scheme: string): Locator {
  const heading = modal.page().locator('h4', { hasText: new RegExp(`^\\s*${escapeRegExp(scheme)} \\(OAuth2, password\\)`) });
  return modal.locator('div:has(> h4)').filter({ has: heading }).first();
}

/** Facts the dialog shows about a scheme, as rendered text. */
export async function describeSection(section: Locator): Promise<{ tokenUrl?: string; flow?: string; username: boolean; password: boolean }> {
  return section.evaluate((el) => {
    const code = (label: string) => {
      const p = Array.from(el.querySelectorAll('p')).find((x) => (x.textContent ?? '').trim().startsWith(label));
      return p?.querySelector('code')?.textContent?.trim();
    };
    return { tokenUrl: code('Token URL:'), flow: code('Flow:'), username: !!el.querySelector('#oauth_username'), password: !!el.querySelector('#oauth_password') };
  });
}

/**
 * Enters a secret into a React-controlled input. `fill("…")` would be recorded as a step titled
 * `Fill "<the secret>"` in Playwright's HTML report; an evaluate step carries no argument in its title.
 */
async function enterSecret(input: Locator, secret: string): Promise<void> {
  await input.evaluate((el, value) => {
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setValue.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, secret);
}

/**
 * Ticks these scopes in the section's "Scopes:" list (Swagger UI renders one checkbox per scope the
 * flow declares, `data-value` the scope, styled so that its label is what a user clicks). Returns the
 * scopes the dialog does not offer.
 */
export async function selectScopes(section: Locator, scopes: readonly string[]): Promise<string[]> {
  const absent: string[] = [];
  for (const scope of scopes) {
    const box = section.locator('.scopes .checkbox').filter({ has: section.page().locator(`input[type="checkbox"][data-value=${JSON.stringify(scope)}]`) });
    if (!(await box.count())) {
      absent.push(scope);
      continue;
    }
    const input = box.locator('input[type="checkbox"]').first();
    if (!(await input.isChecked())) await box.locator('label').first().click();
  }
  return absent;
}

/** Types the credentials into a password-flow section and presses its Authorize button. */
export async function submitPassword(section: Locator, creds: { username: string; password: string }): Promise<void> {
  await section.locator(SEL.username).fill(creds.username);
  await enterSecret(section.locator(SEL.password), creds.password);
  await section.locator(SEL.modalAuthorize).click();
}

/** Waits for the section to show Logout (authorized); otherwise returns what it shows (Swagger UI's auth error). */
export async function authorizedOrShown(section: Locator, timeoutMs: number): Promise<string | undefined> {
  const logout = section.locator('.auth-btn-wrapper').getByText('Logout');
  if (await logout.waitFor({ timeout: timeoutMs }).then(() => true, () => false)) return undefined;
  const text = await section.innerText().catch(() => '');
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Expands an operation, presses Try it out and Execute; returns the request sent and the status shown. */
export async function executeOperation(page: Page, method: string, path: string, timeoutMs: number): Promise<{ request: SeenRequest; shown: string; block: Locator }> {
  await expandAllTags(page);
  const block = operationBlock(page, method, path);
  await block.locator(SEL.expand).click();
  // With Swagger UI's tryItOutEnabled the form is already open and the button reads Cancel.
  const tryOut = block.locator(SEL.tryOut).first();
  await tryOut.waitFor();
  if (!/\bcancel\b/.test((await tryOut.getAttribute('class')) ?? '')) await tryOut.click();
  const sent = page.waitForEvent('request', { predicate: (r) => ['fetch', 'xhr'].includes(r.resourceType()) && r.method() === method, timeout: timeoutMs });
  await block.locator(SEL.execute).click();
  const request = await seen(await sent);
  return { request, shown: await shownStatus(block, timeoutMs), block };
}

/** The status Swagger UI shows for the live response, or what it shows instead (e.g. "Failed to fetch"). */
async function shownStatus(block: Locator, timeoutMs: number): Promise<string> {
  const status = block.locator(SEL.responseStatus).first();
  // The cell reads "401" or "401 Undocumented" when the document lists no such response.
  const shown = await status.filter({ hasText: /^\s*\d{3}\b/ }).waitFor({ timeout: timeoutMs }).then(() => true, () => false);
  if (shown) return /\d{3}/.exec(await status.innerText())![0];
  const text = await block.locator(SEL.responses).innerText().catch(() => '');
  return `no status (${text.replace(/\s+/g, ' ').trim().slice(0, 200) || 'nothing shown'})`;
}
