// How a docs check runs: registered through the harness's registerCheck (no `page` fixture, so a
// missing browser is a CouldNotTest `error` with NO_BROWSER_MESSAGE, not a fixture crash), over the
// worker's shared page. The check's applicability and assertion both run with the page open, and
// what the page served offline is recorded in the evidence whatever the verdict.
import type { RequirementContext } from '../harness.ts';
import { registerCheck, runContext } from '../harness.ts';
import { judgedUnder } from '../model/requirements/clause.ts';
import { runCheck } from '../checks/check.ts';
import type { Check } from '../checks/check.ts';
import type { RequirementMeta } from '../results.ts';
import type { DocsRequirement } from './requirements.ts';
import { docsSession } from './session.ts';
import type { DocsSession } from './session.ts';
import { renderTimeout } from './page.ts';
import type { SwaggerUiServed } from './offline.ts';

export interface DocsCheckContext extends RequirementContext {
  session: DocsSession;
}

export type DocsCheck = Check<DocsCheckContext>;

/** Each requested → served pair once ({requested: "4", served: "4.19.1"}; no `served`: it could not be). */
function distinct(served: SwaggerUiServed[]): SwaggerUiServed[] {
  return [...new Map(served.map((s) => [`${s.requested}→${s.served}`, s])).values()];
}

/** The check with the docs page open: its verdict, and the page's offline record in the evidence. */
async function onDocsPage(ctx: RequirementContext, check: DocsCheck): Promise<void> {
  const session = await docsSession(ctx.config);
  session.page.setDefaultTimeout(renderTimeout(ctx.config.timeoutMs));
  ctx.evidence.browser = session.browser;
  try {
    await runCheck(check, { ...ctx, session }, ctx.evidence);
  } finally {
    if (session.offline.servedLocally.length) ctx.evidence.servedFromLocalSwaggerUiDist = [...new Set(session.offline.servedLocally)];
    if (session.offline.blocked.length) ctx.evidence.blockedOffBox = [...new Set(session.offline.blocked)];
    if (session.offline.swaggerUi.length) ctx.evidence.swaggerUiDist = distinct(session.offline.swaggerUi);
  }
}

export function registerDocsCheck(requirement: DocsRequirement, check: DocsCheck): void {
  const { level, source, title } = judgedUnder(requirement, runContext().config.profile)!;
  const meta: RequirementMeta = { id: requirement.id, suite: 'docs', level, title, source };
  registerCheck<RequirementContext>(meta, { run: (ctx) => onDocsPage(ctx, check) }, (ctx) => ctx);
}
