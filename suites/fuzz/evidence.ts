// What a fuzz failure leaves behind: the exact bytes, what the model expected and what the target
// did, the seed and fast-check path, and two ways to replay (the bytes, and the whole run).
import { escapeBytes, exchangeEvidence, requestEvidence } from '../evidence.ts';
import type { ExchangeEvidence } from '../evidence.ts';
import type { RequirementRef } from '../model/types.ts';
import type { Redactor } from '../redact.ts';
import type { Trial } from './trial.ts';

export interface TrialEvidence {
  /** the Authorization lines generated, escaped */
  lines: string[];
  /** the request exactly as the raw transport writes it, escaped */
  bytes: string;
  /** `printf '…' | nc host port`: sends those bytes */
  replay: string;
  /** the model's clause the response breaks (the deciding one, or a weaker one that explains it) */
  modelRequirement: string;
  modelLevel: string;
  rationale: string;
  expected: string[];
  actual: string;
  exchange?: ExchangeEvidence;
}

/** Runs of 32 or more of one character shown as `x…(4097 bytes)`, for messages (evidence keeps every byte). */
export function elideRuns(s: string): string {
  return s.replace(/(.)\1{31,}/g, (run, ch: string) => `${ch}…(${run.length} bytes)`);
}

/** "Authorization: Bearer \\xa7 ⏎ Authorization: x", with runs of one byte elided. */
export function describeLines(lines: readonly string[]): string {
  if (lines.length === 0) return '(no Authorization line)';
  return lines.map((l) => elideRuns(escapeBytes(l))).join(' ⏎ ');
}

export function expectedFor(trial: Trial, requirementId: string, timeoutMs: number): string[] {
  if (requirementId === 'fuzz.no-5xx') return ['any status below 500'];
  if (requirementId === 'fuzz.answers-in-time') return [`an HTTP response within ${timeoutMs} ms`];
  return trial.outcome.kind === 'answered' ? trial.outcome.judgement.expected : [];
}

function clauseOf(trial: Trial): RequirementRef {
  return (trial.outcome.kind === 'answered' ? trial.outcome.judgement.finding : undefined) ?? trial.prediction.requirement;
}

export function trialEvidence(trial: Trial, o: { requirementId: string; actual: string; timeoutMs: number; redactor: Redactor }): TrialEvidence {
  return {
    lines: trial.request.lines.map((l) => escapeBytes(o.redactor.text(l))),
    ...requestEvidence(trial.wire, o.redactor),
    modelRequirement: clauseOf(trial).id,
    modelLevel: clauseOf(trial).level,
    rationale: trial.prediction.rationale,
    expected: expectedFor(trial, o.requirementId, o.timeoutMs),
    actual: o.actual,
    ...(trial.outcome.kind === 'answered' ? { exchange: exchangeEvidence(trial.outcome.exchange, trial.wire.url, o.redactor) } : {}),
  };
}
