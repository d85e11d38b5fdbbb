// The executable model of the Bearer scheme: (profile, raw request) -> the outcomes a conformant
// target may produce, and the requirement that decides it. Pure: no I/O, no clock, no randomness.
//
// It reads a request in two layers, as a server does:
//
// 1. The HTTP layer (http-layer.ts; RFC 9110 §5.5, RFC 9112 §5), the same for every profile. It
//    parses the latin-1 header lines into Authorization values: names match in any case, obs-fold
//    is unfolded to one SP (or, as h11 does, keeping the OWS before the fold), a bare LF ends the line or (as NUL and bare CR do) becomes SP, leading and trailing OWS is trimmed, CTLs and
//    obs-text are passed on as they are. Where the RFCs let a server refuse instead (obs-fold,
//    NUL/CR/LF, other CTLs, a malformed line, a head over 8 KiB), `http-rejected` (400/431 with no
//    Bearer challenge) is acceptable as well; whitespace before the colon must be refused.
// 2. The application (applications.ts), per profile, on the Authorization values that got
//    through: `documented` keeps FastAPI's docs' promises, `fastapi` and `fastapi@0.92` do what
//    FastAPI does, `rfc6750` reads RFC 6750 strictly. credentials.ts names the situation (the
//    shape of the credentials) so that every profile cites a clause for the same id.
//
// The deciding requirement is the stronger of the two layers' clauses (requirements/); on a tie,
// the HTTP layer's, because it explains why `http-rejected` is in the set or why the value changed.
// When the HTTP layer's clause decides over a strictly weaker application clause, the prediction
// also carries that clause's waiver (waivers.ts), so a deviation confined to it is judged at its level.
import { applicationFor, judgedAsOAuth2 } from './applications.ts';
import { NO_CREDENTIALS, shapeOf } from './credentials.ts';
import { readHead } from './http-layer.ts';
import type { HeadReading } from './http-layer.ts';
import { SITUATION, clauseFor, requirementFor } from './requirements/index.ts';
import type { RuleId } from './requirements/index.ts';
import { levelStrength } from './types.ts';
import type { Outcome, Prediction, ProfileName, RawRequest, SchemeKind } from './types.ts';
import { applicationWaiver } from './waivers.ts';

/** `scheme`: the endpoint's security scheme as profiles.ts resolveScheme dates it (default OAuth2PasswordBearer). */
export function predict(profile: ProfileName, request: RawRequest, scheme: SchemeKind = 'oauth2'): Prediction {
  const application = applicationFor(profile, scheme);
  const head = readHead(request.lines);
  const values = head.authorization;
  const shape = shapeOf(values[0], request.query);
  const appRule: RuleId = values.length > 1 ? 'http.duplicate' : shape.id;
  const httpRule = head.findings[0];
  const outcomes: Outcome[] = [
    ...(head.mayReject ? [{ kind: 'http-rejected' } as const] : []),
    ...(head.mustReject ? [] : application(values, shape)),
    ...(head.mustReject ? [] : head.alternatives.flatMap((v) => application(v, shapeOf(v[0], request.query)))),
  ];
  const decider = httpRule !== undefined && levelStrength(clauseFor(httpRule, profile).level) >= levelStrength(clauseFor(appRule, profile).level)
    ? httpRule
    : appRule;
  const acceptable = distinct(outcomes);
  const waiver = weakerThan(decider, appRule, profile) && !head.mustReject
    ? applicationWaiver(requirementFor(appRule, profile), acceptable, [values, ...head.alternatives], shape)
    : undefined;
  return {
    profile,
    requirement: requirementFor(decider, profile),
    acceptable,
    rationale: rationale(profile, head, decider, appRule) + schemeNote(profile, scheme),
    ...(waiver ? { waivers: [{ ...waiver, acceptable: distinct(waiver.acceptable) }] } : {}),
  };
}

/** `rule`'s clause binds strictly less than the decider's. */
function weakerThan(decider: RuleId, rule: RuleId, profile: ProfileName): boolean {
  return levelStrength(clauseFor(rule, profile).level) < levelStrength(clauseFor(decider, profile).level);
}

/** True when the request makes no Bearer authentication attempt (RFC 6750 §3.1: then no error code). */
export function lacksCredentials(request: RawRequest): boolean {
  const head = readHead(request.lines);
  // Under any reading with credentials, an error code may be right.
  return [head.authorization, ...head.alternatives].every((v) => v.length < 2 && NO_CREDENTIALS.includes(shapeOf(v[0], request.query).id));
}

/** FastAPI's HTTPBearer is judged by its own code, whatever the OAuth2PasswordBearer clause says. */
function schemeNote(profile: ProfileName, scheme: SchemeKind): string {
  if (judgedAsOAuth2(profile, scheme)) return '';
  return scheme === 'http-bearer-403'
    ? ' (HTTPBearer before FastAPI 0.122.0: missing or empty credentials get 403 {"detail":"Not authenticated"}, another scheme 403 {"detail":"Invalid authentication credentials"}, no challenge)'
    : ' (HTTPBearer from FastAPI 0.122.0 on: missing or empty credentials and another scheme get 401 with WWW-Authenticate: Bearer)';
}

function distinct(outcomes: Outcome[]): Outcome[] {
  const seen = new Set<string>();
  return outcomes.filter((o) => !seen.has(JSON.stringify(o)) && seen.add(JSON.stringify(o)));
}

function says(id: RuleId, profile: ProfileName): string {
  return `${SITUATION[id]}: ${clauseFor(id, profile).why}`;
}

/** "why" in one line: the deciding HTTP finding (if any), then the application's clause. */
function rationale(profile: ProfileName, head: HeadReading, decider: RuleId, appRule: RuleId): string {
  if (head.mustReject) return says(decider, profile);
  if (decider !== appRule) return `${says(decider, profile)}; then ${says(appRule, profile)}`;
  const refusable = head.findings.find((f) => f !== 'http.ows-trim');
  return says(appRule, profile) + (refusable === undefined ? '' : ` (or a 400/431 from the HTTP layer, for ${SITUATION[refusable]})`);
}
