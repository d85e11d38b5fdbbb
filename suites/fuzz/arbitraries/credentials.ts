// The Authorization field value: credentials, canonical and otherwise. Each arbitrary is one way
// of getting `"Bearer" 1*SP b64token` right or wrong; `authorizationValue` weighs them.
import fc from 'fast-check';
import { authParamList } from './auth-param.ts';
import { SCHEME, bearerScheme, nearMissScheme } from './auth-scheme.ts';
import { b64token, longB64token } from './b64token.ts';
import { bareCrOrLf, ctl } from './ctl.ts';
import { insertedAnywhere } from './insert.ts';
import { nonB64token } from './non-b64token.ts';
import { obsText, utf8Char } from './obs-text.ts';
import { token68 } from './token68.ts';
import { ows, spRun } from './whitespace.ts';
import { concatMapper } from './concat.ts';

/** @internal `Bearer <token>`: exactly one SP, as clients send it. */
export function canonicalMapper(credentials: string): string {
  return `${SCHEME} ${credentials}`;
}

/** @internal Several credentials on one line, as a recipient that combines field lines would see them (RFC 9110 §5.3). */
export function commaJoinMapper(values: readonly string[]): string {
  return values.join(', ');
}

// credentials = "Bearer" 1*SP b64token                              (RFC 6750 §2.1)
// exactly: "Bearer", one SP, a b64token (or a token68 encoding, the same character set).
export function canonicalCredentials(): fc.Arbitrary<string> {
  return fc.oneof(b64token(), token68()).map(canonicalMapper);
}

// "Bearer" in any letter case and 1*SP: still valid credentials (RFC 9110 §11.1, §11.4).
export function validCredentials(): fc.Arbitrary<string> {
  return fc.tuple(bearerScheme(), spRun(), fc.oneof(b64token(), token68())).map(concatMapper);
}

// A b64token of 1 to 16 KiB after `Bearer `.
export function longCredentials(): fc.Arbitrary<string> {
  return longB64token().map(canonicalMapper);
}

// A near-miss scheme, then (usually) 1*SP and a token: never the Bearer scheme.
export function nearMissCredentials(): fc.Arbitrary<string> {
  return fc.tuple(nearMissScheme(), fc.option(fc.tuple(spRun(), b64token()).map(concatMapper), { nil: '' })).map(concatMapper);
}

// "Bearer" followed by SP/HTAB runs other than 1*SP, or none, before the token: `Bearer\tabc`,
// `Bearer \tabc`, `Bearerabc`. Leading and trailing runs belong to the field line (OWS).
export function separatorVariants(): fc.Arbitrary<string> {
  const separator = fc.array(fc.constantFrom(' ', '\t'), { maxLength: 4 }).map(concatMapper);
  return fc.tuple(bearerScheme(), separator, b64token()).map(concatMapper);
}

// `Bearer` with no token: `Bearer`, `Bearer   `, `bearer\t` (b64token is 1*, RFC 6750 §2.1).
export function emptyToken(): fc.Arbitrary<string> {
  return fc.tuple(bearerScheme(), ows(4)).map(concatMapper);
}

// `Bearer ` and credentials that are not a b64token: `Bearer abc def`, `Bearer a=b`, `Bearer a,b`.
export function nonB64Credentials(): fc.Arbitrary<string> {
  return fc.tuple(bearerScheme(), spRun(2), nonB64token()).map(concatMapper);
}

// `Bearer ` and auth-params instead of a token: `Bearer realm="x"` (RFC 9110 §11.4 allows it; RFC 6750 does not).
export function authParamCredentials(): fc.Arbitrary<string> {
  return fc.tuple(bearerScheme(), spRun(2), authParamList()).map(concatMapper);
}

// A CTL inside, before or after the token, or in place of the separator: `Bearer a\x01bc`, `Bearer\x7fabc`.
export function ctlCredentials(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(bearerScheme(), spRun(2), insertedAnywhere(b64token(), ctl())).map(concatMapper),
    fc.tuple(bearerScheme(), ctl(), b64token()).map(concatMapper),
  );
}

// obs-text (1 to 8 bytes, or a UTF-8 character) inside, before or after the token: `Bearer \xe4bc`.
export function obsTextCredentials(): fc.Arbitrary<string> {
  const odd = fc.oneof(fc.array(obsText(), { minLength: 1, maxLength: 8 }).map(concatMapper), utf8Char());
  return fc.oneof(
    { arbitrary: fc.tuple(bearerScheme(), spRun(2), insertedAnywhere(b64token(), odd)).map(concatMapper), weight: 4 },
    { arbitrary: fc.tuple(bearerScheme(), obsText(), b64token()).map(concatMapper), weight: 1 },
  );
}

// A bare CR or LF inside the token (deliberate: on the wire it may end the line).
export function crOrLfCredentials(): fc.Arbitrary<string> {
  return fc.tuple(bearerScheme(), spRun(1), insertedAnywhere(b64token(), bareCrOrLf())).map(concatMapper);
}

// Two or three credentials on one line: `Bearer abc, Basic xyz`.
export function commaJoinedCredentials(): fc.Arbitrary<string> {
  return fc.array(fc.oneof(canonicalCredentials(), nearMissCredentials()), { minLength: 2, maxLength: 3 }).map(commaJoinMapper);
}

/** The kinds of Authorization value, with how often each is drawn: most are interesting, some canonical. */
export const VALUE_KINDS = {
  canonical: { weight: 12, arbitrary: canonicalCredentials },
  valid: { weight: 8, arbitrary: validCredentials },
  long: { weight: 3, arbitrary: longCredentials },
  nearMiss: { weight: 10, arbitrary: nearMissCredentials },
  separator: { weight: 8, arbitrary: separatorVariants },
  emptyToken: { weight: 5, arbitrary: emptyToken },
  emptyValue: { weight: 2, arbitrary: () => fc.constant('') },
  nonB64token: { weight: 10, arbitrary: nonB64Credentials },
  authParams: { weight: 4, arbitrary: authParamCredentials },
  ctl: { weight: 10, arbitrary: ctlCredentials },
  obsText: { weight: 18, arbitrary: obsTextCredentials },
  crOrLf: { weight: 1, arbitrary: crOrLfCredentials },
  commaJoined: { weight: 4, arbitrary: commaJoinedCredentials },
} as const satisfies Record<string, { weight: number; arbitrary: () => fc.Arbitrary<string> }>;

// field-value of Authorization: credentials                        (RFC 9110 §11.6.2)
// drawn from every kind above, by weight.
export function authorizationValue(): fc.Arbitrary<string> {
  return fc.oneof(...Object.values(VALUE_KINDS).map(({ weight, arbitrary }) => ({ weight, arbitrary: arbitrary() })));
}
