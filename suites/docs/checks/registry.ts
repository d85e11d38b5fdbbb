// The docs suite's checks by requirement id (checks/check.ts), in the order they run: read-only
// checks first, sharing the page the first one rendered (see docs/session.ts); then those that log
// in. The type has a key for every id docs/requirements.ts declares: a requirement without a check
// does not compile.
import type { Registry } from '../../checks/check.ts';
import type { DocsCheckContext } from '../context.ts';
import { withCredentials } from '../credentials.ts';
import type { DocsRequirementId } from '../requirements.ts';
import { checkSwaggerUiLoads } from './loads.ts';
import { checkAuthorizeDialog } from './dialog.ts';
import { checkLocksMatchSecurity } from './locks.ts';
import { checkTryWithoutAuth } from './try-without-auth.ts';
import { checkPasswordFlow } from './password-flow.ts';
import { checkTokenUrlReachable } from './token-url.ts';

export const DOCS_CHECKS: Registry<DocsRequirementId, DocsCheckContext> = {
  'docs.swagger-ui-loads': { run: checkSwaggerUiLoads },
  'docs.locks-match-security': { run: checkLocksMatchSecurity },
  'docs.authorize-dialog': { run: checkAuthorizeDialog },
  'docs.try-without-auth': { run: checkTryWithoutAuth },
  'docs.password-flow': { applies: withCredentials('log in with'), run: checkPasswordFlow },
  'docs.token-url-reachable': { applies: withCredentials('submit to the token URL'), run: checkTokenUrlReachable },
};
