// Which verdict an exception from a check means. Unknown exceptions are harness faults: `error`,
// never `fail` — "the target failed" and "we could not test" are never confused.
import { CheckFailure, CouldNotTest, NotApplicable } from './failures.ts';
import { TransportError } from '../transport/wire.ts';
import type { Verdict } from '../results.ts';
import { firstLines } from '../text.ts';

export function classify(err: unknown): { verdict: Verdict; message: string } {
  if (err instanceof NotApplicable) return { verdict: 'skip', message: err.message };
  if (err instanceof CheckFailure) return { verdict: 'fail', message: err.message };
  if (isExpectError(err)) return { verdict: 'fail', message: firstLines(err, EXPECT_LINES) };
  if (err instanceof CouldNotTest || err instanceof TransportError) return { verdict: 'error', message: `could not test: ${err.message}` };
  const e = err as Error;
  return { verdict: 'error', message: `harness error: ${e?.message ?? String(err)}` };
}

/** expect() messages carry a call log; the first lines say what was expected. */
const EXPECT_LINES = 4;

/** Playwright's expect() errors carry a matcherResult: a browser assertion about the target failed. */
function isExpectError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'matcherResult' in err;
}

