// The sweep's results: one requirement per probe over every swept operation. It fails when any
// operation failed, naming each (the message, and evidence.operations with its exchange); it is
// `error` when one could not be probed; its evidence says which operations ran deep, and why.
import { CheckFailure, CouldNotTest, NotApplicable } from '../checks/failures.ts';
import { LEVELS } from '../model/types.ts';
import type { Level } from '../model/types.ts';
import type { Evidence } from '../results.ts';
import type { ProbeVerdict, SweptOperation } from './run.ts';
import type { Sampling } from './sample.ts';

/** Failing operations whose full exchange the evidence keeps; the rest are listed with their message. */
const EXCHANGES_KEPT = 20;

function strongest(levels: readonly Level[]): Level {
  return LEVELS.find((l) => levels.includes(l)) ?? 'INFO';
}

function summary(found: readonly { label: string; verdict: ProbeVerdict }[]): string {
  const shown = found.slice(0, 5).map((f) => f.verdict.message ?? f.label).join('; ');
  return found.length > 5 ? `${shown} (and ${found.length - 5} more operations: see evidence.operations)` : shown;
}

export function assertSweep(caseId: string, requirementId: string, sweep: readonly SweptOperation[], sampling: Sampling, evidence: Evidence): void {
  const found = sweep.flatMap((op) => op.probes.filter((p) => p.id === caseId).map((verdict) => ({ label: op.label, verdict })));
  const failed = found.filter((f) => f.verdict.verdict === 'fail');
  const errors = found.filter((f) => f.verdict.verdict === 'error');
  evidence.sampling = sampling;
  evidence.swept = { operations: found.length, pass: found.length - failed.length - errors.length, fail: failed.length, error: errors.length };
  evidence.operations = [...failed, ...errors].map((f, i) => ({
    operation: f.label, verdict: f.verdict.verdict, message: f.verdict.message, status: f.verdict.status, level: f.verdict.level,
    ...(i < EXCHANGES_KEPT && f.verdict.exchange ? { exchange: f.verdict.exchange } : {}),
  }));
  if (failed.length > 0) {
    throw new CheckFailure({
      requirementId, level: strongest(failed.map((f) => f.verdict.level ?? 'MUST')),
      expected: [`every swept operation answers as ${caseId} expects`],
      actual: `${failed.length} of ${found.length} operations did not: ${failed.slice(0, 10).map((f) => f.label).join(', ')}${failed.length > 10 ? ', …' : ''}`,
      message: summary(failed),
    });
  }
  if (errors.length > 0) throw new CouldNotTest(summary(errors));
  if (found.length === 0) throw new NotApplicable('no operation was swept with this request');
}
