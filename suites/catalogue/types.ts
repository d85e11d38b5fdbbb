// A header case of the catalogue: what is sent, as data. What is expected comes from the model
// for the chosen profile, so the same case is judged differently under `documented` and `fastapi`.
import type { RawRequest } from '../model/types.ts';

export interface HeaderCase {
  /** stable id, never positional */
  id: string;
  /** what is sent, for the title: "`Bearer` with no token" */
  sends: string;
  /**
   * The request. In header lines, `{token}` is the token under test (a demo b64token, or the
   * user's real token in valid-token mode), `{token-swapcase}` the same with letter case swapped,
   * and `{x*N}` N bytes of "x".
   */
  request: RawRequest;
}

/** The demo token: RFC 6750 §2.1's example, a b64token with every class of character. */
export const DEMO_TOKEN = 'mF_9.B5f-4.1JqM';

function swapCase(s: string): string {
  return [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

export function expandLine(line: string, token: string): string {
  return line
    .replaceAll('{token}', token)
    .replaceAll('{token-swapcase}', swapCase(token))
    .replace(/\{x\*(\d+)\}/g, (_, n: string) => 'x'.repeat(Number(n)));
}

export function expandRequest(request: RawRequest, token: string): RawRequest {
  return { ...request, lines: request.lines.map((l) => expandLine(l, token)) };
}
