// Secrets (the --token, the --password, tokens the target issues or echoes) never reach a report,
// a log, or a screenshot. Everything that leaves the harness goes through a Redactor first.

import type { Secrets } from './config.ts';

export const REDACTED = '[redacted]';

export class Redactor {
  private readonly needles: string[] = [];
  /** every needle, longest first, matched regardless of letter case: a token with its case swapped is still the token */
  private pattern: RegExp | undefined;

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  /** The secrets the run was given: the token, the password, and the password as Basic credentials. */
  static forRun(secrets: Secrets): Redactor {
    const redactor = new Redactor([secrets.token, secrets.scopedToken, secrets.password]);
    redactor.addBasic(secrets.username, secrets.password);
    return redactor;
  }

  /**
   * Registers a secret together with the encodings it travels in: URL and form encoding, JSON
   * escaping, and its UTF-8 bytes read as latin-1 (how raw exchanges are rendered). Base64 of
   * user:pass is added by the caller.
   */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 3) return; // too short to redact without mangling evidence
    const variants = [
      secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+'),
      new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1), Buffer.from(secret, 'utf8').toString('latin1'),
    ];
    for (const variant of variants) if (!this.needles.includes(variant)) this.needles.push(variant);
    this.needles.sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(this.needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  }

  /** Adds `Basic base64(user:pass)`, as Swagger UI and curl send client or user credentials. */
  addBasic(user: string | undefined, password: string | undefined): void {
    if (user !== undefined && password) this.add(Buffer.from(`${user}:${password}`).toString('base64'));
  }

  get active(): boolean {
    return this.needles.length > 0;
  }

  text(s: string): string {
    return this.pattern ? s.replace(this.pattern, REDACTED) : s;
  }

  /** Deep copy with every string redacted (also inside Buffers rendered as latin-1 strings by the caller). */
  value<T>(v: T): T {
    if (!this.active) return v;
    return JSON.parse(this.text(JSON.stringify(v))) as T;
  }
}
