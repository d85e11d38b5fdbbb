// Authorization field lines as they go on the wire (latin-1, no CRLF): the name in any case, OWS
// around the value, obs-fold continuations, duplicates.
import fc from 'fast-check';
import { anyCase } from './auth-scheme.ts';
import { authorizationValue } from './credentials.ts';
import { ows, rws } from './whitespace.ts';

export const FIELD_NAME = 'Authorization';

/** @internal */
export function fieldLineMapper([name, before, value, after]: [string, string, string, string]): string {
  return `${name}:${before}${value}${after}`;
}

/** @internal The line cut at `at`: the head keeps the name and colon, the rest goes on a continuation line after RWS. */
export function foldMapper([line, at, trailing, leading]: [string, number, string, string]): string[] {
  const colon = line.indexOf(':') + 1;
  const cut = colon + (at % (line.length - colon + 1));
  return [line.slice(0, cut) + trailing, leading + line.slice(cut)];
}

/** @internal */
export function spaceBeforeColonMapper([line, space]: [string, string]): string {
  const colon = line.indexOf(':');
  return line.slice(0, colon) + space + line.slice(colon);
}

/** @internal */
export function singleLineMapper(line: string): string[] {
  return [line];
}

/** @internal */
export function flattenMapper(groups: readonly string[][]): string[] {
  return groups.flat();
}

// field-name = token, case-insensitive                              (RFC 9110 §5.1)
// `Authorization` as clients write it most of the time, else in any letter case.
export function fieldName(): fc.Arbitrary<string> {
  return fc.oneof({ weight: 4, arbitrary: fc.constant(FIELD_NAME) }, { weight: 1, arbitrary: anyCase(fc.constant(FIELD_NAME)) });
}

// field-line = field-name ":" OWS field-value OWS                   (RFC 9112 §5)
// One SP after the colon most of the time (as clients write it), else any OWS.
export function authorizationLine(value: fc.Arbitrary<string> = authorizationValue()): fc.Arbitrary<string> {
  const before = fc.oneof({ weight: 10, arbitrary: fc.constant(' ') }, { weight: 1, arbitrary: ows(3) });
  const after = fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 2, arbitrary: ows(3) });
  return fc.tuple(fieldName(), before, value, after).map(fieldLineMapper);
}

// obs-fold = OWS CRLF RWS                                           (RFC 9112 §5.2)
// One Authorization line folded onto a continuation line at a generated point of its value.
export function foldedAuthorization(): fc.Arbitrary<string[]> {
  return fc.tuple(authorizationLine(), fc.nat(), ows(1), rws(2)).map(foldMapper);
}

// A sender MUST NOT generate multiple field lines with the same name … (RFC 9110 §5.3):
// Authorization is a singleton, so 2 or 3 lines are malformed. Each line may itself be folded.
export function duplicateAuthorization(): fc.Arbitrary<string[]> {
  const group = fc.oneof({ weight: 6, arbitrary: authorizationLine().map(singleLineMapper) }, { weight: 1, arbitrary: foldedAuthorization() });
  return fc.array(group, { minLength: 2, maxLength: 3 }).map(flattenMapper);
}

// "A server MUST reject … any received request message that contains whitespace between a
// header field name and colon"                                      (RFC 9112 §5.1)
export function spaceBeforeColon(): fc.Arbitrary<string> {
  return fc.tuple(authorizationLine(), fc.constantFrom(' ', '\t')).map(spaceBeforeColonMapper);
}
