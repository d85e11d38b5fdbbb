// The typed ways a check ends other than passing. A check is `(ctx, exchange) => void` and throws one
// of these; the harness turns them into verdicts. "The target failed" (CheckFailure) and "we could
// not test" (CouldNotTest) stay different all the way to JUnit (<failure> vs <error>).
import type { Level } from '../model/types.ts';

/** The target broke the requirement. `expected` lists every outcome that would have been right. */
export class CheckFailure extends Error {
  readonly requirementId: string;
  readonly expected: string[];
  readonly actual: string;
  readonly level: Level;
  constructor(o: { requirementId: string; expected: string[]; actual: string; level: Level; message?: string }) {
    super(o.message ?? `expected ${o.expected.join(' or ')}; got ${o.actual}`);
    this.name = 'CheckFailure';
    this.requirementId = o.requirementId;
    this.expected = o.expected;
    this.actual = o.actual;
    this.level = o.level;
  }
}

/** The harness could not judge: transport failure, timeout, missing browser, harness fault. */
export class CouldNotTest extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CouldNotTest';
  }
}

/** The requirement does not apply to this target, or a precondition is not met. */
export class NotApplicable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotApplicable';
  }
}
