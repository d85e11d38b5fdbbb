// The token endpoint the document declares (RFC 6749 §4.3 password grant, §5.1 success, §5.2
// errors), at the tokenUrl as Swagger UI resolves it. Each check is `(session, evidence) => Promise<void>`;
// what it needs (an endpoint that answers, the user's credentials, a successful token response)
// is data, checked by the wrappers in runTokenCheck.
import type { Agent } from 'undici';
import { NotApplicable } from '../checks/failures.ts';
import type { Secrets } from '../config.ts';
import type { ProfileName } from '../model/types.ts';
import type { Redactor } from '../redact.ts';
import type { Evidence } from '../results.ts';
import { makeAgent } from '../transport/http.ts';
import { passwordFlows } from './document.ts';
import { failure } from './failure.ts';
import { isFastApiProfile } from './requirements.ts';
import { postForm, tokenExchangeEvidence } from './token-http.ts';
import type { Form, TokenExchange } from './token-http.ts';
import { resolveAsSwaggerUi } from './urls.ts';

/** RFC 6750 §2.1 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const JSON_MEDIA_TYPE = /^application\/([\w.+-]*\+)?json\s*(;|$)/i;
/** Swagger UI's default client authentication: Basic base64(":"), empty client id and secret (S-03). */
const SWAGGER_DEFAULT_BASIC = 'Basic Og==';
const UNKNOWN_USER = 'bearer-conformance-unknown-user';
const WRONG_PASSWORD = 'bearer-conformance-wrong-password';

export interface TokenEndpoint {
  /** the tokenUrl as the document writes it */
  declared: string;
  /** absolute URL: where Swagger UI at `docsUrl` POSTs */
  url: string;
}

/** The first password flow's tokenUrl, resolved as Swagger UI does for docs at `docsUrl`. */
export function tokenEndpointFor(doc: unknown, docsUrl: string): TokenEndpoint | undefined {
  for (const { flow } of passwordFlows(doc)) {
    const declared = flow.tokenUrl;
    const url = typeof declared === 'string' && declared !== '' ? resolveAsSwaggerUi(declared, doc, docsUrl) : undefined;
    if (typeof declared === 'string' && url) return { declared, url };
  }
  return undefined;
}

export interface TokenContext {
  endpoint?: TokenEndpoint;
  profile: ProfileName;
  secrets: Secrets;
  timeoutMs: number;
  insecure?: boolean;
  /** the run's redactor; issued tokens are added to it as they arrive */
  redactor: Redactor;
}

/** One run's conversation with the token endpoint: the presence probe and the successful grant are sent once and shared. */
export class TokenSession {
  readonly ctx: TokenContext;
  private readonly dispatcher: Agent;
  private presenceProbe?: Promise<TokenExchange>;
  private successGrant?: Promise<TokenExchange>;

  constructor(ctx: TokenContext) {
    this.ctx = ctx;
    this.dispatcher = makeAgent(ctx.insecure ?? false);
  }

  post(form: Form, headers?: Record<string, string>): Promise<TokenExchange> {
    const endpoint = this.ctx.endpoint;
    if (!endpoint) throw new NotApplicable('the document declares no password flow with a tokenUrl');
    return postForm(endpoint.url, form, { headers, dispatcher: this.dispatcher, timeoutMs: this.ctx.timeoutMs, redactor: this.ctx.redactor });
  }

  /** A harmless POST (`grant_type=password` alone) that tells whether anything answers at the tokenUrl. */
  presence(): Promise<TokenExchange> {
    this.presenceProbe ??= this.post([['grant_type', 'password']]);
    return this.presenceProbe;
  }

  /** The user's password grant, as Swagger UI sends it in request-body mode. */
  success(): Promise<TokenExchange> {
    this.successGrant ??= this.post(passwordGrant(this.ctx.secrets.username!, this.ctx.secrets.password!));
    return this.successGrant;
  }

  evidence(ex: TokenExchange) {
    return tokenExchangeEvidence(ex, this.ctx.redactor);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

function passwordGrant(username: string, password: string): Form {
  return [['grant_type', 'password'], ['username', username], ['password', password]];
}

function wrongPassword(secrets: Secrets): string {
  return secrets.password === WRONG_PASSWORD ? `${WRONG_PASSWORD}-2` : WRONG_PASSWORD;
}

type Need = 'endpoint' | 'credentials' | 'success';

async function requireEndpoint(session: TokenSession): Promise<void> {
  const endpoint = session.ctx.endpoint;
  if (!endpoint) throw new NotApplicable('the document declares no password flow with a tokenUrl');
  const probe = await session.presence();
  if (probe.status === 404 || probe.status === 405) {
    throw new NotApplicable(`the document declares tokenUrl ${JSON.stringify(endpoint.declared)} but nothing answers there (POST ${endpoint.url} answered ${probe.status}; FastAPI's first-steps app declares it before creating it)`);
  }
}

function requireCredentials(session: TokenSession): void {
  const { username, password } = session.ctx.secrets;
  if (username === undefined || password === undefined) throw new NotApplicable('needs a valid user: pass --username/--password');
}

async function requireSuccess(session: TokenSession): Promise<void> {
  if (!isGranted(await session.success())) throw new NotApplicable('the password grant did not return a token (see token.success)');
}

const WRAPPERS: Record<Need, (s: TokenSession) => void | Promise<void>> = { endpoint: requireEndpoint, credentials: requireCredentials, success: requireSuccess };

function field(ex: TokenExchange, name: string): unknown {
  return typeof ex.json === 'object' && ex.json !== null ? (ex.json as Record<string, unknown>)[name] : undefined;
}

function isGranted(ex: TokenExchange): boolean {
  return ex.status === 200 && typeof field(ex, 'access_token') === 'string' && field(ex, 'access_token') !== '';
}

/** What is wrong with a response that should carry a token, or undefined when nothing is. */
function grantProblem(ex: TokenExchange): string | undefined {
  const contentType = ex.responseHeaders['content-type'] ?? '';
  if (ex.status !== 200) return `${ex.status}`;
  if (!JSON_MEDIA_TYPE.test(contentType)) return `200 with content-type ${JSON.stringify(contentType)}`;
  if (typeof ex.json !== 'object' || ex.json === null) return '200 with a body that is not a JSON object';
  const accessToken = field(ex, 'access_token');
  if (typeof accessToken !== 'string' || accessToken === '') return `200 without a string access_token (${accessToken === undefined ? 'missing' : typeof accessToken})`;
  const tokenType = field(ex, 'token_type');
  if (typeof tokenType !== 'string' || !/^bearer$/i.test(tokenType)) return `200 with token_type ${JSON.stringify(tokenType ?? null)}`;
  return undefined;
}

async function checkSuccess(session: TokenSession, evidence: Evidence): Promise<void> {
  const ex = await session.success();
  evidence.exchange = session.evidence(ex);
  const problem = grantProblem(ex);
  if (!problem) return;
  const hint = ex.status === 400 || ex.status === 401 ? ' (are --username/--password right?)' : '';
  throw failure('token.success', session.ctx.profile, {
    expected: ['200 application/json with access_token (string) and token_type Bearer'], actual: problem,
    message: `the password grant for ${JSON.stringify(session.ctx.secrets.username)} answered ${problem}${hint}`,
  });
}

async function checkB64Token(session: TokenSession, evidence: Evidence): Promise<void> {
  const ex = await session.success();
  const token = field(ex, 'access_token') as string;
  evidence.accessTokenLength = token.length;
  if (B64TOKEN.test(token)) return;
  const bad = [...token].find((c) => !/[A-Za-z0-9\-._~+/=]/.test(c)) ?? '=';
  throw failure('token.access-token-b64token', session.ctx.profile, {
    expected: ['an access_token matching b64token'], actual: `an access_token containing ${JSON.stringify(bad)}`,
    message: `the issued access_token (${token.length} characters) is not a b64token: it contains ${JSON.stringify(bad)}${bad === '=' ? ' before the end' : ''}, so \`Authorization: Bearer <token>\` cannot carry it as RFC 6750 defines`,
  });
}

function hasDirective(value: string | undefined, directive: string): boolean {
  return (value ?? '').split(',').some((d) => d.trim().toLowerCase() === directive);
}

function headerCheck(id: string, header: string, directive: string): (session: TokenSession, evidence: Evidence) => Promise<void> {
  return async (session, evidence) => {
    const ex = await session.success();
    const value = ex.responseHeaders[header];
    evidence[header] = value ?? null;
    if (hasDirective(value, directive)) return;
    throw failure(id, session.ctx.profile, {
      expected: [`${header}: ${directive}`], actual: value === undefined ? `no ${header}` : `${header}: ${value}`,
      message: `the token response carries ${value === undefined ? `no ${header} header` : `${header}: ${value}`}, not ${directive}: caches may keep the token`,
    });
  };
}

async function checkBasicOg(session: TokenSession, evidence: Evidence): Promise<void> {
  const { username, password } = session.ctx.secrets;
  const ex = await session.post(passwordGrant(username!, password!), { authorization: SWAGGER_DEFAULT_BASIC });
  evidence.exchange = session.evidence(ex);
  if (isGranted(ex)) return;
  const contrast = isGranted(await session.success()) ? ', although it succeeds without that header' : '';
  throw failure('token.basic-og', session.ctx.profile, {
    expected: ['200 with an access_token'], actual: `${ex.status}`,
    message: `with Swagger UI's default \`Authorization: ${SWAGGER_DEFAULT_BASIC}\` the same password grant answered ${ex.status}${contrast}: the Authorize button in /docs cannot log in`,
  });
}

/**
 * Judges a refused grant (RFC 6749 §5.2). Strict profiles want 400 with one of `errors`. FastAPI
 * profiles accept any 400 and FastAPI's 422 validation error, and record the difference as a
 * deviation in the evidence.
 */
function judgeRefusal(id: string, session: TokenSession, ex: TokenExchange, accepted: { status: number[]; errors: string[] }, sent: string, evidence: Evidence): void {
  const error = field(ex, 'error');
  const strictOk = accepted.status.includes(ex.status) && typeof error === 'string' && accepted.errors.includes(error);
  if (strictOk) return;
  const expected = accepted.errors.map((e) => `${accepted.status.join('/')} {"error":"${e}"}`);
  const tolerated = isFastApiProfile(session.ctx.profile) && (ex.status === 400 || ex.status === 422);
  if (tolerated) {
    evidence.deviation = `${ex.status}${typeof error === 'string' ? ` {"error":"${error}"}` : ' without an RFC 6749 error code'} instead of ${expected.join(' or ')}: accepted under ${session.ctx.profile} (spec-digest D-11, D-14)`;
    return;
  }
  const issued = isGranted(ex) ? ' and issued a token' : '';
  throw failure(id, session.ctx.profile, {
    expected: isFastApiProfile(session.ctx.profile) ? [...expected, '400', '422'] : expected,
    actual: `${ex.status}${typeof error === 'string' ? ` {"error":"${error}"}` : ''}`,
    message: `${sent}: answered ${ex.status}${typeof error === 'string' ? ` with error ${JSON.stringify(error)}` : ''}${issued}; expected ${expected.join(' or ')}`,
  });
}

async function checkInvalidGrant(session: TokenSession, evidence: Evidence): Promise<void> {
  const username = session.ctx.secrets.username ?? UNKNOWN_USER;
  const ex = await session.post(passwordGrant(username, wrongPassword(session.ctx.secrets)));
  evidence.exchange = session.evidence(ex);
  judgeRefusal('token.invalid-grant', session, ex, { status: [400], errors: ['invalid_grant'] }, `a wrong password for ${JSON.stringify(username)}`, evidence);
}

async function checkInvalidRequest(session: TokenSession, evidence: Evidence): Promise<void> {
  const ex = await session.post([['grant_type', 'password'], ['username', session.ctx.secrets.username ?? UNKNOWN_USER]]);
  evidence.exchange = session.evidence(ex);
  judgeRefusal('token.invalid-request', session, ex, { status: [400], errors: ['invalid_request'] }, 'a password grant without `password`', evidence);
}

async function checkUnsupportedGrant(session: TokenSession, evidence: Evidence): Promise<void> {
  const { username = UNKNOWN_USER, password = wrongPassword(session.ctx.secrets) } = session.ctx.secrets;
  const ex = await session.post([['grant_type', 'client_credentials'], ['username', username], ['password', password]]);
  evidence.exchange = session.evidence(ex);
  const accepted = ex.status === 401 ? { status: [401], errors: ['invalid_client'] } : { status: [400], errors: ['unsupported_grant_type', 'unauthorized_client', 'invalid_client'] };
  judgeRefusal('token.unsupported-grant-type', session, ex, accepted, '`grant_type=client_credentials`', evidence);
}

export interface TokenCheck {
  id: string;
  needs: readonly Need[];
  check: (session: TokenSession, evidence: Evidence) => Promise<void>;
}

/** In the order of TOKEN_REQUIREMENTS. */
export const TOKEN_CHECKS: readonly TokenCheck[] = [
  { id: 'token.success', needs: ['endpoint', 'credentials'], check: checkSuccess },
  { id: 'token.access-token-b64token', needs: ['endpoint', 'credentials', 'success'], check: checkB64Token },
  { id: 'token.no-store', needs: ['endpoint', 'credentials', 'success'], check: headerCheck('token.no-store', 'cache-control', 'no-store') },
  { id: 'token.pragma-no-cache', needs: ['endpoint', 'credentials', 'success'], check: headerCheck('token.pragma-no-cache', 'pragma', 'no-cache') },
  { id: 'token.basic-og', needs: ['endpoint', 'credentials'], check: checkBasicOg },
  { id: 'token.invalid-grant', needs: ['endpoint'], check: checkInvalidGrant },
  { id: 'token.invalid-request', needs: ['endpoint'], check: checkInvalidRequest },
  { id: 'token.unsupported-grant-type', needs: ['endpoint'], check: checkUnsupportedGrant },
];

export async function runTokenCheck(c: TokenCheck, session: TokenSession, evidence: Evidence): Promise<void> {
  for (const need of c.needs) await WRAPPERS[need](session);
  await c.check(session, evidence);
}
