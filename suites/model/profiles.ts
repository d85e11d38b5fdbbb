// Profile names as users type them (`--profile`), resolved to the four behaviours of DESIGN.md §3.
import type { ProfileName, SchemeKind } from './types.ts';

export const PROFILES: readonly ProfileName[] = ['documented', 'fastapi', 'fastapi@0.92', 'rfc6750'];

/** 0.128.1 strips the credentials (PR fastapi/fastapi#14786); ground truth §4. */
const STRIP_SINCE: Version = [0, 128, 1];
/** 0.20.0 brought 401 + `WWW-Authenticate: Bearer` to OAuth2PasswordBearer (PR fastapi/fastapi#188); ground truth §4. */
const CHALLENGE_SINCE: Version = [0, 20, 0];

/** 0.122.0 moved HTTPBearer from 403 to 401 + `WWW-Authenticate: Bearer` (PR fastapi/fastapi#13786); ground truth §4. */
const HTTP_BEARER_401_SINCE: Version = [0, 122, 0];

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

/**
 * The scheme an endpoint is judged by: what its OpenAPI document declares, dated by the profile's
 * FastAPI release. `fastapi@0.92` (and `fastapi@X.Y.Z` before 0.122.0) gets HTTPBearer's 403s;
 * every other profile name its 401s. Only `http-bearer-403` differs from what `declared` says.
 */
export function resolveScheme(name: string, declared: 'oauth2' | 'http-bearer'): SchemeKind {
  if (declared === 'oauth2') return 'oauth2';
  const release = /^fastapi@(.*)$/.exec(name);
  if (!release) return 'http-bearer';
  const version = release[1] === '0.92' ? [0, 92, 0] as Version : parseVersion(release[1]!);
  return version && compare(version, HTTP_BEARER_401_SINCE) < 0 ? 'http-bearer-403' : 'http-bearer';
}
