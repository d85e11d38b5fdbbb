// Every requirement of every suite, in report order (headers, fuzz, openapi, docs), as one listing of
// the Requirement type. Each suite keeps declaring its requirements where its checks are (the model's
// clauses and the header cases, checks/shape.ts, fuzz/requirements.ts, openapi/requirements.ts,
// docs/requirements.ts); this file only reads those declarations, so a requirement added there is
// listed here without further work. It sends nothing and reads no run plan.
import { PROFILES } from '../model/profiles.ts';
import { predict } from '../model/index.ts';
import type { ProfileName, RequirementRef } from '../model/types.ts';
import { responseShapeRules } from '../checks/shape.ts';
import { neverIssuedRequirement } from '../checks/never-issued.ts';
import { TAMPERINGS, tamperRequirement } from '../checks/jwt-tamper.ts';
import { scopeClauses } from '../checks/scopes.ts';
import { headerCaseTitle, neverIssuedTitle, scopeTitle, sweepTitle, tamperTitle } from '../headers/titles.ts';
import { CANONICAL_ID, SWEEP_CASE_IDS, headerCase, sweepId } from '../sweep/probes.ts';
import { ALL_FUZZ_REQUIREMENTS, VALID_TOKEN_VARIANTS } from '../fuzz/requirements.ts';
import { OPENAPI_REQUIREMENTS, requirementFor as openApiRequirementFor } from '../openapi/requirements.ts';
import { DOCS_REQUIREMENTS } from '../docs/requirements.ts';
import type { SuiteName } from '../results.ts';
import { DEMO_TOKEN, HEADER_CASES, expandRequest } from './index.ts';
import type { ProfileClause, Requirement } from './requirement.ts';

export type { ProfileClause, Requirement } from './requirement.ts';

export const WITH_VALID_TOKEN = 'with a valid token (--token, or --username/--password)';
export const IN_WHOLE_API_RUN = 'in a whole-API run (more secured operations than --deep, without --all-operations)';
/** Registered with any valid token; a token that is not a signed JWT makes them skip with the reason. */
export const WITH_VALID_JWT = 'with a valid JWT (--token, or --username/--password)';
/** Registered for an operation that declares scopes, when --scopes obtained a token with fewer. */
export const WITH_SCOPES = 'with --scopes';

type Clauses = Requirement['profiles'];

/** One requirement from its clause per profile; profiles that give none do not judge it. */
function requirement(id: string, suite: SuiteName, clauseUnder: (p: ProfileName) => ProfileClause | undefined, when?: string): Requirement {
  const profiles: Clauses = {};
  for (const p of PROFILES) {
    const clause = clauseUnder(p);
    if (clause) profiles[p] = clause;
  }
  const first = Object.values(profiles)[0];
  if (!first) throw new Error(`catalogue: ${id} is judged under no profile`);
  return { id, suite, title: first.title, ...(when ? { when } : {}), profiles };
}

function clause(ref: RequirementRef, title: string, model?: string): ProfileClause {
  return { level: ref.level, source: ref.source, title, ...(model ? { clause: model } : {}) };
}

/** The JWT tamperings (checks/jwt-tamper.ts), as headers.spec.ts registers them with a valid token. */
function tamperings(): Requirement[] {
  return TAMPERINGS.map((t) => requirement(t.id, 'headers', (p) => clause(tamperRequirement(p, t), tamperTitle(p, t)), WITH_VALID_JWT));
}

/** The scope clauses (checks/scopes.ts), as headers.spec.ts registers them with --scopes. */
function scopes(): Requirement[] {
  const ids = [...new Set(PROFILES.flatMap((p) => scopeClauses(p).map((c) => c.requirement.id)))];
  return ids.map((id) => requirement(id, 'headers', (p) => {
    const scope = scopeClauses(p).find((c) => c.requirement.id === id);
    return scope && clause(scope.requirement, scopeTitle(scope));
  }, WITH_SCOPES));
}

/**
 * The sweep of a whole-API run: catalogue cases sent to every secured operation, judged as the
 * headers suite judges them (the canonical request only with a valid token). A valid token changes
 * none of these predictions (checks/token-mode.ts forValidToken touches only other tokens).
 */
function sweeps(): Requirement[] {
  return [CANONICAL_ID, ...SWEEP_CASE_IDS].map((caseId) => requirement(sweepId(caseId), 'headers', (p) => {
    const c = headerCase(caseId);
    const prediction = predict(p, expandRequest(c.request, DEMO_TOKEN));
    return clause(prediction.requirement, sweepTitle(c, prediction), prediction.requirement.id);
  }, caseId === CANONICAL_ID ? `${IN_WHOLE_API_RUN}, ${WITH_VALID_TOKEN}` : IN_WHOLE_API_RUN));
}

/** The headers suite, in the order headers.spec.ts registers it: each case as the model judges it (demo token), the never-issued token and the tampered JWTs, the 401's shape, the scopes. */
function headers(): Requirement[] {
  const cases = HEADER_CASES.map((c) => requirement(c.id, 'headers', (p) => {
    const prediction = predict(p, expandRequest(c.request, DEMO_TOKEN));
    return clause(prediction.requirement, headerCaseTitle(c, prediction), prediction.requirement.id);
  }));
  const neverIssued = requirement(neverIssuedRequirement('documented').id, 'headers', (p) => clause(neverIssuedRequirement(p), neverIssuedTitle(p)), WITH_VALID_TOKEN);
  const shapeIds = [...new Set(PROFILES.flatMap((p) => responseShapeRules(p).map((r) => r.requirement.id)))];
  const shapes = shapeIds.map((id) => requirement(id, 'headers', (p) => {
    const rule = responseShapeRules(p).find((r) => r.requirement.id === id);
    return rule && clause(rule.requirement, rule.title);
  }));
  return [...cases, neverIssued, ...tamperings(), ...shapes, ...scopes(), ...sweeps()];
}

/** The fuzz suite: its properties judge every profile alike (the model's level decides which differential one). */
function fuzz(): Requirement[] {
  return ALL_FUZZ_REQUIREMENTS.map((r) => requirement(r.id, 'fuzz', () => clause(r, r.title), r.id === VALID_TOKEN_VARIANTS.id ? WITH_VALID_TOKEN : undefined));
}

function openapi(): Requirement[] {
  return OPENAPI_REQUIREMENTS.map((r) => requirement(r.id, 'openapi', (p) => {
    const meta = openApiRequirementFor(r.id, p);
    return clause(meta, meta.title);
  }));
}

function docs(): Requirement[] {
  return Object.values(DOCS_REQUIREMENTS).map((r) => requirement(r.id, 'docs', () => clause(r, r.title)));
}

let listed: readonly Requirement[] | undefined;

/** Every requirement of every suite, in report order. */
export function allRequirements(): readonly Requirement[] {
  listed ??= [...headers(), ...fuzz(), ...openapi(), ...docs()];
  return listed;
}
