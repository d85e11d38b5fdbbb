// Control bytes. Strings are latin-1: one char is one byte on the wire.
import fc from 'fast-check';

/** Every CTL a header line can carry: CR and LF are left out because they end the line. */
export const WIRE_CTLS: readonly string[] = [
  ...Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)).filter((c) => c !== '\t' && c !== '\r' && c !== '\n'),
  '\x7f',
];

// CTL = %x00-1F / %x7F                                              (RFC 5234 B.1)
// minus HTAB (RFC 9110 §5.5 allows it inside field content) and CR / LF (see bareCrOrLf).
export function ctl(): fc.Arbitrary<string> {
  return fc.constantFrom(...WIRE_CTLS);
}

// "a recipient of CR, LF, or NUL within a field value MUST either reject the message or replace
// each of those characters with SP"                                 (RFC 9110 §5.5)
// A bare CR or LF inside a value is a deliberate case: on the wire it may end the line.
export function bareCrOrLf(): fc.Arbitrary<string> {
  return fc.constantFrom('\r', '\n');
}
