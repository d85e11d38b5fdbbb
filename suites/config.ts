// The plan the CLI hands to the Playwright suites. The CLI writes it as JSON and passes its path in
// BEARER_CONFORMANCE_RUN; secrets never go into that file: they travel in the environment variable
// BEARER_CONFORMANCE_SECRETS (JSON) of the Playwright process only.
import { readFileSync } from 'node:fs';
import type { ProfileName, SchemeKind } from './model/types.ts';
import type { SuiteName } from './results.ts';
import type { TokenValidation } from './checks/token-mode.ts';
import type { OracleChoice } from './checks/oracle.ts';
import type { Sampling } from './sweep/sample.ts';
import type { SweptOperation } from './sweep/run.ts';

export interface Endpoint {
  method: string;
  /** path relative to the target base URL, starting with "/", e.g. "/items/" */
  path: string;
  operationId?: string;
  /**
   * The security scheme the OpenAPI document declares for it, dated by the profile (model/profiles.ts
   * resolveScheme): HTTPBearer is judged as that FastAPI release answers. Absent: OAuth2PasswordBearer.
   */
  scheme?: SchemeKind;
}

export interface RunConfig {
  /** base URL of the API under test, without a trailing slash; may carry a path prefix */
  target: string;
  /** the profile name as the user gave it (e.g. "fastapi@0.110.0") and what it resolved to */
  profileName: string;
  profile: ProfileName;
  strict: boolean;
  suites: SuiteName[];
  endpoints: Endpoint[];
  /** absolute URL (or file path) of the OpenAPI document, and of the docs page */
  openapi: string;
  docs: string;
  timeoutMs: number;
  /** max requests per second; 0 = unlimited */
  rate: number;
  /** `--max-requests`: requests to the target over the whole run at most; absent or 0 = unlimited */
  maxRequests?: number;
  /** the request gate's state file (counts, breaker), shared by the CLI and Playwright's workers */
  gateFile?: string;
  seed: number;
  fuzzRuns: number;
  fuzzTimeS: number;
  /** --fuzz-threads (absent: 1) */
  fuzzThreads?: number;
  allowUnsafeMethods: boolean;
  insecure: boolean;
  allowCdn: boolean;
  reportDir: string;
  /** true when the target is the embedded reference server (its demo users are known) */
  embedded: boolean;
  /**
   * With a valid token: what a never-issued token of its shape got, per endpoint (`METHOD path`),
   * learnt once by the CLI's preflight. Absent without a token.
   */
  tokenValidation?: Record<string, TokenValidation>;
  /** `--shard i/n`: Playwright runs only this part; the report records it for `merge` */
  shard?: Shard;
  /** `--oracle`: how 2xx answers are judged (suites/checks/oracle.ts); absent = auto */
  oracle?: OracleChoice;
  /** `--only`: only requirements whose id matches one of these (`*` a wildcard) are registered; absent = all */
  only?: string[];
  /** `--scopes`: what the narrower token was granted, and per endpoint (`METHOD path`) the declared scopes it lacks */
  scopes?: ScopePlan;
  /** `--verbose`: the reporter prints a line per finished check instead of a progress count */
  verbose?: boolean;
  /**
   * Whole-API runs (suites/sweep/): how the operations were grouped and which are `endpoints` (the
   * representatives), and what the CLI's sweep of every operation found. Absent when every
   * operation is run deep (one operation, --endpoint, --all-operations).
   */
  sampling?: Sampling;
  sweep?: SweptOperation[];
  /** fuzz requests per endpoint: --fuzz-runs divided among the endpoints (sweep/sample.ts); absent = fuzzRuns */
  fuzzRunsEach?: number;
}

export interface ScopePlan {
  granted: string[];
  missing: Record<string, string[]>;
}

/** One part of a sharded run: the `current`-th (1-based) of `total`. */
export interface Shard {
  current: number;
  total: number;
}

export interface Secrets {
  token?: string;
  /** `--scopes`: a token from the password grant with only those scopes */
  scopedToken?: string;
  username?: string;
  password?: string;
}

export const RUN_ENV = 'BEARER_CONFORMANCE_RUN';
export const SECRETS_ENV = 'BEARER_CONFORMANCE_SECRETS';

export function loadRunConfig(): RunConfig {
  const file = process.env[RUN_ENV];
  if (!file) throw new Error(`${RUN_ENV} is not set: run the suites through the bearer-conformance CLI`);
  return JSON.parse(readFileSync(file, 'utf8')) as RunConfig;
}

export function loadSecrets(): Secrets {
  const raw = process.env[SECRETS_ENV];
  return raw ? (JSON.parse(raw) as Secrets) : {};
}
