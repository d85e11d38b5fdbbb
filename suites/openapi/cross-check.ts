// The document against behaviour: one request without credentials per operation, then three
// judgements per operation (secured but answers 2xx; public but answers 401; secured but no 401
// documented). Planning and judging are pure; runCrossCheck does the I/O.
import type { Dispatcher } from 'undici';
import { CheckFailure, CouldNotTest, NotApplicable } from '../checks/failures.ts';
import { verdictOf } from '../checks/verdict.ts';
import type { ProfileName } from '../model/types.ts';
import type { Evidence, Verdict } from '../results.ts';
import { makeAgent, requestTarget } from '../transport/http.ts';
import { effectiveSecurity, label, operations, securingSchemes } from './document.ts';
import type { Operation } from './document.ts';
import { failure } from './failure.ts';
import { fillPath, operationParameters } from './parameters.ts';
import type { Parameter } from './parameters.ts';
import { mapConcurrent } from '../concurrent.ts';

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
const BODY_PREVIEW_BYTES = 1024;
const DEFAULT_CONCURRENCY = 4;

export interface PlannedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export interface PlannedOperation {
  method: string;
  path: string;
  operationId?: string;
  /** "GET /items/{id}" */
  label: string;
  /** the schemes of the effective security; empty when the operation is public */
  securedBy: string[];
  /** the response keys the document lists, e.g. ["200", "422"] */
  documentedResponses: string[];
  /** the request to send, or why none is sent */
  request?: PlannedRequest;
  skip?: string;
}

export interface CrossCheckOptions {
  /** also probe POST, PUT, PATCH, DELETE, TRACE (off by default) */
  allowUnsafeMethods?: boolean;
}

function whyNotSendable(o: Operation, params: readonly Parameter[], opts: CrossCheckOptions): string | undefined {
  if (!SAFE_METHODS.has(o.method) && !opts.allowUnsafeMethods) return `${o.method} is not a safe method; pass --allow-unsafe-methods to probe it`;
  const missing = params.find((p) => p.required && p.value === undefined);
  if (missing) return `no value can be built for the required ${missing.in} parameter ${JSON.stringify(missing.name)}`;
  const required = params.filter((p) => p.required);
  if (required.some((p) => p.in === 'cookie')) return 'it requires a cookie parameter';
  if (required.some((p) => p.in === 'header' && p.name.toLowerCase() === 'authorization')) return 'it declares Authorization as a header parameter, so a request without credentials cannot reach it';
  if (o.op.requestBody !== undefined && (o.op.requestBody as { required?: unknown }).required === true) return 'it requires a request body, and a request without one would be judged on validation, not on security';
  return undefined;
}

function buildRequest(o: Operation, params: readonly Parameter[], baseUrl: string): PlannedRequest {
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const p of params.filter((x) => x.required && x.value !== undefined)) {
    if (p.in === 'query') query.append(p.name, p.value!);
    if (p.in === 'header') headers[p.name.toLowerCase()] = p.value!;
  }
  const search = query.size > 0 ? `?${query.toString()}` : '';
  return { method: o.method, url: `${baseUrl.replace(/\/+$/, '')}${fillPath(o.path, params)}${search}`, headers };
}

/** One planned probe per operation of the document, in document order. */
export function planCrossCheck(doc: unknown, baseUrl: string, opts: CrossCheckOptions = {}): PlannedOperation[] {
  return operations(doc).map((o) => {
    const params = operationParameters(doc, o.item, o.op);
    const responses = o.op.responses;
    const planned: PlannedOperation = {
      method: o.method, path: o.path, label: label(o), ...(o.operationId ? { operationId: o.operationId } : {}),
      securedBy: securingSchemes(effectiveSecurity(doc, o.op)),
      documentedResponses: responses && typeof responses === 'object' && !Array.isArray(responses) ? Object.keys(responses) : [],
    };
    const skip = whyNotSendable(o, params, opts);
    return skip ? { ...planned, skip } : { ...planned, request: buildRequest(o, params, baseUrl) };
  });
}

export interface ProbeResponse {
  status: number;
  headers: Record<string, string>;
  /** the first KiB of the body */
  body: string;
}

/** What came of one planned probe: a response, a transport problem, or nothing (skipped). */
export interface CrossCheckExchange {
  op: PlannedOperation;
  response?: ProbeResponse;
  error?: CouldNotTest;
}

async function probe(op: PlannedOperation, dispatcher: ReturnType<typeof makeAgent>, timeoutMs: number): Promise<CrossCheckExchange> {
  if (!op.request) return { op };
  const { method, url, headers } = op.request;
  try {
    const res = await requestTarget(url, { method: method as Dispatcher.HttpMethod, headers, dispatcher, timeoutMs, maxBytes: BODY_PREVIEW_BYTES, truncate: true });
    return { op, response: { status: res.status, headers: res.headers, body: res.body.toString('utf8') } };
  } catch (err) {
    return { op, error: new CouldNotTest(`${op.label}: ${method} ${url}: ${(err as Error).message}`, { cause: err }) };
  }
}

/** Sends the planned probes, at most `concurrency` at a time; a timeout is CouldNotTest for that operation only. */
export async function runCrossCheck(plan: readonly PlannedOperation[], opts: { timeoutMs: number; insecure?: boolean; concurrency?: number }): Promise<CrossCheckExchange[]> {
  const dispatcher = makeAgent(opts.insecure ?? false);
  try {
    return await mapConcurrent(plan, opts.concurrency ?? DEFAULT_CONCURRENCY, (op) => probe(op, dispatcher, opts.timeoutMs));
  } finally {
    await dispatcher.close();
  }
}

interface CrossCheck {
  id: string;
  /** throws NotApplicable when the judgement does not concern this operation */
  applies: (op: PlannedOperation) => void;
  /** `response` is undefined only for checks that read the document alone */
  check: (op: PlannedOperation, response: ProbeResponse | undefined, profile: ProfileName) => void;
  needsResponse: boolean;
}

function requireSecured(op: PlannedOperation): void {
  if (op.securedBy.length === 0) throw new NotApplicable(`the document declares ${op.label} public`);
}

function requirePublic(op: PlannedOperation): void {
  if (op.securedBy.length > 0) throw new NotApplicable(`the document declares ${op.label} secured by ${op.securedBy.join(', ')}`);
}

function checkSecuredRefuses(op: PlannedOperation, res: ProbeResponse | undefined, profile: ProfileName): void {
  const { status } = res!;
  if (status === 401 || status === 403) return;
  if (status < 200 || status > 299) throw new NotApplicable(`${op.label} answered ${status} without credentials, which neither grants nor refuses access`);
  throw failure('openapi.secured-requires-credentials', profile, {
    expected: ['401', '403'], actual: `${status}`,
    message: `${op.label} is declared secured by ${op.securedBy.join(', ')} but answered ${status} to ${op.request!.method} ${op.request!.url} without credentials`,
  });
}

function checkPublicOpen(op: PlannedOperation, res: ProbeResponse | undefined, profile: ProfileName): void {
  if (res!.status !== 401) return;
  throw failure('openapi.under-declared', profile, {
    expected: ['no 401 for an operation without security'], actual: '401',
    message: `${op.label} answered 401 without credentials but the document declares no security for it: Swagger UI shows no lock and its Try it out sends no token`,
  });
}

const DOCUMENTS_401 = /^(401|4xx|default)$/i;

function check401Documented(op: PlannedOperation, _res: ProbeResponse | undefined, profile: ProfileName): void {
  if (op.documentedResponses.some((k) => DOCUMENTS_401.test(k))) return;
  throw failure('openapi.401-documented', profile, {
    expected: ['a 401, 4XX or default response'], actual: `responses ${op.documentedResponses.join(', ') || '(none)'}`,
    message: `${op.label} is secured by ${op.securedBy.join(', ')} but documents no 401 response (only ${op.documentedResponses.join(', ') || 'none'})`,
  });
}

/** In the order of CROSS_CHECK_REQUIREMENTS. */
export const CROSS_CHECKS: readonly CrossCheck[] = [
  { id: 'openapi.secured-requires-credentials', applies: requireSecured, check: checkSecuredRefuses, needsResponse: true },
  { id: 'openapi.under-declared', applies: requirePublic, check: checkPublicOpen, needsResponse: true },
  { id: 'openapi.401-documented', applies: requireSecured, check: check401Documented, needsResponse: false },
];

export interface CrossCheckFinding {
  id: string;
  operation: string;
  verdict: Verdict;
  message: string;
  /** set when the verdict is fail */
  expected?: string[];
  actual?: string;
  /** what was sent and what came back, for the evidence */
  request?: string;
  status?: number;
}

type Judged = Pick<CrossCheckFinding, 'verdict' | 'message' | 'expected' | 'actual'>;

/** A finding's verdict, by the one classifier every suite uses; its message stays the check's own. */
function judged(err: unknown): Judged {
  const verdict = verdictOf(err);
  if (verdict === undefined) throw err; // a harness fault: the spec's judge() reports it as such
  const failed = err instanceof CheckFailure ? { expected: err.expected, actual: err.actual } : {};
  return { verdict, message: (err as Error).message, ...failed };
}

function runOne(c: CrossCheck, ex: CrossCheckExchange, profile: ProfileName): void {
  c.applies(ex.op);
  if (!c.needsResponse) return c.check(ex.op, undefined, profile);
  if (ex.error) throw ex.error;
  if (!ex.response) throw new NotApplicable(`${ex.op.label} was not probed: ${ex.op.skip ?? 'no request'}`);
  c.check(ex.op, ex.response, profile);
}

/** The three judgements for one operation. */
export function judgeCrossCheck(ex: CrossCheckExchange, profile: ProfileName): CrossCheckFinding[] {
  const sent = ex.op.request ? `${ex.op.request.method} ${ex.op.request.url}` : undefined;
  return CROSS_CHECKS.map((c) => {
    let outcome: Judged = { verdict: 'pass', message: '' };
    try {
      runOne(c, ex, profile);
    } catch (err) {
      outcome = judged(err);
    }
    return { id: c.id, operation: ex.op.label, ...outcome, ...(sent ? { request: sent } : {}), ...(ex.response ? { status: ex.response.status } : {}) };
  });
}

/**
 * One requirement over every operation, as a check: fails when any operation fails, could not test
 * when one could not be probed, skips when none applied. Evidence lists every operation's finding.
 */
export function assertCrossCheck(id: string, findings: readonly CrossCheckFinding[], profile: ProfileName, evidence: Evidence): void {
  const mine = findings.filter((f) => f.id === id);
  evidence.operations = mine.map(({ operation, verdict, message, request: sent, status }) => ({ operation, verdict, message, request: sent, status }));
  const of = (v: Verdict) => mine.filter((f) => f.verdict === v);
  const summary = (list: CrossCheckFinding[]) => list.slice(0, 3).map((f) => f.message).join('; ') + (list.length > 3 ? ` (and ${list.length - 3} more)` : '');
  const failed = of('fail');
  if (failed.length > 0) {
    const actual = failed.map((f) => `${f.operation}: ${f.actual}`).join('; ');
    throw failure(id, profile, { expected: failed[0]!.expected ?? [], actual, message: summary(failed) });
  }
  if (of('error').length > 0) throw new CouldNotTest(summary(of('error')));
  if (of('pass').length === 0) throw new NotApplicable(mine.length === 0 ? 'the document has no operations' : `no operation applies: ${summary(mine)}`);
}
