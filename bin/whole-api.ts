// Whole-API runs: before any suite runs, sweep every operation of the document (suites/sweep/), group
// the Bearer-secured ones and keep a few representatives of each group for the header catalogue and
// the fuzzer. Applies only when the document has more secured operations than --deep; otherwise
// (and with --endpoint or --all-operations) every operation is run deep, as before.
import { HttpClient } from '../suites/transport/http.ts';
import { DEMO_TOKEN } from '../suites/catalogue/index.ts';
import { endpointKey, tokenMode } from '../suites/checks/token-mode.ts';
import type { TokenValidation } from '../suites/checks/token-mode.ts';
import { planCrossCheck } from '../suites/openapi/index.ts';
import type { ProfileName } from '../suites/model/types.ts';
import { Redactor } from '../suites/redact.ts';
import { planSweep } from '../suites/sweep/plan.ts';
import type { SweepOperation } from '../suites/sweep/plan.ts';
import { runSweep } from '../suites/sweep/run.ts';
import { discoveredBearerSchemes } from './discover.ts';
import type { SweptOperation } from '../suites/sweep/run.ts';
import { sample } from '../suites/sweep/sample.ts';
import type { Sampling } from '../suites/sweep/sample.ts';
import type { Endpoint, Secrets } from '../suites/config.ts';
import type { OracleChoice } from '../suites/checks/oracle.ts';

export interface WholeApiInput {
  target: string;
  doc: unknown;
  profile: ProfileName;
  secrets: Secrets;
  tokenValidation?: Record<string, TokenValidation>;
  oracle: OracleChoice;
  allowUnsafeMethods: boolean;
  deep: number;
  fuzzBudget: number;
  net: { timeoutMs: number; insecure: boolean };
  /** the endpoint with its declared scheme dated by the profile (HTTPBearer's answers depend on the release) */
  dated: (endpoint: Endpoint) => Endpoint;
}

export interface WholeApiPlan {
  endpoints: Endpoint[];
  sampling: Sampling;
  sweep: SweptOperation[];
}

/** Whether to sample: the document secures more operations than --deep, and nothing asked for every one. */
export function samples(opts: { endpoints: readonly Endpoint[]; allOperations: boolean; deep: number }, doc: unknown, discovered: readonly Endpoint[]): boolean {
  return doc !== undefined && opts.endpoints.length === 0 && !opts.allOperations && discovered.length > opts.deep;
}

/** Every operation of the document to sweep; Bearer-secured as discovery reads it (the same schemes). */
export function sweepOperations(input: Pick<WholeApiInput, 'doc' | 'target' | 'allowUnsafeMethods' | 'dated'>): SweepOperation[] {
  const planned = planCrossCheck(input.doc, input.target, { allowUnsafeMethods: input.allowUnsafeMethods });
  return planSweep(input.doc, input.target, planned, discoveredBearerSchemes(input.doc)).map((op) => ({ ...op, endpoint: withScheme(op, input.dated) }));
}

export async function planWholeApi(input: WholeApiInput): Promise<WholeApiPlan> {
  const ops = sweepOperations(input);
  const client = new HttpClient({ timeoutMs: input.net.timeoutMs, insecure: input.net.insecure });
  const validation = (e: Endpoint) => input.tokenValidation?.[endpointKey(e)];
  try {
    const sweep = await runSweep(ops, {
      target: input.target, profile: input.profile, client, redactor: Redactor.forRun(input.secrets),
      modeFor: (e) => tokenMode(input.secrets.token, validation(e), DEMO_TOKEN),
      validationFor: (e) => validation(e)?.verdict,
      oracle: input.oracle, judgeCanonical: input.secrets.token !== undefined,
    });
    const { sampling, representatives } = sample(sweep, input.deep, input.fuzzBudget);
    return { endpoints: representatives, sampling, sweep };
  } finally {
    await client.close();
  }
}

/**
 * The operation's endpoint with its declared scheme, dated: read from the document by the operation's
 * templated path (its label), since the filled-in path names no operation of the document.
 */
function withScheme(op: SweepOperation, dated: (endpoint: Endpoint) => Endpoint): Endpoint {
  const [method, ...path] = op.label.split(' ');
  const { scheme } = dated({ method: method!, path: path.join(' ') });
  return scheme ? { ...op.endpoint, scheme } : op.endpoint;
}
