// Runs the header catalogue (and the 401 shape rules) against a target without Playwright, for the
// project's own tests: the same checks the headers suite runs, verdicts by the same classifier.
import { HEADER_CASES, DEMO_TOKEN } from '../../suites/catalogue/index.ts';
import { checkHeaderCase, checkNeverIssued, checkShapeRule, learnTokenValidation, openHeaderContext } from '../../suites/headers/run.ts';
import { foreignToken, neverIssuedToken, tokenMode } from '../../suites/checks/token-mode.ts';
import { NEVER_ISSUED_ID } from '../../suites/checks/never-issued.ts';
import { responseShapeRules } from '../../suites/checks/shape.ts';
import { CheckFailure } from '../../suites/checks/failures.ts';
import { classify } from '../../suites/checks/verdict.ts';
import { HttpClient } from '../../suites/transport/http.ts';
import { Redactor } from '../../suites/redact.ts';
import type { ProfileName } from '../../suites/model/types.ts';
import type { OracleChoice } from '../../suites/checks/oracle.ts';
import type { Verdict } from '../../suites/results.ts';

export interface CaseVerdict { verdict: Verdict; message: string; level?: string }

/** Seed of the never-issued token in these runs. */
const SEED = 1;

/**
 * With a token, learns first whether the target validates tokens (as the CLI's preflight does) and
 * judges accordingly; `headers.never-issued-token` is among the verdicts.
 */
export async function runCatalogue(target: string, profile: ProfileName, opts: { token?: string; timeoutMs?: number; oracle?: OracleChoice } = {}): Promise<Map<string, CaseVerdict>> {
  const client = new HttpClient({ timeoutMs: opts.timeoutMs ?? 3000 });
  const endpoint = { method: 'GET', path: '/items/' };
  const base = { target, profile, client, redactor: new Redactor([opts.token]) };
  const out = new Map<string, CaseVerdict>();
  try {
    const validation = opts.token === undefined ? undefined : await learnTokenValidation(base, endpoint, { sameShape: neverIssuedToken(opts.token, SEED), otherShape: foreignToken(opts.token, DEMO_TOKEN, SEED) });
    const ctx = await openHeaderContext(base, endpoint, tokenMode(opts.token, validation, DEMO_TOKEN), opts.oracle);
    for (const c of HEADER_CASES) {
      try {
        await checkHeaderCase(ctx, c, endpoint, {});
        out.set(c.id, { verdict: 'pass', message: '' });
      } catch (err) {
        out.set(c.id, { ...classify(err), level: err instanceof CheckFailure ? err.level : undefined });
      }
    }
    if (opts.token !== undefined) {
      try {
        await checkNeverIssued(ctx, endpoint, { realToken: opts.token, validation, seed: SEED }, {});
        out.set(NEVER_ISSUED_ID, { verdict: 'pass', message: '' });
      } catch (err) {
        out.set(NEVER_ISSUED_ID, { ...classify(err), level: err instanceof CheckFailure ? err.level : undefined });
      }
    }
    for (const rule of responseShapeRules(profile)) {
      try {
        await checkShapeRule(ctx, rule, endpoint, {});
        out.set(rule.requirement.id, { verdict: 'pass', message: '' });
      } catch (err) {
        out.set(rule.requirement.id, { ...classify(err), level: rule.requirement.level });
      }
    }
  } finally {
    await client.close();
  }
  return out;
}

export function failures(verdicts: Map<string, CaseVerdict>): string[] {
  return [...verdicts].filter(([, v]) => v.verdict === 'fail').map(([id]) => id);
}
