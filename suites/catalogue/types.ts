// A header case of the catalogue: what is sent, as data. What is expected comes from the model
// for the chosen profile, so the same case is judged differently under `documented` and `fastapi`.
import type { RawRequest } from '../model/types.ts';

export interface HeaderCase {
  /** stable id, never positional */
  id: string;
  /** what is sent, for the title: "`Bearer` with no token" */
  sends: string;
  /**
   * The request. In every textual part of it (header lines, the query), `{token}` is the token under
   * test (a demo b64token, or the user's real token in valid-token mode), `{token-swapcase}` the
   * same with letter case swapped, and `{x*N}` N bytes of "x". See expandRequest.
   */
  request: RawRequest;
}

/** The demo token: RFC 6750 §2.1's example, a b64token with every class of character. */
export const DEMO_TOKEN = 'mF_9.B5f-4.1JqM';

/** Any placeholder left in a request after expansion is a catalogue bug (the target would see it literally). */
export const PLACEHOLDER = /\{(?:token|token-swapcase|x\*\d+)\}/;

function swapCase(s: string): string {
  return [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

/** Placeholders replaced; `encode` turns a substituted value into the bytes its context needs. */
function expandText(text: string, token: string, encode: (value: string) => string): string {
  return text
    .replaceAll('{token}', encode(token))
    .replaceAll('{token-swapcase}', encode(swapCase(token)))
    .replace(/\{x\*(\d+)\}/g, (_, n: string) => 'x'.repeat(Number(n)));
}

/** A header line: the token goes in verbatim (a b64token needs no escaping in a field value). */
export function expandLine(line: string, token: string): string {
  return expandText(line, token, (v) => v);
}

/**
 * Every textual part of the request. The query is application/x-www-form-urlencoded (RFC 6750 §2.3
 * sends `access_token` that way), so a token's `+`, `/` and `=` are percent-encoded there: a raw `+`
 * would reach the target as a space.
 */
export function expandRequest(request: RawRequest, token: string): RawRequest {
  return {
    ...request,
    lines: request.lines.map((l) => expandLine(l, token)),
    ...(request.query === undefined ? {} : { query: expandText(request.query, token, encodeURIComponent) }),
  };
}
