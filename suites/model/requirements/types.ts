// A clause of the model: for one situation and some profiles, how binding the expected outcome is
// and where that comes from. The outcomes themselves are computed in ../applications.ts.
import type { ProfileName, RequirementRef } from '../types.ts';
import type { HttpRuleId } from '../http-layer.ts';
import type { ShapeId } from '../credentials.ts';

/** Every situation the model distinguishes: HTTP-layer findings, credential shapes, duplicates. */
export type RuleId = HttpRuleId | ShapeId | 'http.duplicate';

export interface ModelRequirement extends RequirementRef {
  id: RuleId;
  /** the profiles this clause speaks for */
  profiles: readonly ProfileName[];
  /** what a target must do in this situation, said briefly, for rationales */
  why: string;
}

export const FASTAPI_PROFILES: readonly ProfileName[] = ['fastapi', 'fastapi@0.92'];
