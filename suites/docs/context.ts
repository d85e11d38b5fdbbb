// How a docs check runs: the harness's requirementTest (no `page` fixture, so a missing browser is a
// CouldNotTest `error` with NO_BROWSER_MESSAGE, not a fixture crash) plus the worker's shared page.
import type { RequirementContext } from '../harness.ts';
import { requirementTest, runContext } from '../harness.ts';
import { judgedUnder } from '../catalogue/clause.ts';
import type { DocsRequirement } from './requirements.ts';
import type { RequirementMeta } from '../results.ts';
import { docsSession } from './session.ts';
import type { DocsSession } from './session.ts';
import { renderTimeout } from './page.ts';
import type { SwaggerUiServed } from './offline.ts';

export interface DocsCheckContext extends RequirementContext {
  session: DocsSession;
}

/** Each requested → served pair once ({requested: "4", served: "4.19.1"}; no `served`: it could not be). */
function distinct(served: SwaggerUiServed[]): SwaggerUiServed[] {
  return [...new Map(served.map((s) => [`${s.requested}→${s.served}`, s])).values()];
}

export function docsRequirementTest(requirement: DocsRequirement, check: (ctx: DocsCheckContext) => Promise<void>): void {
  const { level, source, title } = judgedUnder(requirement, runContext().config.profile)!;
  const meta: RequirementMeta = { id: requirement.id, suite: 'docs', level, title, source };
  requirementTest(meta, async (ctx) => {
    const session = await docsSession(ctx.config);
    session.page.setDefaultTimeout(renderTimeout(ctx.config.timeoutMs));
    ctx.evidence.browser = session.browser;
    try {
      await check({ ...ctx, session });
    } finally {
      if (session.offline.servedLocally.length) ctx.evidence.servedFromLocalSwaggerUiDist = [...new Set(session.offline.servedLocally)];
      if (session.offline.blocked.length) ctx.evidence.blockedOffBox = [...new Set(session.offline.blocked)];
      if (session.offline.swaggerUi.length) ctx.evidence.swaggerUiDist = distinct(session.offline.swaggerUi);
    }
  });
}
