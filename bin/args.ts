// Flags of the CLI contract (DESIGN.md §5), parsed into Options or a one-line UsageError.
import { parseArgs } from 'node:util';
import { SUITES } from '../suites/results.ts';
import type { SuiteName } from '../suites/results.ts';
import type { Endpoint, Shard } from '../suites/config.ts';
import { DEFAULT_FUZZ_BUDGET } from '../suites/fuzz/session.ts';
import { SAFE_METHODS } from '../suites/openapi/index.ts';
import { ORACLE_CHOICES } from '../suites/checks/oracle.ts';
import { DEFAULT_DEEP } from '../suites/sweep/sample.ts';
import type { OracleChoice } from '../suites/checks/oracle.ts';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Options {
  target?: string;
  profile: string;
  endpoints: Endpoint[];
  openapi: string;
  docs: string;
  token?: string;
  username?: string;
  password?: string;
  suites: SuiteName[];
  strict: boolean;
  seed?: number;
  fuzzRuns: number;
  fuzzTimeS: number;
  /** worker threads for a large fuzz run (suites/fuzz/threads.ts); 1 = none */
  fuzzThreads: number;
  timeoutMs: number;
  rate?: number;
  /** requests to the target over the whole run at most; 0 = no limit */
  maxRequests: number;
  reportDir: string;
  baseline?: string;
  updateBaseline: boolean;
  allowUnsafeMethods: boolean;
  insecure: boolean;
  allowCdn: boolean;
  /** `--shard i/n`: run only the i-th of n parts (Playwright's sharding); merge the parts with `merge` */
  shard?: Shard;
  /** `--oracle auto|status`: whether a `token` in 2xx bodies is read as the endpoint's echo */
  oracle: OracleChoice;
  /** `--list`: print the requirements and exit, sending nothing */
  list: boolean;
  /** `--only ID,GLOB`: run only the requirements whose id matches one of these */
  only?: string[];
  /** `--scopes LIST`: also get a token with only these scopes, which operations declaring more must refuse */
  scopes?: string[];
  /** `--verbose`: a line per finished check while running, and the full per-check table at the end */
  verbose: boolean;
  /** `--deep N`: representatives per group of operations that the header catalogue and the fuzzer run on */
  deep: number;
  /** `--all-operations`: every operation deep, no sampling */
  allOperations: boolean;
}

export const DEFAULTS = { profile: 'documented', openapi: 'openapi.json', docs: 'docs', fuzzRuns: DEFAULT_FUZZ_BUDGET.runs, fuzzTimeS: DEFAULT_FUZZ_BUDGET.timeS, timeoutMs: 5000, reportDir: 'reports' };

export const USAGE = `usage: bearer-conformance [--target URL] [options]
       bearer-conformance serve [--port N] [--mode PROFILE] [--root-path /prefix] [--validate-tokens]
       bearer-conformance merge DIR… [--report OUT] [--baseline FILE [--update-baseline]] [--verbose]
       bearer-conformance matrix --config FILE [--report DIR] [--only NAME,…]
       bearer-conformance replay REPORT_DIR [--id ID…] [--target URL] [--token T]

  --target URL              base URL of the API under test (default: start the embedded reference server)
  --profile NAME            documented (default) | fastapi | fastapi@X.Y.Z | rfc6750
  --endpoint "METHOD PATH"  repeatable; default: operations the OpenAPI document secures, else GET /items/
  --deep N                  operations with the same security, method safety and oracle form a group; the
                            header catalogue and the fuzzer run on N of each (default ${DEFAULT_DEEP}), and every
                            secured operation is swept (no header, Basic, empty token, canonical with --token)
  --all-operations          run the header catalogue and the fuzzer on every operation (no sampling)
  --openapi PATH-or-URL     default openapi.json, relative to the target
  --docs PATH               default docs, relative to the target
  --token T                 a valid token (or env BEARER_CONFORMANCE_TOKEN)
  --username U --password P get a token from the scheme's tokenUrl (password grant; or env
                            BEARER_CONFORMANCE_USERNAME and BEARER_CONFORMANCE_PASSWORD)
  --suites LIST             subset of headers,fuzz,openapi,docs (default all); --no-docs drops the browser
  --strict                  SHOULD failures fail the run
  --seed N --fuzz-runs N --fuzz-time S   reproducible, bounded fuzzing; --fuzz-runs is the whole run's
                            budget, divided among the fuzzed operations (at least 100 each); --fuzz-time per operation
  --fuzz-threads N          send a large fuzz run (20,000 requests or more per operation, no --rate)
                            from N worker threads (default 1; up to 8)
  --timeout MS              per-request timeout (default 5000)
  --rate N                  max requests per second (default: unlimited on loopback, 50 elsewhere)
  --max-requests N          send at most N requests to the target in the whole run; checks left are
                            errors "not run" and the run is untestable unless something failed
  --report DIR              default reports/
  --shard i/n               run the i-th of n parts (split by suite file); give every shard the same
                            --suites and --seed, then join their report directories with merge
  --baseline FILE           only failures not recorded in FILE fail the run; --update-baseline writes FILE
  --allow-unsafe-methods    also send unauthenticated requests to POST/PUT/PATCH/DELETE operations
  --insecure                accept self-signed TLS certificates
  --oracle auto|status      auto (default): a 2xx JSON body with a "token" member is read as the token
                            the endpoint saw; status: judge statuses and challenges only
  --scopes LIST             with --username/--password: also get a token granted only these scopes
                            (space- or comma-separated; "" for none); operations whose OpenAPI security
                            requirement declares more must refuse it
  --allow-cdn               let the docs page load Swagger UI from its CDN instead of the local copy
  --list                    print every requirement (id, level under --profile, title, source) and exit
  --only ID,GLOB            run only these requirements ("*" is a wildcard: headers.scheme-*,token.*)
  --verbose                 a line per finished check while running and the full table at the end
                            (default: a progress count, then the failures, then the counts)

exit codes: 0 conformant, 1 non-conformant, 2 usage error, 3 could not test, 130 interrupted`;

const SPEC = {
  target: { type: 'string' },
  profile: { type: 'string' },
  endpoint: { type: 'string', multiple: true },
  openapi: { type: 'string' },
  docs: { type: 'string' },
  token: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  suites: { type: 'string' },
  'no-docs': { type: 'boolean' },
  strict: { type: 'boolean' },
  seed: { type: 'string' },
  'fuzz-runs': { type: 'string' },
  'fuzz-time': { type: 'string' },
  'fuzz-threads': { type: 'string' },
  timeout: { type: 'string' },
  rate: { type: 'string' },
  'max-requests': { type: 'string' },
  report: { type: 'string' },
  baseline: { type: 'string' },
  'update-baseline': { type: 'boolean' },
  'allow-unsafe-methods': { type: 'boolean' },
  insecure: { type: 'boolean' },
  'allow-cdn': { type: 'boolean' },
  shard: { type: 'string' },
  oracle: { type: 'string' },
  list: { type: 'boolean' },
  only: { type: 'string' },
  scopes: { type: 'string' },
  verbose: { type: 'boolean' },
  deep: { type: 'string' },
  'all-operations': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `--endpoint GET /items/` (two words) is accepted as well as `--endpoint "GET /items/"`. */
function joinEndpointWords(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    const after = argv[i + 2];
    if (argv[i] === '--endpoint' && next && /^[A-Za-z]+$/.test(next) && after?.startsWith('/')) {
      out.push('--endpoint', `${next} ${after}`);
      i += 2;
    } else out.push(argv[i]!);
  }
  return out;
}

function integer(name: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new UsageError(`--${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function parseShard(raw: string | undefined): Shard | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  const [current, total] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(current >= 1 && current <= total && total <= 1000)) throw new UsageError(`--shard expects i/n with 1 ≤ i ≤ n ≤ 1000, got ${JSON.stringify(raw)}`);
  return { current, total };
}

function parseEndpoint(raw: string): Endpoint {
  const m = /^([A-Za-z]+)\s+(\/\S*)$/.exec(raw.trim());
  if (!m) throw new UsageError(`--endpoint expects "METHOD /path", got ${JSON.stringify(raw)}`);
  return { method: m[1]!.toUpperCase(), path: m[2]! };
}

function parseSuites(raw: string | undefined, noDocs: boolean): SuiteName[] {
  const names = raw === undefined ? [...SUITES] : raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!SUITES.includes(n as SuiteName)) throw new UsageError(`--suites: unknown suite ${JSON.stringify(n)} (choose from ${SUITES.join(', ')})`);
  const chosen = names.filter((n) => !(noDocs && n === 'docs')) as SuiteName[];
  if (!chosen.length) throw new UsageError('--suites leaves nothing to run');
  return chosen;
}

function parseOracle(raw: string | undefined): OracleChoice {
  if (raw === undefined) return 'auto';
  const choice = ORACLE_CHOICES.find((c) => c === raw);
  if (!choice) throw new UsageError(`--oracle must be one of ${ORACLE_CHOICES.join(', ')}, got ${JSON.stringify(raw)}`);
  return choice;
}

function parseOnly(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const patterns = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (!patterns.length) throw new UsageError('--only names no requirement');
  return patterns;
}

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

function parseScopes(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const scopes = raw.split(/[\s,]+/).filter(Boolean);
  const bad = scopes.find((s) => !SCOPE_TOKEN.test(s));
  if (bad !== undefined) throw new UsageError(`--scopes: ${JSON.stringify(bad)} is not a scope-token (RFC 6749 §3.3)`);
  return [...new Set(scopes)];
}

function parseTarget(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--target is not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--target must be http:// or https://, got ${url.protocol}`);
  if (url.search || url.hash) throw new UsageError('--target must not carry a query or fragment');
  return url.toString().replace(/\/+$/, '');
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: joinEndpointWords(argv), options: SPEC, allowPositionals: false, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, ''));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  // The matrix hands an interop target's demo credentials over in the environment, never on argv.
  const username = v.username ?? (env.BEARER_CONFORMANCE_USERNAME || undefined);
  const password = v.password ?? (env.BEARER_CONFORMANCE_PASSWORD || undefined);
  if ((username === undefined) !== (password === undefined)) throw new UsageError('--username and --password go together');
  if (v.token !== undefined && username !== undefined) throw new UsageError('give either --token or --username/--password, not both');
  if (v.token === '') throw new UsageError('--token is empty');
  if (v.deep !== undefined && v['all-operations']) throw new UsageError('give either --deep N or --all-operations, not both');
  const endpoints = (v.endpoint ?? []).map(parseEndpoint);
  const unsafe = endpoints.filter((e) => !SAFE_METHODS.has(e.method));
  if (unsafe.length && !v['allow-unsafe-methods'])
    throw new UsageError(`--endpoint ${unsafe.map((e) => `"${e.method} ${e.path}"`).join(', ')}: not a safe method; pass --allow-unsafe-methods to send requests to it`);
  return {
    target: parseTarget(v.target),
    profile: v.profile ?? DEFAULTS.profile,
    endpoints,
    openapi: v.openapi ?? DEFAULTS.openapi,
    docs: v.docs ?? DEFAULTS.docs,
    token: v.token ?? (env.BEARER_CONFORMANCE_TOKEN || undefined),
    username,
    password,
    suites: parseSuites(v.suites, v['no-docs'] ?? false),
    strict: v.strict ?? false,
    seed: integer('seed', v.seed, 0, 2 ** 31 - 1),
    fuzzRuns: integer('fuzz-runs', v['fuzz-runs'], 0, 10_000_000) ?? DEFAULTS.fuzzRuns,
    fuzzTimeS: integer('fuzz-time', v['fuzz-time'], 1, 86_400) ?? DEFAULTS.fuzzTimeS,
    fuzzThreads: integer('fuzz-threads', v['fuzz-threads'], 1, 8) ?? 1,
    timeoutMs: integer('timeout', v.timeout, 1, 600_000) ?? DEFAULTS.timeoutMs,
    rate: integer('rate', v.rate, 1),
    maxRequests: integer('max-requests', v['max-requests'], 1) ?? 0,
    reportDir: v.report ?? DEFAULTS.reportDir,
    baseline: v.baseline,
    updateBaseline: v['update-baseline'] ?? false,
    allowUnsafeMethods: v['allow-unsafe-methods'] ?? false,
    insecure: v.insecure ?? false,
    allowCdn: v['allow-cdn'] ?? false,
    oracle: parseOracle(v.oracle),
    shard: parseShard(v.shard),
    list: v.list ?? false,
    only: parseOnly(v.only),
    ...(v.scopes !== undefined ? { scopes: parseScopes(v.scopes) } : {}),
    verbose: v.verbose ?? false,
    deep: integer('deep', v.deep, 1, 1000) ?? DEFAULT_DEEP,
    allOperations: v['all-operations'] ?? false,
  };
}
