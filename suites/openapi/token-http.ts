// The one client for the token endpoint: form-encoded POSTs (the password grant of RFC 6749 §4.3
// among them), used by the CLI's preflight and the openapi suite, and their evidence with every
// password and issued token replaced by [redacted] (the form shows `password=[redacted]`).
import type { Agent } from 'undici';
import { requestTarget } from '../transport/http.ts';
import { CouldNotTest } from '../checks/failures.ts';
import { REDACTED } from '../redact.ts';
import type { Redactor } from '../redact.ts';

const MAX_RESPONSE_BYTES = 64 * 1024;
const BODY_PREVIEW_CHARS = 1024;
/** Fields of a token response that carry secrets (RFC 6749 §5.1, OpenID Connect's id_token). */
const SECRET_FIELDS = ['access_token', 'refresh_token', 'id_token'];
const SECRET_FORM_FIELDS = new Set(['password', 'client_secret']);

export type Form = readonly (readonly [string, string])[];

export interface TokenExchange {
  url: string;
  form: Form;
  headers: Record<string, string>;
  status: number;
  responseHeaders: Record<string, string>;
  body: string;
  /** the body parsed as JSON, when it is */
  json?: unknown;
}

/**
 * RFC 6749 §4.3.2: the password grant's form. §3.3 scope is a space-delimited list; §3.2:
 * "Parameters sent without a value MUST be treated as if they were omitted", so no scopes, no field.
 */
export function passwordGrant(username: string, password: string, scopes: readonly string[] = []): Form {
  const scope: Form = scopes.length ? [['scope', scopes.join(' ')]] : [];
  return [['grant_type', 'password'], ['username', username], ['password', password], ...scope];
}

function encode(form: Form): string {
  return new URLSearchParams(form.map(([k, v]) => [k, v])).toString();
}

/** The form as evidence: secret fields shown as `password=[redacted]`. */
export function redactedForm(form: Form): string {
  return form.map(([k, v]) => `${encodeURIComponent(k)}=${SECRET_FORM_FIELDS.has(k) ? REDACTED : encodeURIComponent(v)}`).join('&');
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** A member of the JSON object body, if any. */
export function field(ex: TokenExchange, name: string): unknown {
  return typeof ex.json === 'object' && ex.json !== null ? (ex.json as Record<string, unknown>)[name] : undefined;
}

/** 200 with a non-empty string access_token: the endpoint issued a token. */
export function isGranted(ex: TokenExchange): boolean {
  return ex.status === 200 && typeof field(ex, 'access_token') === 'string' && field(ex, 'access_token') !== '';
}

/** Issued secrets in a token response; registered with the redactor before anything is reported. */
export function issuedSecrets(json: unknown): string[] {
  if (typeof json !== 'object' || json === null) return [];
  return SECRET_FIELDS.map((f) => (json as Record<string, unknown>)[f]).filter((v): v is string => typeof v === 'string' && v !== '');
}

export async function postForm(url: string, form: Form, o: { headers?: Record<string, string>; dispatcher: Agent; timeoutMs: number; redactor: Redactor }): Promise<TokenExchange> {
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...o.headers };
  try {
    const res = await requestTarget(url, { method: 'POST', headers, body: encode(form), dispatcher: o.dispatcher, timeoutMs: o.timeoutMs, maxBytes: MAX_RESPONSE_BYTES });
    const body = res.body.toString('utf8');
    const json = parseJson(body);
    for (const secret of issuedSecrets(json)) o.redactor.add(secret);
    return { url, form, headers, status: res.status, responseHeaders: res.headers, body, ...(json !== undefined ? { json } : {}) };
  } catch (err) {
    throw new CouldNotTest(`POST ${url}: ${(err as Error).message}`, { cause: err });
  }
}

/** The body as evidence: secret fields of a JSON body replaced, then every known secret redacted. */
function redactedBody(ex: TokenExchange, redactor: Redactor): string {
  let text = ex.body;
  if (typeof ex.json === 'object' && ex.json !== null && !Array.isArray(ex.json)) {
    const copy: Record<string, unknown> = { ...(ex.json as Record<string, unknown>) };
    for (const f of SECRET_FIELDS) if (f in copy) copy[f] = REDACTED;
    text = JSON.stringify(copy);
  }
  return redactor.text(text).slice(0, BODY_PREVIEW_CHARS);
}

export function tokenExchangeEvidence(ex: TokenExchange, redactor: Redactor) {
  const headers = Object.fromEntries(Object.entries(ex.headers).map(([k, v]) => [k, redactor.text(v)]));
  const responseHeaders = Object.fromEntries(Object.entries(ex.responseHeaders).map(([k, v]) => [k, redactor.text(v)]));
  return {
    request: { method: 'POST', url: ex.url, headers, body: redactedForm(ex.form) },
    response: { status: ex.status, headers: responseHeaders, body: redactedBody(ex, redactor) },
  };
}
