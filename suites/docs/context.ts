// How a docs check runs: the harness's requirementTest (no `page` fixture, so a missing browser is a
// CouldNotTest `error` with NO_BROWSER_MESSAGE, not a fixture crash) plus the worker's shared page.
import type { RequirementContext } from '../harness.ts';
import { requirementTest } from '../harness.ts';
import type { RequirementMeta } from '../results.ts';
import { docsSession } from './session.ts';
import type { DocsSession } from './session.ts';
import { renderTimeout } from './page.ts';

export interface DocsCheckContext extends RequirementContext {
  session: DocsSession;
}

export function docsRequirementTest(meta: RequirementMeta, check: (ctx: DocsCheckContext) => Promise<void>): void {
  requirementTest(meta, async (ctx) => {
    const session = await docsSession(ctx.config);
    session.page.setDefaultTimeout(renderTimeout(ctx.config.timeoutMs));
    ctx.evidence.browser = session.browser;
    try {
      await check({ ...ctx, session });
    } finally {
      if (session.offline.servedLocally.length) ctx.evidence.servedFromLocalSwaggerUiDist = [...new Set(session.offline.servedLocally)];
      if (session.offline.blocked.length) ctx.evidence.blockedOffBox = [...new Set(session.offline.blocked)];
    }
  });
}
