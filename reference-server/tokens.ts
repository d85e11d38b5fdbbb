// Demo users and the tokens issued to them. Secrets are compared in constant time: both sides are
// hashed with SHA-256 (equal lengths) and compared with crypto.timingSafeEqual.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

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

export class TokenStore {
  private readonly issued: Buffer[] = [];

  issue(): string {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
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
