// How each mode reads the Authorization field once the HTTP layer has done its part (OWS trimmed,
// obs-fold unfolded, the first of several field lines chosen). Pure: no I/O, nothing from suites/.
export type Mode = 'documented' | 'fastapi' | 'fastapi@0.92' | 'rfc6750';

export const MODES: readonly Mode[] = ['documented', 'fastapi', 'fastapi@0.92', 'rfc6750'];

/** The auth-scheme; compared case-insensitively (RFC 9110 §11.1). */
export const SCHEME = 'Bearer';

/** RFC 6750 §2.1: `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`. */
export const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * What Python's `str.strip()` removes (`str.isspace()`), restricted to U+0000–U+00FF: Starlette
 * decodes header bytes as latin-1, so no other character can reach FastAPI (ground truth §4).
 */
const PYTHON_WHITESPACE = '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0';

export type CredentialOutcome =
  /** the protected endpoint runs and sees this token */
  | { kind: 'token'; token: string }
  /** 401 with a challenge and no error code: no Bearer credentials were sent (RFC 6750 §3.1) */
  | { kind: 'unauthenticated' }
  /** 400 `invalid_request` (RFC 6750 §3.1); only the rfc6750 mode says this */
  | { kind: 'invalid_request'; description: string };

export interface AuthorizationField {
  /** the first Authorization value as the HTTP layer delivers it; undefined when there is none */
  value: string | undefined;
  /** how many Authorization field lines the request carried */
  lines: number;
}

const UNAUTHENTICATED: CredentialOutcome = { kind: 'unauthenticated' };

/** Error descriptions keep to RFC 6750 §3's set: %x20-21 / %x23-5B / %x5D-7E (no `"`, no `\`). */
export const DESCRIPTIONS = {
  repeated: 'the request carries more than one Authorization header field',
  tabSeparator: 'the Bearer scheme must be followed by 1*SP, not HTAB (RFC 6750 section 2.1)',
  notB64token: 'the credentials are not Bearer 1*SP b64token (RFC 6750 section 2.1)',
} as const;

function isBearer(scheme: string): boolean {
  return scheme.toLowerCase() === SCHEME.toLowerCase();
}

/** FastAPI's `get_authorization_scheme_param` before 0.128.1: `value.partition(" ")`. */
function partitionAtSpace(value: string): [scheme: string, param: string] {
  const sp = value.indexOf(' ');
  return sp < 0 ? [value, ''] : [value.slice(0, sp), value.slice(sp + 1)];
}

function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && PYTHON_WHITESPACE.includes(text[start]!)) start++;
  while (end > start && PYTHON_WHITESPACE.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/** `OAuth2PasswordBearer.__call__`: `if not authorization or scheme.lower() != "bearer"` → 401. */
function fastapi092(field: AuthorizationField): CredentialOutcome {
  if (!field.value) return UNAUTHENTICATED;
  const [scheme, param] = partitionAtSpace(field.value);
  return isBearer(scheme) ? { kind: 'token', token: param } : UNAUTHENTICATED;
}

/** 0.128.1 (PR fastapi/fastapi#14786) returns `param.strip()`; the empty token still passes. */
function fastapiCurrent(field: AuthorizationField): CredentialOutcome {
  const outcome = fastapi092(field);
  return outcome.kind === 'token' ? { kind: 'token', token: pythonStrip(outcome.token) } : outcome;
}

/** What the docs promise (PR fastapi/fastapi#15220): "Bearer" 1*SP and a non-empty token. */
function documented(field: AuthorizationField): CredentialOutcome {
  if (!field.value) return UNAUTHENTICATED;
  const [scheme, param] = partitionAtSpace(field.value);
  if (!isBearer(scheme)) return UNAUTHENTICATED;
  const token = param.replace(/^ +/, '');
  return token === '' ? UNAUTHENTICATED : { kind: 'token', token };
}

/** RFC 6750 §2.1 `credentials = "Bearer" 1*SP b64token`, malformed → §3.1 invalid_request. */
function rfc6750(field: AuthorizationField): CredentialOutcome {
  if (field.lines > 1) return { kind: 'invalid_request', description: DESCRIPTIONS.repeated };
  if (!field.value) return UNAUTHENTICATED;
  const { scheme, separator, rest } = /^(?<scheme>[^ \t]*)(?<separator>[ \t]?)(?<rest>.*)$/s.exec(field.value)!.groups!;
  if (!isBearer(scheme!)) return UNAUTHENTICATED;
  const token = rest!.replace(/^ +/, '');
  if (token === '') return UNAUTHENTICATED;
  if (separator === '\t') return { kind: 'invalid_request', description: DESCRIPTIONS.tabSeparator };
  return B64TOKEN.test(token) ? { kind: 'token', token } : { kind: 'invalid_request', description: DESCRIPTIONS.notB64token };
}

const READERS: Record<Mode, (field: AuthorizationField) => CredentialOutcome> = {
  documented,
  fastapi: fastapiCurrent,
  'fastapi@0.92': fastapi092,
  rfc6750,
};

export function readCredentials(mode: Mode, field: AuthorizationField): CredentialOutcome {
  return READERS[mode](field);
}

export function isMode(name: string): name is Mode {
  return (MODES as readonly string[]).includes(name);
}
