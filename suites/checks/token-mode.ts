// Valid-token mode (`--token`, or a token from `--username/--password`). Before judging anything
// with a real token, the run learns whether the target validates tokens at all, by sending a
// never-issued token of the same shape once per endpoint (bin/preflight.ts). A target that accepts
// it (FastAPI's first-steps app, a library set to accept any token) is judged as without a valid
// token; one that refuses it must refuse every token it did not issue, and accepting a variant of
// the valid token (padding, letter case, length) is at most a SHOULD finding.
import type { Level, Outcome, Prediction } from '../model/types.ts';

export type TokenValidationVerdict = 'validates' | 'accepts-any' | 'unknown';

/** What the never-issued token taught about an endpoint; travels in RunConfig.tokenValidation. */
export interface TokenValidation {
  verdict: TokenValidationVerdict;
  /** the status the never-issued token got, when it got an answer */
  status?: number;
  /** why, for the report */
  reason: string;
}

/** `METHOD path`: the key of an endpoint in RunConfig.tokenValidation. */
export function endpointKey(endpoint: { method: string; path: string }): string {
  return `${endpoint.method} ${endpoint.path}`;
}

const CLASSES = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', '0123456789'] as const;

/** mulberry32: a small seeded generator, so the never-issued token is the same on every run with the seed. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A token the target never issued, shaped like `token`: the same length, each letter or digit
 * replaced by a seeded one of its class, every other character (`.`, `-`, `_`, `~`, `+`, `/`, `=`)
 * kept, so a JWT stays three dot-separated base64url segments of the same lengths. Each character
 * is drawn from the seed alone, never from the token's character, so the report (which shows this
 * token and the seed) says nothing about the secret beyond its shape.
 */
export function neverIssuedToken(token: string, seed: number): string {
  const next = generator(seed);
  for (let attempt = 0; attempt < 8; attempt++) {
    const drawn = [...token].map((c) => {
      const cls = CLASSES.find((k) => k.includes(c));
      return cls ? cls[Math.floor(next() * cls.length)]! : c;
    }).join('');
    if (drawn !== token) return drawn;
  }
  // no letter or digit to draw (or eight identical draws): change the first character
  return (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
}

/**
 * A never-issued token of another shape than `token` (another length), for telling "accepts any
 * token" from "checks only the token's format".
 */
export function foreignToken(token: string, demoToken: string, seed: number): string {
  return neverIssuedToken(demoToken.length === token.length ? `${demoToken}0` : demoToken, seed);
}

const is2xx = (status: number | undefined) => status !== undefined && status >= 200 && status <= 299;

/**
 * What the answers to two never-issued tokens say about the endpoint: one shaped like the valid
 * token, one of another length. Both accepted: the target accepts any token. Only the same-shaped
 * one accepted: it checks the format, not the token; it validates, and fails the never-issued
 * requirement. `why` is the transport error when the same-shaped one got no answer.
 */
export function classifyNeverIssued(sameShape: number | undefined, otherShape: number | undefined, why?: string): TokenValidation {
  if (sameShape === undefined) return { verdict: 'unknown', reason: `a never-issued token of the valid token's shape got no answer (${why ?? 'no response'}): judged as a target that validates tokens` };
  if (is2xx(sameShape) && (is2xx(otherShape) || otherShape === undefined)) {
    return { verdict: 'accepts-any', status: sameShape, reason: `never-issued tokens (one shaped like the valid token, one not) got ${sameShape}${otherShape === undefined ? '' : ` and ${otherShape}`}: the target does not validate tokens, so the run is judged as without a valid token` };
  }
  if (is2xx(sameShape)) {
    return { verdict: 'validates', status: sameShape, reason: `a never-issued token of the valid token's shape got ${sameShape}, one of another length ${otherShape}: the target checks the token's format, not the token` };
  }
  return { verdict: 'validates', status: sameShape, reason: `a never-issued token of the valid token's shape got ${sameShape}: the target validates tokens, so only the valid token must be accepted` };
}

export interface TokenMode {
  /** the token put into `{token}` and canonical requests */
  token: string;
  /** judge as a target that validates `token` (see forValidToken) */
  validToken: boolean;
  /** why, for the report */
  reason: string;
}

/**
 * Which token the checks send and how they judge. A target that accepts any token still gets the
 * real one (it accepts that one for certain; a demo token of another length might not), but is
 * judged as without a valid token: every well-formed token the model would pass must be accepted.
 */
export function tokenMode(realToken: string | undefined, validation: TokenValidation | undefined, demoToken: string): TokenMode {
  if (realToken === undefined) return { token: demoToken, validToken: false, reason: 'no valid token given: the demo token, on a target expected to accept any token' };
  if (validation?.verdict === 'accepts-any') return { token: realToken, validToken: false, reason: validation.reason };
  return { token: realToken, validToken: true, reason: validation?.reason ?? 'a valid token, on a target assumed to validate tokens' };
}

const VARIANT_LEVEL_CAP: Level = 'SHOULD';

function capped(level: Level): Level {
  return level === 'MUST' ? VARIANT_LEVEL_CAP : level;
}

/**
 * In valid-token mode the target checks the token: a variant that keeps the credentials' meaning
 * must still succeed, and a variant that changes the token must not. So "authorized with token X"
 * stays authorized only when X is the real token, and becomes "challenged" otherwise. Whether a
 * validating target refuses tokens it never issued is the never-issued requirement (MUST, once per
 * endpoint); that it also refuses a near miss of the valid token (`==` padding, letter case, another
 * length) is at most SHOULD: PyJWT, for one, reads base64url without its padding.
 */
export function forValidToken(prediction: Prediction, token: string): Prediction {
  const forToken = (outcomes: readonly Outcome[]): Outcome[] => distinct(outcomes.map((o) => (isVariant(o, token) ? { kind: 'challenged', error: 'any' } : o)));
  // a waiver's "authorized with a reading of the value" is judged the same way (model/waivers.ts)
  const waivers = prediction.waivers?.map((w) => ({ ...w, acceptable: forToken(w.acceptable) }));
  if (!refusesVariant(prediction, token)) return { ...prediction, ...(waivers ? { waivers } : {}) };
  const acceptable = forToken(prediction.acceptable);
  return {
    ...prediction,
    acceptable,
    ...(waivers ? { waivers } : {}),
    requirement: { ...prediction.requirement, level: capped(prediction.requirement.level) },
    rationale: `${prediction.rationale}; with a valid token, this token is not it: a target that validates tokens refuses it (accepting a variant of the valid token is at most ${VARIANT_LEVEL_CAP})`,
  };
}

function distinct(outcomes: Outcome[]): Outcome[] {
  return outcomes.filter((o, i) => outcomes.findIndex((p) => JSON.stringify(p) === JSON.stringify(o)) === i);
}

/** "Authorized with a token that is not the valid one": what a validating target refuses. */
function isVariant(o: Outcome, token: string): boolean {
  return o.kind === 'authorized' && o.token !== null && o.token !== token;
}

/** True when forValidToken turns an "authorized" outcome of this prediction into a refusal. */
export function refusesVariant(original: Prediction, token: string): boolean {
  return original.acceptable.some((o) => isVariant(o, token));
}
