// docs.authorize-dialog: the Authorize dialog offers each OAuth2 password scheme of the document.
import { CheckFailure, NotApplicable } from '../../checks/failures.ts';
import { child, passwordFlows } from '../../openapi/document.ts';
import type { DocsCheckContext } from '../context.ts';
import { loadDocument } from '../operations.ts';
import { openDocs, requireAuthorizeButton } from '../page.ts';
import { DOCS_REQUIREMENTS } from '../requirements.ts';
import { attachScreenshot } from '../screenshot.ts';
import { describeSection, openAuthorizeDialog, passwordSchemeSection } from '../swagger.ts';

const REQ = DOCS_REQUIREMENTS.authorizeDialog;

export async function checkAuthorizeDialog(ctx: DocsCheckContext): Promise<void> {
  const { config, secrets, session, evidence } = ctx;
  const { page } = session;
  await openDocs(session, config.docs, config.timeoutMs, 'interact');
  const doc = await loadDocument(page.request, config.openapi, config.timeoutMs);
  const flows = passwordFlows(doc);
  if (!flows.length) throw new NotApplicable('the OpenAPI document declares no OAuth2 password flow (components.securitySchemes.*.flows.password)');
  await requireAuthorizeButton(page);
  const modal = await openAuthorizeDialog(page);
  await attachScreenshot(ctx, { name: 'authorize-dialog.png', target: modal, secrets: [secrets.token, secrets.password] });
  const expected: string[] = [];
  const problems: string[] = [];
  const shown: Record<string, unknown> = {};
  for (const flow of flows) {
    const tokenUrl = child(flow.flow, 'tokenUrl');
    expected.push(`a section "${flow.scheme} (OAuth2, password)" with Token URL ${JSON.stringify(tokenUrl)}, Flow password, and #oauth_username / #oauth_password`);
    const section = passwordSchemeSection(modal, flow.scheme);
    if (!(await section.count())) {
      problems.push(`no section for ${JSON.stringify(flow.scheme)}`);
      continue;
    }
    const facts = await describeSection(section);
    shown[flow.scheme] = facts;
    if (facts.tokenUrl !== tokenUrl) problems.push(`${flow.scheme}: Token URL shown as ${JSON.stringify(facts.tokenUrl)}`);
    if (facts.flow !== 'password') problems.push(`${flow.scheme}: Flow shown as ${JSON.stringify(facts.flow)}`);
    if (!facts.username || !facts.password) problems.push(`${flow.scheme}: no ${facts.username ? '' : 'username '}${facts.password ? '' : 'password '}input`);
  }
  evidence.dialog = shown;
  if (problems.length) throw new CheckFailure({ requirementId: REQ.id, level: REQ.level, expected, actual: problems.join('; ') });
}
