// Which verdict an exception from a check means. Unknown exceptions are harness faults: `error`,
// never `fail` — "the target failed" and "we could not test" are never confused.
import { CheckFailure, CouldNotTest, NotApplicable } from './failures.ts';
import { TransportError } from '../transport/wire.ts';
import type { Verdict } from '../results.ts';
import { firstLines } from '../text.ts';

/**
 * The verdict a check's own exception means: not applicable, the target failed, or could not
 * test. Undefined for any other exception, a fault of the harness itself.
 */
export function verdictOf(err: unknown): Verdict | undefined {
  if (err instanceof NotApplicable) return 'skip';
  if (err instanceof CheckFailure || isExpectError(err)) return 'fail';
  if (err instanceof CouldNotTest || err instanceof TransportError) return 'error';
  return undefined;
}

/** The verdict and its message, for a result. */
export function classify(err: unknown): { verdict: Verdict; message: string } {
  const verdict = verdictOf(err);
  const e = err as Error;
  if (verdict === undefined) return { verdict: 'error', message: `harness error: ${e?.message ?? String(err)}` };
  if (verdict === 'error') return { verdict, message: `could not test: ${e.message}` };
  return { verdict, message: isExpectError(err) ? firstLines(err, EXPECT_LINES) : e.message };
}

/** expect() messages carry a call log; the first lines say what was expected. */
const EXPECT_LINES = 4;

/** Playwright's expect() errors carry a matcherResult: a browser assertion about the target failed. */
function isExpectError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'matcherResult' in err;
}

