// Judges a response against a prediction: does it match one of the acceptable outcomes?
//   authorized       2xx; with the echo oracle, the endpoint saw exactly the token
//   challenged       401 with a Bearer challenge (scheme matched case-insensitively, RFC 9110 §11.1)
//                    whose `error` auth-param meets the constraint
//   invalid-request  400 with a Bearer challenge carrying error="invalid_request" (RFC 6750 §3.1).
//                    A JSON body {"error":"invalid_request"} without the challenge does not count:
//                    RFC 6750 §3 requires WWW-Authenticate whenever access is refused.
//   http-rejected    400 or 431 without a Bearer challenge: the HTTP layer refused the request
// A 5xx never conforms: no header value may break the server.
// A response that does not conform is a finding of the least severe clause that explains it: a
// waiver of the prediction (a weaker application clause under a stronger HTTP-layer one) whose
// outcomes it matches, else the deciding requirement (DESIGN.md §3).
import { showBytes } from '../model/grammar.ts';
import type { ChallengeError, Observation, Outcome, Prediction, RequirementRef } from '../model/types.ts';
import { parseWwwAuthenticate } from './challenge.ts';
import type { Challenge } from './challenge.ts';

export interface Judgement {
  conforms: boolean;
  /** the acceptable outcome the response matched */
  matched?: Outcome;
  /** every acceptable outcome, described */
  expected: string[];
  /** the response, described */
  actual: string;
  /** for a response that does not conform: the clause it breaks, whose level the finding has */
  finding?: RequirementRef;
}

const BODY_PREVIEW_BYTES = 60;

export function judge(prediction: Prediction, obs: Observation, opts: { echo: boolean }): Judgement {
  const matched = firstMatch(prediction.acceptable, obs, opts);
  // The descriptions cost more than the judging (long tokens are escaped byte by byte), and the
  // fuzz suite judges thousands of conforming responses: build them only when someone reads them.
  return {
    conforms: matched !== undefined,
    ...(matched ? { matched } : { finding: findingOf(prediction, obs, opts) }),
    get expected() { return prediction.acceptable.map(describeOutcome); },
    get actual() { return describeObservation(obs, opts); },
  };
}

function firstMatch(acceptable: readonly Outcome[], obs: Observation, opts: { echo: boolean }): Outcome | undefined {
  return obs.status >= 500 ? undefined : acceptable.find((o) => matches(o, obs, opts));
}

/** The weakest waiver whose outcomes the response matches, else the deciding requirement. */
function findingOf(prediction: Prediction, obs: Observation, opts: { echo: boolean }): RequirementRef {
  return prediction.waivers?.find((w) => firstMatch(w.acceptable, obs, opts) !== undefined)?.requirement ?? prediction.requirement;
}

function matches(outcome: Outcome, obs: Observation, opts: { echo: boolean }): boolean {
  switch (outcome.kind) {
    case 'authorized':
      return obs.status >= 200 && obs.status <= 299 && (!opts.echo || outcome.token === null || obs.echoedToken === outcome.token);
    case 'challenged':
      return obs.status === 401 && bearerChallenges(obs).some((c) => meetsError(c, outcome.error));
    case 'invalid-request':
      return obs.status === 400 && bearerChallenges(obs).some((c) => errorOf(c) === 'invalid_request');
    case 'http-rejected':
      return (obs.status === 400 || obs.status === 431) && bearerChallenges(obs).length === 0;
    case 'forbidden':
      return obs.status === 403 && detailOf(obs.body) === outcome.detail;
  }
}

export function describeOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'authorized':
      return o.token === null ? '2xx' : `2xx, endpoint sees token "${showBytes(o.token)}"`;
    case 'challenged':
      return `401 with a Bearer challenge${{ any: '', absent: ' without an error auth-param', invalid_token: ' with error="invalid_token"' }[o.error]}`;
    case 'invalid-request':
      return '400 with a Bearer challenge carrying error="invalid_request"';
    case 'http-rejected':
      return '400 or 431 from the HTTP layer (no Bearer challenge)';
    case 'forbidden':
      return `403 with {"detail":${JSON.stringify(o.detail)}}`;
  }
}

/** The `detail` member of a JSON body (FastAPI's HTTPException), or undefined. */
function detailOf(body: Uint8Array): unknown {
  try {
    return (JSON.parse(Buffer.from(body).toString('utf8')) as { detail?: unknown } | null)?.detail;
  } catch {
    return undefined;
  }
}

/** Status, challenge, and what the endpoint saw or said: `200, endpoint saw token " abc"`. */
export function describeObservation(obs: Observation, opts: { echo: boolean }): string {
  const parts = [String(obs.status)];
  const challenge = obs.headers['www-authenticate'];
  if (challenge) parts.push(`WWW-Authenticate: ${showBytes(challenge.join(', '))}`);
  else if (obs.status === 400 || obs.status === 401) parts.push('no WWW-Authenticate');
  if (obs.status >= 200 && obs.status <= 299) {
    if (opts.echo) parts.push(obs.echoedToken === undefined ? 'no token echoed' : `endpoint saw token "${showBytes(obs.echoedToken)}"`);
  } else if (obs.body.length > 0) {
    const body = Buffer.from(obs.body.subarray(0, BODY_PREVIEW_BYTES)).toString('latin1');
    parts.push(`body "${showBytes(body)}${obs.body.length > BODY_PREVIEW_BYTES ? '…' : ''}"`);
  }
  return parts.join(', ');
}

/** The Bearer challenges of the response; none when WWW-Authenticate is absent or does not parse. */
export function bearerChallenges(obs: Observation): Challenge[] {
  const parsed = parseWwwAuthenticate(obs.headers['www-authenticate'] ?? []);
  return parsed.ok ? parsed.challenges.filter((c) => c.scheme.toLowerCase() === 'bearer') : [];
}

/** The `error` auth-param; names match case-insensitively (RFC 9110 §11.2), values exactly (RFC 6750 §1.1). */
export function errorOf(challenge: Challenge): string | undefined {
  return challenge.params.find((p) => p.name.toLowerCase() === 'error')?.value;
}

function meetsError(challenge: Challenge, constraint: ChallengeError): boolean {
  const error = errorOf(challenge);
  if (constraint === 'absent') return error === undefined;
  if (constraint === 'invalid_token') return error === 'invalid_token';
  return true;
}
