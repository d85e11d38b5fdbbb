// Targets for the oracles of issue 16: echoes that alter the token, and targets that validate
// tokens more or less well. Each is the correct documented target (header-mutants.ts) with one app.
import { correct, correctApp } from './header-mutants.ts';
import type { Behaviour } from './header-mutants.ts';
import type { MiniRequest, MiniResponse } from './mini-http.ts';

/** The valid token of these targets: not the demo token's length (15), so the two never-issued probes differ in shape. */
export const VALID_TOKEN = 'real-Token_123';

const INVALID_TOKEN: MiniResponse = {
  status: 401,
  headers: { 'www-authenticate': 'Bearer error="invalid_token"', 'content-type': 'application/json' },
  body: '{"detail":"Could not validate credentials"}',
};

type App = Behaviour['app'];

/** The token the correct app would authorize, or undefined when it refuses the request. */
function authorizedToken(v: string | undefined, r: MiniRequest, b: Behaviour): string | undefined {
  const res = correctApp(v, r, b);
  return typeof res === 'object' && res.status === 200 ? (JSON.parse(res.body!) as { token: string }).token : undefined;
}

/** The correct app, but a 2xx body reports `report(token)` instead of the token. */
export function echoing(report: (token: string) => unknown): Behaviour {
  const app: App = (v, r, b) => {
    const token = authorizedToken(v, r, b);
    if (token === undefined) return correctApp(v, r, b);
    return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: report(token) }) };
  };
  return { ...correct(), app };
}

/** The correct app, answering 401 invalid_token for every token `accepts` refuses. */
export function validating(accepts: (token: string) => boolean): Behaviour {
  const app: App = (v, r, b) => {
    const token = authorizedToken(v, r, b);
    return token === undefined || accepts(token) ? correctApp(v, r, b) : INVALID_TOKEN;
  };
  return { ...correct(), app };
}

export const TOKEN_TARGETS = {
  /** only VALID_TOKEN */
  strict: validating((t) => t === VALID_TOKEN),
  /** like PyJWT: base64url without its padding, so `<token>==` is the token */
  ignoresPadding: validating((t) => t.replace(/=+$/, '') === VALID_TOKEN),
  /** compares tokens case-insensitively */
  ignoresCase: validating((t) => t.toLowerCase() === VALID_TOKEN.toLowerCase()),
  /** checks the format only: any token of the valid token's length */
  formatOnly: validating((t) => t.length === VALID_TOKEN.length),
} as const;

/** Validates VALID_TOKEN like `strict`, but refuses every scheme not spelled `Bearer` (a case-sensitive scheme). */
export const CASE_SENSITIVE_SCHEME: Behaviour = {
  ...TOKEN_TARGETS.strict,
  app: (v, r, b) => (v && !v.startsWith('Bearer') ? b.challenge : TOKEN_TARGETS.strict.app(v, r, b)),
};
