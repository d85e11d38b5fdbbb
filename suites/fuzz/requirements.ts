// The fuzz suite's requirements, as data. Each is a property that must hold for every generated
// request; `violation` says how one trial breaks it (undefined when it does not).
// The differential property is split by level (DESIGN.md §3: a fuzz counterexample that breaks a
// SHOULD clause is a SHOULD finding): a nonconforming answer counts against the requirement of
// the level its judgement found — the clause the headers suite would report for the same request.
import type { Level, Source } from '../model/types.ts';
import { uniform } from '../model/requirements/clause.ts';
import type { Declared } from '../model/requirements/clause.ts';
import type { Trial } from './trial.ts';

export type FuzzPropertyId = 'fuzz.differential' | 'fuzz.differential-should' | 'fuzz.differential-info' | 'fuzz.no-5xx' | 'fuzz.answers-in-time' | 'fuzz.valid-token-variants';

export interface FuzzRequirement extends Declared {
  id: FuzzPropertyId;
  /** the property's level, the same under every profile (its clause in `profiles`): what a counterexample fails at */
  level: Level;
  /** says what is sent and what is expected */
  title: string;
  /** How `trial` breaks the property, described; undefined when it holds (or the trial cannot say). */
  violation(trial: Trial): string | undefined;
}

/**
 * Every profile judges a property alike: the profile's model already decided which clause a
 * response breaks, and the differential property of that clause's level reports it.
 */
const property: (p: Omit<FuzzRequirement, 'profiles'> & { source: Source }) => FuzzRequirement = uniform;

/** Transport failures that mean the target gave no (usable) answer, as opposed to our own faults. */
export const NO_ANSWER_CODES: ReadonlySet<string> = new Set(['timeout', 'reset', 'refused', 'malformed-response']);

const DIFFERENTIAL_SOURCE: Source = {
  ref: 'FastAPI docs: Security - First Steps',
  quote: 'It will go and look in the request for that `Authorization` header, check if the value is `Bearer ` plus some token, and will return the token as a `str`.',
};

/** A nonconforming answer whose finding (the clause it breaks) has `level`. */
function differential(id: FuzzPropertyId, level: Level, clause: string): FuzzRequirement {
  return property({
    id, level, source: DIFFERENTIAL_SOURCE,
    title: `Sends generated Authorization headers (seeded, shrunk on failure); expects no response that breaks ${clause} of the profile's model`,
    // a token accepted that is not the valid one is fuzz.valid-token-variants' finding, at SHOULD
    violation: (trial) => (trial.outcome.kind === 'answered' && trial.outcome.judgement.finding?.level === level && !trial.acceptsVariant ? trial.outcome.judgement.actual : undefined),
  });
}

/** The differential requirements, one per level. */
export const DIFFERENTIAL_IDS: readonly FuzzPropertyId[] = ['fuzz.differential', 'fuzz.differential-should', 'fuzz.differential-info'];

export const FUZZ_REQUIREMENTS: readonly FuzzRequirement[] = [
  differential('fuzz.differential', 'MUST', 'a MUST clause'),
  differential('fuzz.differential-should', 'SHOULD', 'a SHOULD clause'),
  differential('fuzz.differential-info', 'INFO', 'an INFO clause'),
  property({
    id: 'fuzz.no-5xx',
    level: 'MUST',
    source: {
      ref: 'RFC 9110 §15.5.1',
      quote: 'The 400 (Bad Request) status code indicates that the server cannot or will not process the request due to something that is perceived to be a client error (e.g., malformed request syntax, invalid request message framing, or deceptive request routing).',
    },
    title: 'Sends generated Authorization headers; expects no 5xx for any of them, and an answer to a canonical request afterwards',
    violation: (trial) => (trial.outcome.kind === 'answered' && trial.outcome.exchange.response.status >= 500 ? trial.outcome.judgement.actual : undefined),
  }),
  property({
    id: 'fuzz.answers-in-time',
    level: 'MUST',
    source: {
      ref: 'FastAPI docs: Security - First Steps',
      quote: "If it doesn't see an `Authorization` header, or the value doesn't have a `Bearer ` token, it will respond with a 401 status code error (`UNAUTHORIZED`) directly.",
    },
    title: 'Sends generated Authorization headers; expects an HTTP response to every one within the timeout',
    violation: (trial) => (trial.outcome.kind === 'unanswered' && NO_ANSWER_CODES.has(trial.outcome.error.code) ? `no answer: ${trial.outcome.error.message}` : undefined),
  }),
];

/**
 * Run only with a valid token on a target that validates tokens: generated tokens are never the
 * valid one, so a 2xx to one the model would otherwise pass is a near miss accepted (RFC 6750 §3.1
 * asks for a 401 at SHOULD; checks/token-mode.ts caps such findings there).
 */
export const VALID_TOKEN_VARIANTS: FuzzRequirement = property({
  id: 'fuzz.valid-token-variants',
  level: 'SHOULD',
  source: {
    ref: 'RFC 6750 §3.1',
    quote: 'The access token provided is expired, revoked, malformed, or invalid for other reasons. The resource SHOULD respond with the HTTP 401 (Unauthorized) status code.',
  },
  title: 'Sends generated Authorization headers whose token is not the valid one (with a valid token); expects none of them to be accepted',
  // a near miss the model only informs about (e.g. a space inside the credentials) is no finding at SHOULD
  violation: (trial) => (trial.acceptsVariant && trial.prediction.requirement.level !== 'INFO' && trial.outcome.kind === 'answered' ? trial.outcome.judgement.actual : undefined),
});

/** Every property a campaign judges; VALID_TOKEN_VARIANTS can only fail in valid-token mode. */
export const ALL_FUZZ_REQUIREMENTS: readonly FuzzRequirement[] = [...FUZZ_REQUIREMENTS, VALID_TOKEN_VARIANTS];

export function fuzzRequirement(id: FuzzPropertyId): FuzzRequirement {
  return ALL_FUZZ_REQUIREMENTS.find((r) => r.id === id)!;
}
