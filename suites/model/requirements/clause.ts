// The one spelling of "level per profile" every requirement declaration uses (the model's clauses,
// the 401's shape, the token checks, the fuzz properties, the openapi and docs requirements): a
// clause per profile that judges the requirement, and none for a profile that does not. The
// catalogue (suites/catalogue/requirements.ts) reads these declarations as they are, without
// normalising. It lives with the model's clauses, the lowest room, so every suite can use it.
import { PROFILES } from '../profiles.ts';
import type { Level, ProfileName, Source } from '../types.ts';

/** How binding a requirement is under one profile, and where that comes from (a verbatim quote). */
export interface Clause {
  level: Level;
  source: Source;
  /** what is sent and expected, when this profile expects something else than the requirement's title says */
  title?: string;
}

/** A requirement's clause under each profile that judges it; a profile absent here has no such check. */
export type ByProfile<C extends Clause = Clause> = Partial<Record<ProfileName, C>>;

/** A requirement that declares its level per profile: what every suite's declarations have in common. */
export interface Declared<C extends Clause = Clause> {
  id: string;
  profiles: ByProfile<C>;
}

/** The requirement as one profile judges it (its clause's title, else the requirement's), or undefined when that profile does not. */
export function judgedUnder(r: Declared & { title?: string }, profile: ProfileName): (Clause & { title: string }) | undefined {
  const c = r.profiles[profile];
  if (!c) return undefined;
  const title = c.title ?? r.title;
  // a title is what is sent and expected: a requirement judged without one is a declaration bug
  if (title === undefined) throw new Error(`${r.id} has no title under ${profile}`);
  return { level: c.level, source: c.source, title };
}

/** The same clause under each of `profiles`. */
export function alike<C extends Clause>(profiles: readonly ProfileName[], clause: C): ByProfile<C> {
  return Object.fromEntries(profiles.map((p) => [p, clause]));
}

/** The same clause under every profile: a requirement no profile judges differently. */
export function everyProfile<C extends Clause>(clause: C): ByProfile<C> {
  return alike(PROFILES, clause);
}

/** A clause per profile computed from the profile (the header cases: the model's prediction decides). */
export function byProfile<C extends Clause>(under: (p: ProfileName) => C | undefined): ByProfile<C> {
  return Object.fromEntries(PROFILES.flatMap((p) => {
    const clause = under(p);
    return clause ? [[p, clause]] : [];
  }));
}

/**
 * A requirement every profile judges alike (a fuzz property, a docs-page promise), declared with its
 * one level and source: its clause under every profile, and that level kept beside for the checks
 * that fail at it without knowing the run's profile.
 */
export function uniform<R extends { id: string; level: Level; source: Source }>(r: R): Omit<R, 'source'> & { profiles: ByProfile } {
  const { source, ...rest } = r;
  return { ...rest, profiles: everyProfile({ level: r.level, source }) };
}

/** The profiles other than rfc6750: FastAPI's docs and FastAPI itself. */
export const NOT_RFC6750: readonly ProfileName[] = ['documented', 'fastapi', 'fastapi@0.92'];
export const FASTAPI_PROFILES: readonly ProfileName[] = ['fastapi', 'fastapi@0.92'];
