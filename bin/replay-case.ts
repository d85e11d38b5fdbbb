// Which recorded request a failing result holds, and by which rule its answer is judged again: the
// same rule the run used (the model under the recorded profile and oracle, or the fuzz property).
// A result with no single recorded request to re-send is "could not test", with the reason.
import { failsRun } from '../suites/reporters/report.ts';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import type { Result } from '../suites/results.ts';
import { resolveProfile } from '../suites/model/profiles.ts';
import type { ProfileName } from '../suites/model/types.ts';
import { NEVER_ISSUED_ID } from '../suites/checks/never-issued.ts';
import { responseShapeRules } from '../suites/checks/shape.ts';
import type { ShapeRule } from '../suites/checks/shape.ts';
import { SHAPE_PROBES } from '../suites/headers/run.ts';
import { serializeRequest } from '../suites/transport/wire.ts';
import { escapeBytes } from '../suites/evidence.ts';
import { DIFFERENTIAL_IDS, VALID_TOKEN_VARIANTS } from '../suites/fuzz/requirements.ts';
import { parseRecorded, unescapeBytes } from './replay-request.ts';
import type { RecordedRequest } from './replay-request.ts';
import { baseId } from '../suites/catalogue/select.ts';

/** How an answer is judged again. */
export type ReplayRule =
  /** the model's prediction for the request (headers cases, the fuzz differential properties) */
  | { kind: 'model'; profile: ProfileName; echo: boolean; validToken: boolean }
  /** headers.never-issued-token: 401 with a Bearer challenge */
  | { kind: 'never-issued'; profile: ProfileName }
  /** a shape rule (suites/checks/shape.ts) on the 401s of the shape probes */
  | { kind: 'shape'; rule: ShapeRule }
  | { kind: 'no-5xx' }
  | { kind: 'answers' };

export interface ReplayCase {
  id: string;
  level: Result['level'];
  /** the requests to send, each judged by the rule; the check is fixed when every answer is */
  recorded: RecordedRequest[];
  rule: ReplayRule;
}

export interface NotReplayable {
  id: string;
  level: Result['level'];
  reason: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Why whole suites cannot be replayed request by request. */
const SUITE_REASONS: Partial<Record<Result['suite'], string>> = {
  docs: 'a docs-suite check is judged in a browser (Swagger UI page, Authorize dialog), not on one recorded request: run the docs suite again (--suites docs)',
  openapi: 'an openapi-suite check is judged on the OpenAPI document or on several token-endpoint exchanges, not on one recorded request: run the openapi suite again (--suites openapi)',
};

function profileOf(name: string | undefined): ProfileName | undefined {
  try {
    return name === undefined ? undefined : resolveProfile(name);
  } catch {
    return undefined;
  }
}

interface Found {
  /** escaped request bytes, as the evidence holds them */
  bytes?: string[];
  rule?: ReplayRule;
  reason?: string;
}


/** A headers-suite result: the exchange (or the unanswered request) and the oracle it was judged with. */
function headersRule(r: Result, profile: ProfileName | undefined): Found {
  const e = r.evidence;
  const bytes = str(obj(e.exchange)?.request) ?? str(obj(e.request)?.bytes);
  if (!profile) return { reason: 'the result records no profile it was judged under' };
  if (baseId(r.id) === NEVER_ISSUED_ID) return { bytes: bytes === undefined ? [] : [bytes], rule: { kind: 'never-issued', profile } };
  const shape = responseShapeRules(profile).find((rule) => rule.requirement.id === baseId(r.id));
  if (shape) return shapeRule(r, shape);
  if (e.modelRequirement === undefined) return { reason: 'no recorded request to re-send' };
  const oracle = obj(e.oracle);
  return { bytes: bytes === undefined ? [] : [bytes], rule: { kind: 'model', profile, echo: oracle?.echo === true, validToken: oracle?.validToken === true } };
}

/**
 * A shape rule is judged on every shape probe's 401; the run stops at the first that breaks it, so
 * its evidence may hold fewer. Every probe is sent again, to the endpoint of the recorded one: the
 * probes carry no token, so they are the bytes the run sent.
 */
function shapeRule(r: Result, rule: ShapeRule): Found {
  const first = Array.isArray(r.evidence.exchanges) ? str(obj(r.evidence.exchanges[0])?.request) : undefined;
  const recorded = first === undefined ? undefined : parseRecorded(unescapeBytes(first));
  if (recorded === undefined || typeof recorded === 'string') return { reason: recorded ?? 'no recorded request to re-send' };
  const url = `http://replay.invalid${recorded.requestTarget}`;
  const bytes = SHAPE_PROBES.map((p) => escapeBytes(serializeRequest({ method: recorded.method, url, lines: p.request.lines })));
  return { bytes, rule: { kind: 'shape', rule } };
}

/** A fuzz result: its shrunk counterexample, judged by the property that failed. */
function fuzzRule(r: Result): Found {
  const fuzz = obj(r.evidence.fuzz);
  const bytes = str(obj(r.evidence.counterexample)?.bytes);
  const base = baseId(r.id);
  const found = (rule: ReplayRule): Found => ({ bytes: bytes === undefined ? [] : [bytes], rule });
  if (base === 'fuzz.no-5xx') return found({ kind: 'no-5xx' });
  if (base === 'fuzz.answers-in-time') return found({ kind: 'answers' });
  if (!([...DIFFERENTIAL_IDS, VALID_TOKEN_VARIANTS.id] as string[]).includes(base)) return { reason: `no replay rule for ${base}` };
  const profile = profileOf(str(fuzz?.profile));
  if (!profile) return { reason: 'the result records no profile it was judged under' };
  const oracle = str(fuzz?.oracle);
  // The echo oracle of a valid-token run is recorded beside the oracle's kind (fuzz/session.ts summary).
  const echo = oracle === 'echo' || (oracle === 'valid-token' && fuzz?.echo === true);
  if (oracle === 'valid-token' && typeof fuzz?.echo !== 'boolean') return { reason: 'the report does not record whether the endpoint echoed the token (written by an older version): run the fuzz suite again' };
  return found({ kind: 'model', profile, echo, validToken: oracle === 'valid-token' });
}

export function replayCase(r: Result, report: ConformanceReport): ReplayCase | NotReplayable {
  const suiteReason = SUITE_REASONS[r.suite];
  if (suiteReason) return { id: r.id, level: r.level, reason: suiteReason };
  const found = r.suite === 'fuzz' ? fuzzRule(r) : headersRule(r, profileOf(str(r.evidence.profile) ?? report.profile));
  if (!found.rule) return { id: r.id, level: r.level, reason: found.reason ?? 'no replay rule' };
  if (!found.bytes?.length) return { id: r.id, level: r.level, reason: 'the result holds no recorded request (the check failed before sending it)' };
  const recorded = found.bytes.map((b) => parseRecorded(unescapeBytes(b)));
  const problem = recorded.find((x) => typeof x === 'string');
  if (typeof problem === 'string') return { id: r.id, level: r.level, reason: problem };
  return { id: r.id, level: r.level, recorded: recorded as RecordedRequest[], rule: found.rule };
}

/**
 * The results to replay: those named by --id (a full id, or an id without its ` [METHOD /path]`
 * suffix for every endpoint), else every failure that failed the recorded run.
 */
export function selectResults(report: ConformanceReport, ids: string[]): Result[] | { unknown: string[] } {
  if (!ids.length) return report.results.filter((r) => failsRun(r, report.strict));
  const matches = (r: Result, id: string) => r.id === id || baseId(r.id) === id;
  const unknown = ids.filter((id) => !report.results.some((r) => matches(r, id)));
  if (unknown.length) return { unknown };
  return report.results.filter((r) => ids.some((id) => matches(r, id)));
}
