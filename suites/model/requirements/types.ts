// A clause of the model: for one situation, under each profile that speaks for it, how binding the
// expected outcome is and where that comes from. The outcomes themselves are computed in ../applications.ts.
import type { HttpRuleId } from '../http-layer.ts';
import type { ShapeId } from '../credentials.ts';
import type { ByProfile, Clause } from './clause.ts';

export { FASTAPI_PROFILES } from './clause.ts';

/** Every situation the model distinguishes: HTTP-layer findings, credential shapes, duplicates. */
export type RuleId = HttpRuleId | ShapeId | 'http.duplicate';

export interface ModelClause extends Clause {
  /** what a target must do in this situation, said briefly, for rationales */
  why: string;
}

export interface ModelRequirement {
  id: RuleId;
  /** the profiles this declaration speaks for (another file of the same id may speak for others) */
  profiles: ByProfile<ModelClause>;
}
