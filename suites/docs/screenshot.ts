// Screenshots for the report, with secrets never visible: the password field and every area that
// shows the token (the curl command, the request URL, the live response) are masked, and a screenshot
// whose unmasked text would still show a secret is withheld, not attached. A screenshot is evidence:
// taking it is bounded and can fail (an invisible page, a page that never settles) without ever
// changing the check's verdict; the failure is noted in evidence.notCollected.
import type { Locator, TestInfo } from '@playwright/test';
import { EVIDENCE_TIMEOUT_MS } from '../evidence.ts';
import type { RequirementContext } from '../harness.ts';
import type { Evidence } from '../results.ts';

export const SECRET_MASKS = [
  '#oauth_password',
  '.curl-command',
  '.request-url',
  '.live-responses-table .response-col_description',
  '.microlight',
] as const;

/** Text the element shows outside the masked areas: text nodes and form values. */
function unmaskedText(target: Locator, timeout: number): Promise<string> {
  return target.evaluate((root, masks) => {
    const masked = (el: Element | null) => !!el?.closest(masks);
    const parts: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!masked(n.parentElement)) parts.push(n.textContent ?? '');
    for (const field of Array.from(root.querySelectorAll('input, textarea'))) if (!masked(field)) parts.push((field as HTMLInputElement).value);
    return parts.join('\n');
  }, SECRET_MASKS.join(', '), { timeout });
}

export interface Shot {
  name: string;
  target: Locator;
  secrets: (string | undefined)[];
}

type ShotContext = Pick<RequirementContext, 'testInfo' | 'evidence' | 'collect'>;

/** Attaches a PNG of `target` with the secret areas masked, records why it was withheld, or notes why it could not be taken. */
export function attachScreenshot(ctx: ShotContext, shot: Shot): Promise<void> {
  return ctx.collect(shot.name, () => takeScreenshot(ctx.testInfo, ctx.evidence, shot));
}

async function takeScreenshot(testInfo: TestInfo, evidence: Evidence, o: Shot): Promise<void> {
  const secrets = o.secrets.filter((s): s is string => !!s && s.length >= 3);
  const visible = await unmaskedText(o.target, EVIDENCE_TIMEOUT_MS);
  if (secrets.some((s) => visible.includes(s))) {
    evidence.screenshotsWithheld = [...((evidence.screenshotsWithheld as string[] | undefined) ?? []), `${o.name}: a secret would be visible outside the masked areas`];
    return;
  }
  const page = o.target.page();
  const body = await o.target.screenshot({ mask: SECRET_MASKS.map((s) => page.locator(s)), animations: 'disabled', timeout: EVIDENCE_TIMEOUT_MS });
  await testInfo.attach(o.name, { body, contentType: 'image/png' });
}
