// The fuzz suite's checks by property id (checks/check.ts). One campaign per endpoint serves every
// property (fuzz/session.ts); each check asks it for its own property's verdict. The type has a key
// for every FuzzPropertyId: a property without a check does not compile.
import type { TestInfo } from '@playwright/test';
import type { Check, Registry } from '../checks/check.ts';
import type { FuzzPropertyId } from './requirements.ts';
import type { FuzzSession } from './session.ts';

/** What a property's check reads: the endpoint's fuzz session, opened by whichever check comes first, and the test it annotates. */
export interface FuzzRun {
  session(): Promise<FuzzSession>;
  testInfo: Pick<TestInfo, 'annotations'>;
  seed: number;
}

function property(id: FuzzPropertyId): Check<FuzzRun> {
  return {
    run: async ({ session: open, testInfo, seed }, evidence) => {
      const session = await open();
      testInfo.annotations.push({ type: 'http-layer', description: session.probes.summary }, { type: 'seed', description: String(seed) });
      await session.check(id, evidence);
    },
  };
}

export const FUZZ_CHECKS: Registry<FuzzPropertyId, FuzzRun> = {
  'fuzz.differential': property('fuzz.differential'),
  'fuzz.differential-should': property('fuzz.differential-should'),
  'fuzz.differential-info': property('fuzz.differential-info'),
  'fuzz.no-5xx': property('fuzz.no-5xx'),
  'fuzz.answers-in-time': property('fuzz.answers-in-time'),
  'fuzz.valid-token-variants': property('fuzz.valid-token-variants'),
};
