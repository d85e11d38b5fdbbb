// Scopes: reading what an operation declares, `--scopes`, and the insufficient-scope check against
// in-process targets: one that answers as FastAPI's tutorial does, one as RFC 6750 asks, and faulty
// ones that let the narrower token in or refuse it without a challenge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { declaredScopes, missingScopes, scopeAlternatives } from '../suites/openapi/scopes.ts';
import { scopeClauses } from '../suites/checks/scopes.ts';
import type { ScopeClause } from '../suites/checks/scopes.ts';
import { checkInsufficientScope } from '../suites/headers/scopes.ts';
import { CheckFailure, NotApplicable } from '../suites/checks/failures.ts';
import { HttpClient } from '../suites/transport/http.ts';
import { Redactor } from '../suites/redact.ts';
import { parseOptions, UsageError } from '../bin/args.ts';
import { scopePlan } from '../bin/scopes.ts';
import { runConformance } from '../bin/run.ts';
import { startMini } from './mutants/mini-http.ts';
import type { MiniResponse } from './mutants/mini-http.ts';
import type { ProfileName } from '../suites/model/types.ts';

/** The security requirements of FastAPI's scopes tutorial (measured from its /openapi.json), plus odd shapes. */
const DOC = {
  openapi: '3.0.2',
  paths: {
    '/users/me/': { get: { security: [{ OAuth2PasswordBearer: ['me'] }] } },
    '/users/me/items/': { get: { security: [{ OAuth2PasswordBearer: ['items', 'me'] }] } },
    '/status/': { get: { security: [{ OAuth2PasswordBearer: [] }] } },
    '/either/': { get: { security: [{ OAuth2PasswordBearer: ['admin'] }, { OAuth2PasswordBearer: ['me'] }] } },
    '/optional/': { get: { security: [{ OAuth2PasswordBearer: ['admin'] }, {}] } },
    '/public/': { get: {} },
  },
  components: { securitySchemes: { OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { tokenUrl: 'token', scopes: { me: 'Me', items: 'Items', admin: 'Admin' } } } } } },
};
const get = (path: string) => ({ method: 'GET', path });

test('the scopes an operation declares, and those a token lacks', () => {
  assert.deepEqual(scopeAlternatives(DOC, get('/users/me/items/')), [['items', 'me']]);
  assert.deepEqual(scopeAlternatives(DOC, get('/public/')), []);
  assert.deepEqual(scopeAlternatives(DOC, get('/nowhere/')), []);
  const lacks = (path: string, granted: string[]) => missingScopes(scopeAlternatives(DOC, get(path)), granted);
  assert.deepEqual(lacks('/users/me/', []), ['me']);
  assert.deepEqual(lacks('/users/me/', ['me']), []);
  assert.deepEqual(lacks('/users/me/items/', ['me']), ['items']);
  assert.deepEqual(lacks('/status/', []), []);
  assert.deepEqual(lacks('/either/', ['me']), [], 'one alternative met lets the token in');
  assert.deepEqual(lacks('/either/', []), ['admin']);
  assert.deepEqual(lacks('/optional/', []), [], 'security is optional with {}');
  assert.deepEqual(declaredScopes(DOC, ['/users/me/', '/users/me/items/', '/status/'].map(get)), ['me', 'items']);
  assert.deepEqual(scopePlan(DOC, ['/users/me/', '/status/'].map(get), []), { granted: [], missing: { 'GET /users/me/': ['me'], 'GET /status/': [] } });
});

test('--scopes: space- or comma-separated scope-tokens, "" for none, only with the password grant', () => {
  const parse = (...extra: string[]) => parseOptions(['--target', 'http://127.0.0.1:1', '--username', 'u', '--password', 'p', ...extra], {});
  const scopesOf = (o: ReturnType<typeof parse>) => (o === 'help' ? undefined : o.scopes);
  assert.equal(scopesOf(parse()), undefined);
  assert.deepEqual(scopesOf(parse('--scopes', '')), []);
  assert.deepEqual(scopesOf(parse('--scopes', 'me items,me')), ['me', 'items']);
  assert.throws(() => parse('--scopes', 'a"b'), /not a scope-token/);
});

test('--scopes without the password grant is a usage error before any request', async () => {
  const options = parseOptions(['--target', 'http://127.0.0.1:1', '--scopes', 'me', '--report', path.join(os.tmpdir(), 'never-written')], {});
  assert.ok(options !== 'help');
  await assert.rejects(runConformance(options), (err: Error) => err instanceof UsageError && /--scopes needs --username/.test(err.message));
});

test('the clauses per profile: the refusal is MUST, its form SHOULD', () => {
  for (const p of ['documented', 'fastapi', 'fastapi@0.92', 'rfc6750'] as const) {
    assert.deepEqual(scopeClauses(p).map((c) => `${c.requirement.id}:${c.requirement.level}`), ['scopes.insufficient-refused:MUST', 'scopes.insufficient-answer:SHOULD'], p);
  }
});

const SCOPED_TOKEN = 'scoped-token-abc123';
const TUTORIAL_401: MiniResponse = { status: 401, headers: { 'www-authenticate': 'Bearer scope="items me"' }, body: '{"detail":"Not enough permissions"}' };
const RFC6750_403: MiniResponse = { status: 403, headers: { 'www-authenticate': 'Bearer realm="api", error="insufficient_scope", scope="items me"' } };

/** What each clause says of a target answering the narrower token with `answer`: null (pass), or the failure's level and text. */
async function verdicts(profile: ProfileName, answer: MiniResponse, missing = ['items']): Promise<(string | null)[]> {
  const target = await startMini((req) => (req.lines.includes(`Authorization: Bearer ${SCOPED_TOKEN}`) ? answer : { status: 400 }));
  const client = new HttpClient({ timeoutMs: 3000 });
  const ctx = { target: target.url, client, redactor: new Redactor([SCOPED_TOKEN]) };
  try {
    const out: (string | null)[] = [];
    for (const clause of scopeClauses(profile)) out.push(await verdict(ctx, clause, missing));
    return out;
  } finally {
    await client.close();
    await target.close();
  }
}

async function verdict(ctx: Parameters<typeof checkInsufficientScope>[0], clause: ScopeClause, missing: string[]): Promise<string | null> {
  const evidence: Record<string, unknown> = {};
  try {
    await checkInsufficientScope(ctx, clause, get('/users/me/items/'), { scopedToken: SCOPED_TOKEN, granted: ['me'], missing }, evidence);
    assert.ok(!JSON.stringify(evidence).includes(SCOPED_TOKEN), 'the narrower token leaked into the evidence');
    return null;
  } catch (err) {
    if (err instanceof NotApplicable) return 'n/a';
    assert.ok(err instanceof CheckFailure, String(err));
    return `${err.level}: ${err.actual}`;
  }
}

test("FastAPI's tutorial answer passes documented, and only the SHOULD of rfc6750", async () => {
  assert.deepEqual(await verdicts('documented', TUTORIAL_401), [null, null]);
  assert.deepEqual(await verdicts('fastapi@0.92', TUTORIAL_401), [null, null]);
  assert.deepEqual(await verdicts('rfc6750', TUTORIAL_401), [null, 'SHOULD: the answer is 401']);
});

test("RFC 6750's 403 insufficient_scope passes rfc6750, and the refusal under documented", async () => {
  assert.deepEqual(await verdicts('rfc6750', RFC6750_403), [null, null]);
  assert.deepEqual(await verdicts('documented', RFC6750_403), [null, 'SHOULD: the answer is 403']);
});

test('a target that lets the narrower token in fails the MUST in every profile', async () => {
  for (const p of ['documented', 'fastapi', 'rfc6750'] as const) {
    const [refused] = await verdicts(p, { status: 200, body: '[]' });
    assert.equal(refused, 'MUST: the answer is 200', p);
  }
});

test('a refusal without a challenge, or a scope auth-param that does not name the missing scope', async () => {
  assert.deepEqual(await verdicts('documented', { status: 401, body: '{}' }), ['MUST: the 401 has no Bearer challenge', 'SHOULD: the Bearer challenge\'s scope auth-param does not name "items"']);
  assert.deepEqual(await verdicts('documented', { status: 401, headers: { 'www-authenticate': 'Bearer scope="me"' } }), [null, 'SHOULD: the Bearer challenge\'s scope auth-param does not name "items"']);
  assert.deepEqual(await verdicts('rfc6750', { status: 403, body: 'Forbidden' }), ['MUST: the 403 has no Bearer challenge', 'SHOULD: the 403 has no Bearer challenge with error="insufficient_scope"']);
  assert.deepEqual(await verdicts('documented', { status: 200 }, []), ['n/a', 'n/a'], 'nothing missing: the check does not apply');
});
