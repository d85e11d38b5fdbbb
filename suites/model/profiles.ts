// Profile names as users type them (`--profile`), resolved to the four behaviours of DESIGN.md §3.
import type { ProfileName } from './types.ts';

export const PROFILES: readonly ProfileName[] = ['documented', 'fastapi', 'fastapi@0.92', 'rfc6750'];

/** 0.128.1 strips the credentials (PR fastapi/fastapi#14786); ground truth §4. */
const STRIP_SINCE: Version = [0, 128, 1];
/** 0.20.0 brought 401 + `WWW-Authenticate: Bearer` to OAuth2PasswordBearer (PR fastapi/fastapi#188); ground truth §4. */
const CHALLENGE_SINCE: Version = [0, 20, 0];

type Version = [number, number, number];

export class UnknownProfileError extends Error {
  constructor(name: string, why: string) {
    super(`unknown profile "${name}" (${why}); valid: ${PROFILES.join(', ')}, or fastapi@X.Y.Z for FastAPI ${CHALLENGE_SINCE.join('.')} or later`);
    this.name = 'UnknownProfileError';
  }
}

/** `fastapi@0.92` is a profile name and also a (two-part) release; other releases need X.Y.Z. */
function parseVersion(text: string): Version | undefined {
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function resolveProfile(name: string): ProfileName {
  const known = PROFILES.find((p) => p === name);
  if (known) return known;
  const release = /^fastapi@(.*)$/.exec(name);
  if (!release) throw new UnknownProfileError(name, 'not a profile');
  const version = parseVersion(release[1]!);
  if (!version) throw new UnknownProfileError(name, 'expected a release X.Y.Z');
  if (compare(version, CHALLENGE_SINCE) < 0) throw new UnknownProfileError(name, `releases before ${CHALLENGE_SINCE.join('.')} answered without a challenge`);
  return compare(version, STRIP_SINCE) >= 0 ? 'fastapi' : 'fastapi@0.92';
}
