// The one Requirement type every suite's requirements are listed as (suites/catalogue/requirements.ts):
// what `--list`, `--only`, docs/requirements.md and the catalogue self-test read.
import type { Level, ProfileName, Source } from '../model/types.ts';
import type { SuiteName } from '../results.ts';

/** How a requirement is judged under one profile. */
export interface ProfileClause {
  level: Level;
  /** where the expectation comes from, with a verbatim quote (docs/sources/ holds the text) */
  source: Source;
  /** the title the suite gives the check under this profile: what is sent and what is expected */
  title: string;
  /** headers suite: the model's clause that decides the case (suites/model/requirements/) */
  clause?: string;
}

export interface Requirement {
  /** stable id, as results, baselines and `--only` name it */
  id: string;
  suite: SuiteName;
  /** the title under the first profile that judges it */
  title: string;
  /** when the check is registered at all, if not in every run of its suite */
  when?: string;
  /** the profiles that judge it; a profile absent here has no such check */
  profiles: Partial<Record<ProfileName, ProfileClause>>;
}
