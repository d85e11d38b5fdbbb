// A fuzz run is a function of its seed: the same seed draws the same requests, in chunks or all
// at once, and the shrinker's path replays with fast-check's own fc.check to the same value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { REQUESTS, requestsAt, shrinkableAt, valueAtPath } from '../suites/fuzz/generate.ts';
import { shrinkRun } from '../suites/fuzz/shrink.ts';
import type { RawRequest } from '../suites/model/types.ts';

test('the same seed draws the same requests; another seed draws others', () => {
  assert.deepEqual(requestsAt(REQUESTS, 7, 0, 400), requestsAt(REQUESTS, 7, 0, 400));
  assert.notDeepEqual(requestsAt(REQUESTS, 7, 0, 400), requestsAt(REQUESTS, 8, 0, 400));
});

test('drawing in chunks gives the run fc.sample gives in one go, and fc.check sees', async () => {
  const whole = fc.sample(REQUESTS, { seed: 11, numRuns: 600 });
  const chunked: RawRequest[] = [];
  for (let offset = 0; offset < 600; offset += 37) chunked.push(...requestsAt(REQUESTS, 11, offset, Math.min(37, 600 - offset)));
  assert.deepEqual(chunked, whole);
  const seenByCheck: RawRequest[] = [];
  await fc.check(fc.asyncProperty(REQUESTS, async (r) => void seenByCheck.push(r)), { seed: 11, numRuns: 600 });
  assert.deepEqual(seenByCheck, whole);
  assert.deepEqual(shrinkableAt(REQUESTS, 11, 123).value, whole[123]);
  assert.deepEqual(valueAtPath(REQUESTS, 11, '123'), whole[123]);
});

/** Failures whose shrinking takes several steps: a long line, an "=" anywhere, two lines. */
const PREDICATES: Record<string, (r: RawRequest) => boolean> = {
  'a line over 300 bytes': (r) => r.lines.some((l) => l.length > 300),
  'an "=" somewhere': (r) => r.lines.some((l) => l.includes('=')),
  'two or more lines': (r) => r.lines.length >= 2,
};

for (const [name, fails] of Object.entries(PREDICATES)) {
  test(`shrinking "${name}" several at a time ends where fc.check ends, at the same path`, async () => {
    for (const seed of [1, 2, 3]) {
      const details = await fc.check(fc.asyncProperty(REQUESTS, async (r) => !fails(r)), { seed, numRuns: 5000 });
      assert.ok(details.failed, 'fc.check found no failure');
      const first = requestsAt(REQUESTS, seed, 0, 5000).findIndex(fails);
      const shrunk = await shrinkRun(REQUESTS, seed, first, async (r) => ({ violation: fails(r) ? 'fails' : undefined, result: r }), { maxRuns: 100_000, timeMs: 60_000, window: 7 });
      assert.ok(shrunk.reproduced);
      assert.equal(shrunk.path, details.counterexamplePath);
      assert.deepEqual([shrunk.value], details.counterexample);
      assert.equal(shrunk.stoppedBy, 'minimal');
      assert.deepEqual(valueAtPath(REQUESTS, seed, shrunk.path), shrunk.value);
      const replayed = await fc.check(fc.asyncProperty(REQUESTS, async (r) => !fails(r)), { seed, path: shrunk.path, endOnFailure: true });
      assert.deepEqual(replayed.counterexample, [shrunk.value]);
    }
  });
}

test('shrinking stops at its run budget with a failing value and its path', async () => {
  const fails = PREDICATES['an "=" somewhere']!;
  const first = requestsAt(REQUESTS, 5, 0, 5000).findIndex(fails);
  const shrunk = await shrinkRun(REQUESTS, 5, first, async (r) => ({ violation: fails(r) ? 'fails' : undefined, result: r }), { maxRuns: 10, timeMs: 60_000, window: 4 });
  assert.ok(shrunk.reproduced);
  assert.equal(shrunk.stoppedBy, 'runs');
  assert.ok(shrunk.runs <= 10);
  assert.ok(fails(shrunk.value));
  assert.deepEqual(valueAtPath(REQUESTS, 5, shrunk.path), shrunk.value);
});

test('a failure that does not happen again is reported as such, not shrunk', async () => {
  const shrunk = await shrinkRun(REQUESTS, 5, 3, async (r) => ({ violation: undefined, result: r }), { maxRuns: 100, timeMs: 10_000, window: 4 });
  assert.equal(shrunk.reproduced, false);
  assert.deepEqual(shrunk.value, requestsAt(REQUESTS, 5, 3, 1)[0]);
});
