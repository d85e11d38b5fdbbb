// The mapper most arbitraries end with: generated parts, joined in order.

/** @internal */
export function concatMapper(parts: readonly string[]): string {
  return parts.join('');
}
