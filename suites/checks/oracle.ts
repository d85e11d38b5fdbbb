// The echo oracle, decided once per endpoint and shared by the headers and fuzz suites. FastAPI's
// tutorial endpoint answers {"token": "<what it saw>"}; when an endpoint does that, every 2xx is
// judged on the token it reports, not only on its status. The decision and its reason go into the
// evidence, and an endpoint whose echo is wrong keeps the echo oracle: the wrong echo is a failure
// of the canonical requirement, never a reason to judge statuses only.
import { predict } from '../model/index.ts';
import type { Observation } from '../model/types.ts';
import type { WireResponse } from '../transport/wire.ts';

/** The one field that counts as an echo (see echoedToken). */
export const ECHO_FIELD = 'token';

/**
 * `--oracle`: `auto` decides from the canonical answer (below); `status` never uses the echo, for an
 * API whose 2xx body has a `token` member that means something else (a session or CSRF token).
 */
export type OracleChoice = 'auto' | 'status';
export const ORACLE_CHOICES: readonly OracleChoice[] = ['auto', 'status'];

export interface EchoOracle {
  /** judge 2xx answers on the token the endpoint reports */
  echo: boolean;
  /** why, for the report */
  reason: string;
}

function jsonBody(res: WireResponse): unknown {
  try {
    return JSON.parse(res.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The `token` member of a 2xx JSON object body, whatever its type; undefined when there is none. */
function tokenMember(res: WireResponse): { present: boolean; value?: unknown } {
  if (res.status < 200 || res.status > 299) return { present: false };
  const body = jsonBody(res);
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !(ECHO_FIELD in body)) return { present: false };
  return { present: true, value: (body as Record<string, unknown>)[ECHO_FIELD] };
}

/**
 * The token a FastAPI-tutorial-style endpoint reports: a string `token` in a 2xx JSON object body.
 * Only `token` counts: `access_token` is how a token endpoint issues a token (RFC 6749 §5.1), so an
 * endpoint that answers with one is issuing, not reporting what it saw.
 */
export function echoedToken(res: WireResponse): string | undefined {
  const member = tokenMember(res);
  return typeof member.value === 'string' ? member.value : undefined;
}

/** A response as the model's matcher sees it: with the echo oracle on, also the token the endpoint reports. */
export function observe(res: WireResponse, echo: boolean): Observation {
  return { status: res.status, headers: res.headers, body: res.body, echoedToken: echo ? echoedToken(res) : undefined };
}

/** The token the profile says the endpoint sees for canonical `Bearer <token>` (the token itself for a b64token). */
export function predictedCanonicalToken(profile: Parameters<typeof predict>[0], token: string): string {
  const authorized = predict(profile, { lines: [`Authorization: Bearer ${token}`] }).acceptable.find((o) => o.kind === 'authorized');
  return authorized?.kind === 'authorized' && authorized.token !== null ? authorized.token : token;
}

/**
 * Decides the oracle from the answer to a canonical `Bearer <token>`. A string `token` turns the echo
 * oracle on whatever it holds: equal to the prediction, the endpoint reports what it saw; different
 * (upper-cased, extended, another value), it reports it wrongly, which the canonical requirement
 * then fails on. Reasons never quote the token (it may be the user's secret).
 */
export function decideEchoOracle(profile: Parameters<typeof predict>[0], token: string, res: WireResponse, choice: OracleChoice = 'auto'): EchoOracle {
  if (choice === 'status') return { echo: false, reason: '--oracle status: statuses and challenges are judged, not any token the endpoint reports' };
  if (res.status < 200 || res.status > 299) return { echo: false, reason: `the canonical request got ${res.status}, not 2xx: statuses and challenges are judged, not the token the endpoint saw` };
  const member = tokenMember(res);
  if (!member.present) return { echo: false, reason: `the 2xx body of the canonical request has no "${ECHO_FIELD}" member: statuses and challenges are judged, not the token the endpoint saw` };
  if (typeof member.value !== 'string') return { echo: false, reason: `the "${ECHO_FIELD}" member of the canonical request's 2xx body is a ${member.value === null ? 'null' : typeof member.value}, not the token as a string: not an echo` };
  const expected = predictedCanonicalToken(profile, token);
  if (member.value === expected) return { echo: true, reason: `the 2xx body of the canonical request reports the sent token in "${ECHO_FIELD}": every 2xx is judged on the token the endpoint saw` };
  return {
    echo: true,
    reason: `the 2xx body of the canonical request has a "${ECHO_FIELD}" of ${member.value.length} characters that is not the sent token (${expected.length} characters): the endpoint reports what it saw wrongly, so the canonical requirement fails and every 2xx is still judged on the token it reports`,
  };
}
