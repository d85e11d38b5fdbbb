// The token endpoint the document declares (RFC 6749 §4.3 password grant, §5.1 success, §5.2
// errors), at the tokenUrl as Swagger UI resolves it. Each requirement of TOKEN_REQUIREMENTS has its
// Check (checks/check.ts) by id: what it needs (an endpoint that answers, the user's credentials, a
// successful token response) is its `applies`, apart from the assertion in `run`.
import type { Agent } from 'undici';
import { NotApplicable } from '../checks/failures.ts';
import { APPLIES, runCheck, skip } from '../checks/check.ts';
import type { Applicability, Check, Registry } from '../checks/check.ts';
import type { TokenRequirementId } from './requirements.ts';
import type { Secrets } from '../config.ts';
import { B64TOKEN_CHAR, isB64token } from '../model/grammar.ts';
import type { ProfileName } from '../model/types.ts';
import type { Redactor } from '../redact.ts';
import type { Evidence } from '../results.ts';
import { makeAgent } from '../transport/http.ts';
import { passwordFlows } from './document.ts';
import { failure } from './failure.ts';
import { field, isGranted, passwordGrant, postForm, tokenExchangeEvidence } from './token-http.ts';
import type { Form, TokenExchange } from './token-http.ts';
import { REFUSALS, refusalProblem, rfcProblem } from './token-refusals.ts';
import type { RefusalCase, RefusalKind } from './token-refusals.ts';
import { resolveAsSwaggerUi } from './urls.ts';

const JSON_MEDIA_TYPE = /^application\/([\w.+-]*\+)?json\s*(;|$)/i;
/** Swagger UI's default client authentication: Basic base64(":"), empty client id and secret (S-03). */
const SWAGGER_DEFAULT_BASIC = 'Basic Og==';

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
  private readonly refusals = new Map<RefusalKind, Promise<TokenExchange>>();

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

  /** One of the requests the endpoint must refuse, sent once and judged by two requirements. */
  refusal(c: RefusalCase): Promise<TokenExchange> {
    if (!this.refusals.has(c.kind)) this.refusals.set(c.kind, this.post(c.form(this.ctx.secrets)));
    return this.refusals.get(c.kind)!;
  }

  evidence(ex: TokenExchange) {
    return tokenExchangeEvidence(ex, this.ctx.redactor);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

type Need = 'endpoint' | 'credentials' | 'success';

async function requireEndpoint(session: TokenSession): Promise<Applicability> {
  const endpoint = session.ctx.endpoint;
  if (!endpoint) return skip('the document declares no password flow with a tokenUrl');
  const probe = await session.presence();
  if (probe.status === 404 || probe.status === 405) {
    return skip(`the document declares tokenUrl ${JSON.stringify(endpoint.declared)} but nothing answers there (POST ${endpoint.url} answered ${probe.status}; FastAPI's first-steps app declares it before creating it)`);
  }
  return APPLIES;
}

function requireCredentials(session: TokenSession): Applicability {
  const { username, password } = session.ctx.secrets;
  return username === undefined || password === undefined ? skip('needs a valid user: pass --username/--password') : APPLIES;
}

async function requireSuccess(session: TokenSession): Promise<Applicability> {
  return isGranted(await session.success()) ? APPLIES : skip('the password grant did not return a token (see token.success)');
}

const PRECONDITIONS: Record<Need, (s: TokenSession) => Applicability | Promise<Applicability>> = { endpoint: requireEndpoint, credentials: requireCredentials, success: requireSuccess };

/** A token check applies when each of what it needs is there, asked in order (the first missing one is the reason). */
function needs(...required: Need[]): (session: TokenSession) => Promise<Applicability> {
  return async (session) => {
    for (const need of required) {
      const applicable = await PRECONDITIONS[need](session);
      if (applicable !== true) return applicable;
    }
    return APPLIES;
  };
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
  if (isB64token(token)) return;
  const bad = [...token].find((c) => c !== '=' && !B64TOKEN_CHAR.test(c)) ?? '=';
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

/** The MUST every profile shares: each request refused without a token, as FastAPI's tutorials refuse it. */
async function checkRefusals(session: TokenSession, evidence: Evidence): Promise<void> {
  const exchanges = await Promise.all(REFUSALS.map((c) => session.refusal(c)));
  evidence.exchanges = exchanges.map((ex) => session.evidence(ex));
  const problems = REFUSALS.flatMap((c, i) => refusalProblem(c, exchanges[i]!, session.ctx.secrets) ?? []);
  if (problems.length === 0) return;
  throw failure('token.refuses-bad-grants', session.ctx.profile, {
    expected: REFUSALS.map((c) => `${c.kind}: ${c.refused.status.join('/')}`), actual: problems.join('; '), message: problems.join('; '),
  });
}

/** RFC 6749 §5.2's error response for one of the refused requests (its level depends on the profile). */
function rfcFormatCheck(kind: RefusalKind): (session: TokenSession, evidence: Evidence) => Promise<void> {
  const c = REFUSALS.find((r) => r.kind === kind)!;
  return async (session, evidence) => {
    const ex = await session.refusal(c);
    evidence.exchange = session.evidence(ex);
    const problem = rfcProblem(c, ex, session.ctx.secrets);
    if (problem) throw failure(c.rfcId, session.ctx.profile, problem);
  };
}

export type TokenCheck = Check<TokenSession>;

/** The check of each requirement of TOKEN_REQUIREMENTS (a missing one does not compile). */
export const TOKEN_CHECKS: Registry<TokenRequirementId, TokenSession> = {
  'token.success': { applies: needs('endpoint', 'credentials'), run: checkSuccess },
  'token.access-token-b64token': { applies: needs('endpoint', 'credentials', 'success'), run: checkB64Token },
  'token.no-store': { applies: needs('endpoint', 'credentials', 'success'), run: headerCheck('token.no-store', 'cache-control', 'no-store') },
  'token.pragma-no-cache': { applies: needs('endpoint', 'credentials', 'success'), run: headerCheck('token.pragma-no-cache', 'pragma', 'no-cache') },
  'token.basic-og': { applies: needs('endpoint', 'credentials'), run: checkBasicOg },
  'token.refuses-bad-grants': { applies: needs('endpoint'), run: checkRefusals },
  'token.invalid-grant': { applies: needs('endpoint'), run: rfcFormatCheck('wrong-password') },
  'token.invalid-request': { applies: needs('endpoint'), run: rfcFormatCheck('missing-password') },
  'token.unsupported-grant-type': { applies: needs('endpoint'), run: rfcFormatCheck('other-grant') },
};

/** One token check against the session: its applicability, then its assertion. */
export function runTokenCheck(c: TokenCheck, session: TokenSession, evidence: Evidence): Promise<void> {
  return runCheck(c, session, evidence);
}
