// Every requirement of every suite, in report order (headers, fuzz, openapi, docs), as one listing of
// the Requirement type. Each suite keeps declaring its requirements where its checks are, each with
// its clause per profile (model/requirements/clause.ts): the model's clauses and the header cases,
// checks/shape.ts, checks/never-issued.ts, checks/jwt-tamper.ts, checks/scopes.ts,
// fuzz/requirements.ts, openapi/requirements.ts, docs/requirements.ts. This file only reads those
// declarations, so a requirement added there is listed here without further work. It sends
// nothing and reads no run plan.
import { PROFILES } from '../model/profiles.ts';
import { predict } from '../model/index.ts';
import type { ProfileName } from '../model/types.ts';
import { SHAPE_REQUIREMENTS } from '../checks/shape.ts';
import { NEVER_ISSUED } from '../checks/never-issued.ts';
import { TAMPERINGS } from '../checks/jwt-tamper.ts';
import { SCOPE_REQUIREMENTS, scopeClauses } from '../checks/scopes.ts';
import { headerCaseTitle, neverIssuedTitle, scopeTitle, sweepTitle, tamperTitle } from '../headers/titles.ts';
import { CANONICAL_ID, SWEEP_CASE_IDS, headerCase, sweepId } from '../sweep/probes.ts';
import { ALL_FUZZ_REQUIREMENTS, VALID_TOKEN_VARIANTS } from '../fuzz/requirements.ts';
import { OPENAPI_REQUIREMENTS } from '../openapi/requirements.ts';
import { DOCS_REQUIREMENTS } from '../docs/requirements.ts';
import type { SuiteName } from '../results.ts';
import { DEMO_TOKEN, HEADER_CASES, expandRequest } from './index.ts';
import type { HeaderCase } from './index.ts';
import { byProfile, judgedUnder } from '../model/requirements/clause.ts';
import type { ByProfile, Clause, Declared } from '../model/requirements/clause.ts';
import type { ProfileClause, Requirement } from './requirement.ts';

export type { ProfileClause, Requirement } from './requirement.ts';

export const WITH_VALID_TOKEN = 'with a valid token (--token, or --username/--password)';
export const IN_WHOLE_API_RUN = 'in a whole-API run (more secured operations than --deep, without --all-operations)';
/** Registered with any valid token; a token that is not a signed JWT makes them skip with the reason. */
export const WITH_VALID_JWT = 'with a valid JWT (--token, or --username/--password)';
/** Registered for an operation that declares scopes, when --scopes obtained a token with fewer. */
export const WITH_SCOPES = 'with --scopes';

/** A declaration as listed: its clause under each profile that judges it, each with the title a run gives it. */
function listed(suite: SuiteName, r: Declared<Clause & { clause?: string }> & { title?: string }, when?: string, titled?: (p: ProfileName) => string): Requirement {
  const profiles: Partial<Record<ProfileName, ProfileClause>> = {};
  for (const p of PROFILES) {
    const c = judgedUnder({ ...r, title: titled?.(p) ?? r.title }, p);
    const model = r.profiles[p]?.clause;
    if (c) profiles[p] = { ...c, ...(model ? { clause: model } : {}) };
  }
  const first = Object.values(profiles)[0];
  if (!first) throw new Error(`catalogue: ${r.id} is judged under no profile`);
  return { id: r.id, suite, title: first.title, ...(when ? { when } : {}), profiles };
}

/**
 * Declarations in the order the listing has always given them: those the first profile judges, in
 * their order, then those only a later profile adds (shape.challenge-auth-param: rfc6750 alone).
 */
function inProfileOrder<R extends Declared>(rs: readonly R[]): R[] {
  const firstProfile = (r: R) => PROFILES.findIndex((p) => r.profiles[p]);
  return [...rs].sort((a, b) => firstProfile(a) - firstProfile(b));
}

/** A header case (or a sweep of one) as the model judges it with the demo token: the deciding clause, titled by `title`. */
function predicted(c: HeaderCase, title: typeof headerCaseTitle): ByProfile<Clause & { title: string; clause: string }> {
  return byProfile((p) => {
    const prediction = predict(p, expandRequest(c.request, DEMO_TOKEN));
    const { id, level, source } = prediction.requirement;
    return { level, source, title: title(c, prediction), clause: id };
  });
}

/**
 * The sweep of a whole-API run: catalogue cases sent to every secured operation, judged as the
 * headers suite judges them (the canonical request only with a valid token). A valid token changes
 * none of these predictions (checks/token-mode.ts forValidToken touches only other tokens).
 */
function sweeps(): Requirement[] {
  return [CANONICAL_ID, ...SWEEP_CASE_IDS].map((caseId) => listed('headers', { id: sweepId(caseId), profiles: predicted(headerCase(caseId), sweepTitle) },
    caseId === CANONICAL_ID ? `${IN_WHOLE_API_RUN}, ${WITH_VALID_TOKEN}` : IN_WHOLE_API_RUN));
}

/** The headers suite, in the order headers/headers.spec.ts registers it: each case as the model judges it (demo token), the never-issued token and the tampered JWTs, the 401's shape, the scopes. */
function headers(): Requirement[] {
  const cases = HEADER_CASES.map((c) => listed('headers', { id: c.id, profiles: predicted(c, headerCaseTitle) }));
  const neverIssued = listed('headers', NEVER_ISSUED, WITH_VALID_TOKEN, neverIssuedTitle);
  const tamperings = TAMPERINGS.map((t) => listed('headers', t, WITH_VALID_JWT, (p) => tamperTitle(p, t)));
  const shapes = inProfileOrder(SHAPE_REQUIREMENTS).map((r) => listed('headers', r));
  const scopes = inProfileOrder(SCOPE_REQUIREMENTS).map((r) => listed('headers', r, WITH_SCOPES, (p) => {
    const clause = scopeClauses(p).find((c) => c.requirement.id === r.id);
    return clause ? scopeTitle(clause) : '';
  }));
  return [...cases, neverIssued, ...tamperings, ...shapes, ...scopes, ...sweeps()];
}

/** The fuzz suite: its properties judge every profile alike (the model's level decides which differential one). */
function fuzz(): Requirement[] {
  return ALL_FUZZ_REQUIREMENTS.map((r) => listed('fuzz', r, r.id === VALID_TOKEN_VARIANTS.id ? WITH_VALID_TOKEN : undefined));
}

let all: readonly Requirement[] | undefined;

/** Every requirement of every suite, in report order. */
export function allRequirements(): readonly Requirement[] {
  all ??= [
    ...headers(), ...fuzz(),
    ...OPENAPI_REQUIREMENTS.map((r) => listed('openapi', r)),
    ...Object.values(DOCS_REQUIREMENTS).map((r) => listed('docs', r)),
  ];
  return all;
}
