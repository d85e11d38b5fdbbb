// One plan, not two: in a whole-API run the sweep sends the cross-check's request without
// credentials (openapi/cross-check.ts) to every operation, and the cross-check judges those answers
// instead of sending its own.
import { CouldNotTest } from '../checks/failures.ts';
import type { CrossCheckExchange, PlannedOperation } from '../openapi/cross-check.ts';
import type { SweptOperation } from './run.ts';

export function sweptExchanges(plan: readonly PlannedOperation[], sweep: readonly SweptOperation[]): CrossCheckExchange[] {
  const byLabel = new Map(sweep.map((o) => [o.label, o]));
  return plan.map((op) => {
    const swept = byLabel.get(op.label);
    if (!op.request) return { op };
    if (swept?.noCredentials) return { op, response: swept.noCredentials };
    return { op, error: new CouldNotTest(swept?.noCredentialsError ?? `${op.label}: not swept`) };
  });
}
