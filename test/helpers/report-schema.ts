// Every report the tests read goes through here: it is parsed and validated against the published
// schema (schemas/*.schema.json), so a renamed or dropped member fails whichever test reads it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { ConformanceReport } from '../../suites/reporters/report.ts';
import type { MatrixReport } from '../../bin/matrix-report.ts';
import { REPORT_SCHEMA_FILE } from '../../suites/reporters/schemas.ts';
import { ROOT } from './root.ts';

type Kind = keyof typeof REPORT_SCHEMA_FILE;

export function loadSchema(kind: Kind): { $id: string } & Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(ROOT, REPORT_SCHEMA_FILE[kind]), 'utf8')) as { $id: string };
}

const validators = new Map<Kind, ValidateFunction>();

function validator(kind: Kind): ValidateFunction {
  let v = validators.get(kind);
  if (!v) {
    // strict: a typo in the schema itself (an unknown keyword) is an error, not a silently ignored rule.
    const ajv = new Ajv2020.default({ strict: true, allErrors: true });
    addFormats.default(ajv);
    v = ajv.compile(loadSchema(kind));
    validators.set(kind, v);
  }
  return v;
}

/** The schema's complaints about `report`, one line each ("/results/0: must have required property 'verdict'"); empty when valid. */
export function schemaErrors(kind: Kind, report: unknown): string[] {
  const v = validator(kind);
  return v(report) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
}

export function assertValid(kind: Kind, report: unknown, where: string): void {
  const errors = schemaErrors(kind, report);
  if (errors.length) throw new Error(`${where} does not follow ${REPORT_SCHEMA_FILE[kind]}:\n  ${errors.slice(0, 10).join('\n  ')}`);
}

function readValid<T>(kind: Kind, file: string): T {
  const report = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  assertValid(kind, report, file);
  return report as T;
}

/** DIR/conformance.json (or a file path), parsed and validated. */
export function readConformanceJson(dirOrFile: string): ConformanceReport {
  return readValid('conformance', dirOrFile.endsWith('.json') ? dirOrFile : path.join(dirOrFile, 'conformance.json'));
}

/** DIR/matrix.json, parsed and validated. */
export function readMatrixJson(dir: string): MatrixReport {
  return readValid('matrix', path.join(dir, 'matrix.json'));
}
