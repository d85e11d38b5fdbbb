// Demo users and the tokens issued to them. Secrets are compared in constant time: both sides are
// hashed with SHA-256 (equal lengths) and compared with crypto.timingSafeEqual.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The resource owners the password grant knows (username → password): alice / wonderland and
 * bob / builder. They are public demo credentials, named in the README.
 */
export const DEMO_USERS: Readonly<Record<string, string>> = Object.freeze({ alice: 'wonderland', bob: 'builder' });

/** 32 random bytes in base64url: 43 characters, all in b64token (RFC 6750 §2.1). */
const TOKEN_BYTES = 32;
/** Issued tokens remembered for --validate-tokens; the oldest are forgotten first. */
const MAX_REMEMBERED_TOKENS = 1024;
/** Compared against when the username is unknown, so that a miss costs what a hit costs. */
const NO_SUCH_USER = digest('\u0000no such user');

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

function sameSecret(expected: Buffer, candidate: string): boolean {
  return timingSafeEqual(expected, digest(candidate));
}

export function isDemoUser(username: string): boolean {
  return Object.hasOwn(DEMO_USERS, username);
}

export function checkPassword(username: string, password: string): boolean {
  const known = isDemoUser(username);
  const matches = sameSecret(known ? digest(DEMO_USERS[username]!) : NO_SUCH_USER, password);
  return known && matches;
}

/** JWT mode (--validate-tokens): HS256 (RFC 7518 §3.2) with a key drawn once per process, never shown. */
const JWT_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * A JWS-compact JWT (RFC 7519 §3, RFC 7515 §7.1) for `sub`, signed with `key`. Only issued tokens are
 * accepted (by digest, below), so a token whose header, payload or signature was changed is refused
 * whatever it claims.
 */
function signedJwt(sub: string, key: Buffer): string {
  const payload = Buffer.from(JSON.stringify({ sub, iat: Math.floor(Date.now() / 1000) })).toString('base64url');
  const signature = createHmac('sha256', key).update(`${JWT_HEADER}.${payload}`).digest('base64url');
  return `${JWT_HEADER}.${payload}.${signature}`;
}

export class TokenStore {
  private readonly issued: Buffer[] = [];
  /** set in JWT mode: tokens are signed JWTs, so clients can check their JWT handling against it */
  private readonly jwtKey: Buffer | undefined;

  constructor(opts: { jwt?: boolean } = {}) {
    this.jwtKey = opts.jwt ? randomBytes(TOKEN_BYTES) : undefined;
  }

  /** A new token for `username`: 32 random bytes in base64url, or in JWT mode a signed JWT naming the user. */
  issue(username: string): string {
    const token = this.jwtKey ? signedJwt(username, this.jwtKey) : randomBytes(TOKEN_BYTES).toString('base64url');
    this.issued.push(digest(token));
    if (this.issued.length > MAX_REMEMBERED_TOKENS) this.issued.shift();
    return token;
  }

  /** Looks at every issued token, without stopping at the first match. */
  accepts(token: string): boolean {
    let found = false;
    for (const known of this.issued) found = sameSecret(known, token) || found;
    return found;
  }
}
