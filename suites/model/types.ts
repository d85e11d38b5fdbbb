// The vocabulary of the executable model: what a request is, what outcomes a target may
// produce, and what the model predicts. Types, and the one order of levels every room ranks by.

/** The four behaviours a target can be judged against (DESIGN.md §3). `fastapi@X.Y.Z` resolves to one of the FastAPI ones. */
export type ProfileName = 'documented' | 'fastapi' | 'fastapi@0.92' | 'rfc6750';

/** Every level, strongest first: a MUST outranks a SHOULD, and an INFO observation never gates. */
export const LEVELS = ['MUST', 'SHOULD', 'INFO'] as const;

export type Level = (typeof LEVELS)[number];

/** How strongly `level` binds: higher is stronger; only comparisons between two levels mean anything. */
export function levelStrength(level: Level): number {
  return LEVELS.length - LEVELS.indexOf(level);
}

/** Where a requirement comes from, with a short verbatim quote. */
export interface Source {
  /** e.g. "RFC 9110 §11.1", "FastAPI docs: Security - First Steps", "FastAPI as measured §1 #5 (docs/sources/fastapi-measured.md#ground-truth-1)" */
  ref: string;
  quote: string;
}

export interface RequirementRef {
  /** Stable id, never positional, e.g. "bearer.empty-token". */
  id: string;
  level: Level;
  source: Source;
}

/**
 * A request as bytes on the wire, written as latin-1 strings (one char = one byte, 0x00-0xFF).
 * `lines` are the Authorization-relevant header lines exactly as sent, without CRLF, e.g.
 * `["Authorization: Bearer abc"]`. A line that starts with SP or HTAB is an obs-fold
 * continuation of the line before it. Several Authorization lines are duplicates. The request
 * line, Host and Connection are added by the transport and are not part of the model's input.
 */
export interface RawRequest {
  method?: string; // default GET
  /** path and query relative to the endpoint, default: the endpoint itself */
  query?: string; // e.g. "access_token=abc" (without "?")
  lines: string[];
}

/**
 * What a target did, as the model's vocabulary describes it. An outcome is acceptable when the
 * target's response matches it (see suites/checks/outcome.ts for the matching rules).
 */
export type Outcome =
  /** 2xx. The endpoint saw exactly `token` (latin-1 string); `token: null` means any token is fine. */
  | { kind: 'authorized'; token: string | null }
  /** 401 with a Bearer challenge. `error`: which `error=` auth-param the challenge may carry. */
  | { kind: 'challenged'; error: ChallengeError }
  /** 400 from the application with a Bearer challenge carrying error="invalid_request" (RFC 6750 §3.1). */
  | { kind: 'invalid-request' }
  /** 400 or 431 from the HTTP layer before the application sees the request (no Bearer challenge needed). */
  | { kind: 'http-rejected' }
  /** 403 with a JSON body `{"detail": detail}`: FastAPI's HTTPBearer before 0.122.0, which sends no challenge. */
  | { kind: 'forbidden'; detail: string };

/**
 * The security scheme the endpoint uses, as its OpenAPI document declares it and the profile dates
 * it: `oauth2` (OAuth2PasswordBearer), `http-bearer` (`type: http, scheme: bearer`, FastAPI's
 * HTTPBearer) or `http-bearer-403` (HTTPBearer as FastAPI released it before 0.122.0: 403, no
 * challenge). Resolved by profiles.ts (resolveScheme).
 */
export type SchemeKind = 'oauth2' | 'http-bearer' | 'http-bearer-403';

/** `absent`: no error auth-param (RFC 6750 §3.1 for requests without credentials); `any`: not constrained. */
export type ChallengeError = 'absent' | 'invalid_token' | 'any';

/** The model's answer for one request under one profile. */
export interface Prediction {
  profile: ProfileName;
  /** The requirement whose rule decides this request. */
  requirement: RequirementRef;
  /** Any of these is conformant. Never empty. */
  acceptable: Outcome[];
  /** One line saying why, for reports: e.g. "Bearer with no token: the docs promise a 401". */
  rationale: string;
  /**
   * Weaker clauses that may explain a response outside `acceptable`, weakest first (DESIGN.md §3:
   * a finding carries the level of the clause it breaks). Present only when a stronger HTTP-layer
   * clause decides a request whose application clause is weaker.
   */
  waivers?: readonly Waiver[];
}

/**
 * The outcomes that keep every rule of the prediction except `requirement`: a response that
 * matches one of them breaks only that (weaker) clause, and is a finding at its level.
 */
export interface Waiver {
  requirement: RequirementRef;
  acceptable: Outcome[];
}

/** What the response to a request looked like, as observed on the wire. */
export interface Observation {
  status: number;
  /** lower-case header name -> values in order */
  headers: Record<string, string[]>;
  /** response body as bytes */
  body: Uint8Array;
  /**
   * The token the endpoint reports it saw (the echo oracle: FastAPI's tutorial answers
   * {"token": "..."}), as a latin-1 string; undefined when the target does not echo.
   */
  echoedToken?: string;
}
