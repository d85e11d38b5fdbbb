// Whitespace as the HTTP grammar spells it. SP and HTAB are the only whitespace a field value may
// hold; where they may appear differs by rule, which is what the fuzzer probes.
import fc from 'fast-check';
import { concatMapper } from './concat.ts';

const SP = ' ';
const HTAB = '\t';

/** @internal */
export function spacesMapper(count: number): string {
  return SP.repeat(count);
}

// OWS = *( SP / HTAB )                                              (RFC 9110 §5.6.3)
export function ows(maxLength = 4): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(SP, HTAB), { maxLength }).map(concatMapper);
}

// RWS = 1*( SP / HTAB )                                             (RFC 9110 §5.6.3)
export function rws(maxLength = 4): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(SP, HTAB), { minLength: 1, maxLength }).map(concatMapper);
}

// credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]     (RFC 9110 §11.4)
// The separator after the scheme is 1*SP: one SP is canonical, more is still valid.
export function spRun(max = 6): fc.Arbitrary<string> {
  return fc.integer({ min: 1, max }).map(spacesMapper);
}
