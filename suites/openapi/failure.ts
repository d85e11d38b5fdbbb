// Builds the CheckFailure of an openapi requirement with the level the profile gives it.
import { CheckFailure } from '../checks/failures.ts';
import type { ProfileName } from '../model/types.ts';
import { requirementFor } from './requirements.ts';

export function failure(id: string, profile: ProfileName, o: { expected: string[]; actual: string; message: string }): CheckFailure {
  return new CheckFailure({ requirementId: id, level: requirementFor(id, profile).level, ...o });
}
