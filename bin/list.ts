// `bearer-conformance --list [--profile P]`: every requirement of every suite, from the catalogue,
// without starting a server or sending a request.
import { allRequirements } from '../suites/catalogue/requirements.ts';
import type { ProfileName } from '../suites/model/types.ts';
import type { SuiteName } from '../suites/results.ts';

/** One line per requirement the profile judges: id, level, title, source (and when it runs, if not always). */
export function listRequirements(profile: ProfileName, suites: readonly SuiteName[]): string[] {
  return allRequirements().flatMap((r) => {
    const c = r.profiles[profile];
    if (!c || !suites.includes(r.suite)) return [];
    return [`${r.id}\t${c.level}\t${c.title}${r.when ? ` (only ${r.when})` : ''}\t${c.source.ref}`];
  });
}
