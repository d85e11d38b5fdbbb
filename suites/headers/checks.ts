// The headers suite's checks (checks/check.ts), one family per kind of declaration: each header case
// of the catalogue, the never-issued token, each JWT tampering, each rule on the 401's shape, each
// scope clause, and each request of a whole-API sweep. A declaration of a kind is data its family
// judges (the case's request, the rule's own assertion), so none is without a check; the type below
// has a key for every kind, so a kind without a family does not compile.
import type { Check } from '../checks/check.ts';
import type { HeaderCase } from '../catalogue/index.ts';
import type { ShapeRule } from '../checks/shape.ts';
import type { Endpoint } from '../config.ts';
import { assertSweep } from '../sweep/check.ts';
import type { SweptOperation } from '../sweep/run.ts';
import type { Sampling } from '../sweep/sample.ts';
import { NEVER_ISSUED_CHECK, checkHeaderCase, checkShapeRule } from './run.ts';
import type { HeaderRunContext, TokenProbeRun } from './run.ts';
import { TAMPERED_CHECK } from './jwt.ts';
import type { TamperRun } from './jwt.ts';
import { SCOPE_CHECK } from './scopes.ts';
import type { ScopeRun } from './scopes.ts';

export interface CaseRun {
  ctx: HeaderRunContext;
  c: HeaderCase;
  endpoint: Endpoint;
}

export interface ShapeRun {
  ctx: HeaderRunContext;
  rule: ShapeRule;
  endpoint: Endpoint;
}

export interface SweepRun {
  /** the catalogue case swept, and the sweep's requirement id for it */
  caseId: string;
  id: string;
  sweep: readonly SweptOperation[];
  sampling: Sampling;
}

/** Each kind of the headers suite's declarations, and what its family's check reads. */
interface HeaderRuns {
  case: CaseRun;
  'never-issued': TokenProbeRun;
  tamper: TamperRun;
  shape: ShapeRun;
  scope: ScopeRun;
  sweep: SweepRun;
}

export type HeaderKind = keyof HeaderRuns;

export const HEADER_CHECKS: { readonly [K in HeaderKind]: Check<HeaderRuns[K]> } = {
  case: { run: ({ ctx, c, endpoint }, evidence) => checkHeaderCase(ctx, c, endpoint, evidence) },
  'never-issued': NEVER_ISSUED_CHECK,
  tamper: TAMPERED_CHECK,
  shape: { run: ({ ctx, rule, endpoint }, evidence) => checkShapeRule(ctx, rule, endpoint, evidence) },
  scope: SCOPE_CHECK,
  sweep: { run: ({ caseId, id, sweep, sampling }, evidence) => assertSweep(caseId, id, sweep, sampling, evidence) },
};
