// The requests of a run, from the seed alone. fast-check draws value i of a run from the seed and
// i; `path: "i"` starts there. So the run can be generated in chunks, and the i-th request here
// is the one `fc.check(…, { seed, path: "i" })` replays and shrinks.
import fc from 'fast-check';
import type { RawRequest } from '../model/types.ts';
import { authorizationRequest } from './arbitraries/request.ts';

/** The arbitrary every run draws from. Built once: arbitraries are immutable. */
export const REQUESTS: fc.Arbitrary<RawRequest> = authorizationRequest();

/** Requests `offset` .. `offset + count - 1` of the run with `seed`. */
export function requestsAt<T>(arbitrary: fc.Arbitrary<T>, seed: number, offset: number, count: number): T[] {
  if (count <= 0) return [];
  return fc.sample(arbitrary, { seed, path: String(offset), numRuns: count });
}

/** The value at a fast-check path (`"i"` or `"i:j:k…"` after shrinking) of the run with `seed`. */
export function valueAtPath<T>(arbitrary: fc.Arbitrary<T>, seed: number, path: string): T {
  const [value] = fc.sample(arbitrary, { seed, path, numRuns: 1 });
  if (value === undefined) throw new Error(`no value at path ${path} for seed ${seed}`);
  return value;
}

/** Records the last value it generated with its shrink context, changing nothing else. */
class Tapped<T> extends fc.Arbitrary<T> {
  last: fc.Value<T> | undefined;
  constructor(private readonly inner: fc.Arbitrary<T>) {
    super();
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    this.last = this.inner.generate(mrng, biasFactor);
    return this.last;
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.inner.shrink(value, context);
  }
}

/** Value `index` of the run with `seed`, with the context fast-check needs to shrink it. */
export function shrinkableAt<T>(arbitrary: fc.Arbitrary<T>, seed: number, index: number): fc.Value<T> {
  const tapped = new Tapped(arbitrary);
  fc.sample(tapped, { seed, path: String(index), numRuns: 1 });
  if (!tapped.last) throw new Error(`no value at index ${index} for seed ${seed}`);
  return tapped.last;
}
