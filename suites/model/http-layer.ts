// The HTTP layer (RFC 9110 §5.5, RFC 9112 §5): from the raw header lines to the Authorization
// values an application sees, plus what the layer may (or must) do instead: answer 400/431 itself.
import { isCtl, isNulCrLf, isOws, isToken, trimOws, trimOwsEnd, trimOwsStart } from './grammar.ts';

/** Ordered strongest first: the first finding of a request is the one that can decide it. */
export const HTTP_RULES = [
  'http.space-before-colon',
  'http.nul-cr-lf',
  'http.obs-fold',
  'http.ows-trim',
  'http.ctl',
  'http.field-line-syntax',
  'http.oversize',
] as const;

export type HttpRuleId = (typeof HTTP_RULES)[number];

/**
 * Heads up to this size must be served. Beyond it a 400 or 431 is also acceptable: servers pick
 * their own limit (h11 16 KiB, ground truth §3; Node 16 KiB), and 8 KiB is the smallest common one.
 */
const HEAD_LIMIT_BYTES = 8192;

export interface HeadReading {
  /** The HTTP-layer rules this request touches, in HTTP_RULES order, under any reading. */
  findings: HttpRuleId[];
  /** The HTTP layer may answer 400 (or 431) itself instead of passing the request on. */
  mayReject: boolean;
  /** The request must never reach the application: every reading of it must be refused. */
  mustReject: boolean;
  /** Authorization field values in order, as the application sees them when the request gets through. */
  authorization: string[];
  /**
   * The values under the other readings a conformant HTTP layer may take, where they differ:
   * h11 keeps the OWS before an obs-fold (`Bearer ␠⏎␠␠aa=` → `Bearer  aa=`), and ends a line at a
   * bare LF (`Bearer aaa␊` CRLF → `Bearer aaa`, the head ends there).
   */
  alternatives: string[][];
}

/** How obs-fold becomes SP: the whole `OWS CRLF RWS` as one SP, or (h11) only `CRLF RWS`. */
type Unfolding = 'whole-fold' | 'keep-leading-ows';

/**
 * Where a line ends. RFC 9112 §2.2: "Although the line terminator for the start-line and fields
 * is the sequence CRLF, a recipient MAY recognize a single LF as a line terminator and ignore any
 * preceding CR." So a bare LF is either a byte of the value (then RFC 9110 §5.5: reject, or
 * replace it with SP) or a line end: what follows it is a field line of its own, an obs-fold
 * continuation when it starts with SP/HTAB, or, when empty, the end of the head.
 */
type LineEnd = 'crlf' | 'crlf-or-lf';

const READINGS: readonly [LineEnd, Unfolding][] = [
  ['crlf', 'whole-fold'], ['crlf', 'keep-leading-ows'], ['crlf-or-lf', 'whole-fold'], ['crlf-or-lf', 'keep-leading-ows'],
];

interface FieldLine {
  name: string;
  /** the value after the colon, then each obs-fold continuation line */
  parts: string[];
}

interface Reading {
  found: Set<HttpRuleId>;
  authorization: string[];
}

export function readHead(lines: readonly string[]): HeadReading {
  const readings = readingsOf(lines);
  const found = new Set(readings.flatMap((r) => [...r.found]));
  if (lines.reduce((n, l) => n + l.length, 0) > HEAD_LIMIT_BYTES) found.add('http.oversize');
  const findings = HTTP_RULES.filter((r) => found.has(r));
  const served = readings.filter((r) => !r.found.has('http.space-before-colon'));
  const authorization = (served[0] ?? readings[0]!).authorization;
  const seen = new Set([JSON.stringify(authorization)]);
  const alternatives = served.map((r) => r.authorization).filter((v) => !seen.has(JSON.stringify(v)) && seen.add(JSON.stringify(v)));
  return {
    findings,
    mayReject: findings.some((r) => r !== 'http.ows-trim'),
    mustReject: served.length === 0,
    authorization,
    alternatives,
  };
}

/**
 * The request under each of READINGS. Readings that cannot differ share one result (it is the
 * model's cost per fuzz request): without a bare LF both line ends split the same, and without a
 * continuation line both unfoldings read the same.
 */
function readingsOf(lines: readonly string[]): Reading[] {
  const bareLf = lines.some((l) => l.includes('\n'));
  const crlf = headLines(lines, 'crlf');
  const splits = { crlf, 'crlf-or-lf': bareLf ? headLines(lines, 'crlf-or-lf') : crlf };
  const read = new Map<string, Reading>();
  return READINGS.map(([lineEnd, unfolding]) => {
    const split = splits[lineEnd];
    const key = `${split === crlf ? 'crlf' : lineEnd} ${split.some((l) => isOws(l[0])) ? unfolding : 'whole-fold'}`;
    let reading = read.get(key);
    if (!reading) read.set(key, (reading = readAs(split, unfolding)));
    return reading;
  });
}

/**
 * The lines of the head as a recipient splits them. The transport ends each of `lines` with CRLF;
 * an empty line ends the head, and the bytes after it are not part of this request.
 */
function headLines(lines: readonly string[], lineEnd: LineEnd): string[] {
  const split = lines.map((l) => l + '\r\n').join('').split(lineEnd === 'crlf' ? '\r\n' : /\r?\n/);
  split.pop();
  const end = split.indexOf('');
  return end < 0 ? split : split.slice(0, end);
}

function readAs(lines: readonly string[], unfolding: Unfolding): Reading {
  const found = new Set<HttpRuleId>();
  const fields = splitFields(lines, found);
  const authorization = fields.filter((f) => f.name.toLowerCase() === 'authorization').map((f) => authorizationValue(f, found, unfolding));
  for (const f of fields.filter((f) => f.name.toLowerCase() !== 'authorization')) fieldValue(f, found);
  return { found, authorization };
}

/**
 * Field lines with their continuations. A line that is not `token ":" …` is dropped (a lenient
 * server ignores it); so is a continuation with no field line before it in `lines`, because the
 * transport sends Host first and the continuation folds into that.
 */
function splitFields(lines: readonly string[], found: Set<HttpRuleId>): FieldLine[] {
  const fields: FieldLine[] = [];
  let current: FieldLine | undefined;
  for (const line of lines) {
    if (isOws(line[0])) {
      found.add('http.obs-fold');
      current?.parts.push(line);
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    current = undefined;
    if (colon > 0 && isOws(name[name.length - 1])) found.add('http.space-before-colon');
    else if (colon < 0 || !isToken(name)) found.add('http.field-line-syntax');
    else fields.push((current = { name, parts: [line.slice(colon + 1)] }));
  }
  return fields;
}

/** The field value before OWS trimming: folds unfolded, NUL/CR/LF replaced, CTLs noted. */
function fieldValue(field: FieldLine, found: Set<HttpRuleId>, unfolding: Unfolding = 'whole-fold'): string {
  // obs-fold = OWS CRLF RWS (RFC 9112 §5.2), replaced "with one or more SP octets".
  const unfolded = field.parts.reduce((value, next) => `${unfolding === 'whole-fold' ? trimOwsEnd(value) : value} ${trimOwsStart(next)}`);
  let nulCrLf = false;
  for (let i = 0; i < unfolded.length; i++) {
    const ch = unfolded[i]!;
    if (isNulCrLf(ch)) nulCrLf = true;
    else if (ch !== '\t' && isCtl(ch)) found.add('http.ctl');
  }
  if (!nulCrLf) return unfolded;
  found.add('http.nul-cr-lf');
  return [...unfolded].map((ch) => (isNulCrLf(ch) ? ' ' : ch)).join('');
}

/** One SP after the colon is how everyone writes it; any other leading or trailing OWS is trimmed. */
function authorizationValue(field: FieldLine, found: Set<HttpRuleId>, unfolding: Unfolding): string {
  const value = fieldValue(field, found, unfolding);
  const trimmed = trimOws(value);
  if (value !== trimmed && value !== ' ' + trimmed) found.add('http.ows-trim');
  return trimmed;
}
