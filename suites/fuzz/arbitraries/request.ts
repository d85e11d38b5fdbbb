// The top-level arbitrary: a request's Authorization lines (RawRequest.lines), weighted so that
// most requests are interesting and canonical ones still appear.
import fc from 'fast-check';
import type { RawRequest } from '../../model/types.ts';
import { canonicalCredentials } from './credentials.ts';
import { FIELD_NAME, authorizationLine, duplicateAuthorization, foldedAuthorization, singleLineMapper, spaceBeforeColon } from './field-line.ts';

/** @internal */
export function requestMapper(lines: string[]): RawRequest {
  return { lines };
}

/** @internal `Authorization: <credentials>` exactly as clients write it. */
export function canonicalLineMapper(credentials: string): string[] {
  return [`${FIELD_NAME}: ${credentials}`];
}

/** The shapes of a request's Authorization lines, with how often each is drawn. */
export const REQUEST_KINDS = {
  canonical: { weight: 8, arbitrary: () => canonicalCredentials().map(canonicalLineMapper) },
  single: { weight: 70, arbitrary: () => authorizationLine().map(singleLineMapper) },
  missing: { weight: 3, arbitrary: () => fc.constant<string[]>([]) },
  duplicate: { weight: 9, arbitrary: duplicateAuthorization },
  folded: { weight: 8, arbitrary: foldedAuthorization },
  spaceBeforeColon: { weight: 2, arbitrary: () => spaceBeforeColon().map(singleLineMapper) },
} as const satisfies Record<string, { weight: number; arbitrary: () => fc.Arbitrary<string[]> }>;

// request = the Authorization field lines of one request: none, one, several, folded.
export function authorizationRequest(): fc.Arbitrary<RawRequest> {
  return fc.oneof(...Object.values(REQUEST_KINDS).map(({ weight, arbitrary }) => ({ weight, arbitrary: arbitrary() }))).map(requestMapper);
}
