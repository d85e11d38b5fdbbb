// Whom the docs checks log in as through the Authorize dialog.
import { NotApplicable } from '../checks/failures.ts';
import { APPLIES, skip } from '../checks/check.ts';
import type { Applicability } from '../checks/check.ts';
import type { RunConfig, Secrets } from '../config.ts';
import type { Redactor } from '../redact.ts';

/** The embedded reference server's demo user (README: alice / wonderland). */
export const DEMO_USER = { username: 'alice', password: 'wonderland' } as const;

export interface Credentials {
  username: string;
  password: string;
  /** where they came from, for evidence */
  from: 'secrets' | 'demo user';
}

/** --username/--password, else the embedded server's demo user, else none (the flow checks skip). */
function credentials(config: RunConfig, secrets: Secrets): Credentials | undefined {
  if (secrets.username !== undefined && secrets.password !== undefined) return { username: secrets.username, password: secrets.password, from: 'secrets' };
  if (config.embedded) return { ...DEMO_USER, from: 'demo user' };
  return undefined;
}

function noCredentials(purpose: string): string {
  return `no --username/--password given, and the target is not the embedded reference server: nothing to ${purpose}`;
}

/** A check that logs in applies only with credentials to type into the dialog. */
export function withCredentials(purpose: string): (ctx: { config: RunConfig; secrets: Secrets }) => Applicability {
  return (ctx) => (credentials(ctx.config, ctx.secrets) ? APPLIES : skip(noCredentials(purpose)));
}

/** The credentials to type into the dialog, registered with the redactor; without any the check skips. */
export function requireCredentials(ctx: { config: RunConfig; secrets: Secrets; redactor: Redactor }, purpose: string): Credentials {
  const creds = credentials(ctx.config, ctx.secrets);
  if (!creds) throw new NotApplicable(noCredentials(purpose));
  ctx.redactor.add(creds.password);
  ctx.redactor.addBasic(creds.username, creds.password);
  return creds;
}
