// Putting one string inside another at a generated position: how odd bytes get into tokens.
import fc from 'fast-check';

/** @internal `inserted` placed before character `at % (host.length + 1)` of `host`. */
export function insertMapper([host, inserted, at]: [string, string, number]): string {
  const position = at % (host.length + 1);
  return host.slice(0, position) + inserted + host.slice(position);
}

/** `host` with `inserted` somewhere in it: at the start, inside, or at the end. */
export function insertedAnywhere(host: fc.Arbitrary<string>, inserted: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(host, inserted, fc.nat()).map(insertMapper);
}

/** @internal `inserted` strictly between two non-empty parts. */
export function betweenMapper([before, inserted, after]: [string, string, string]): string {
  return before + inserted + after;
}

/** `inserted` strictly inside: never first, never last. */
export function insertedInside(part: fc.Arbitrary<string>, inserted: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(part, inserted, part).map(betweenMapper);
}
