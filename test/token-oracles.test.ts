// Issue 16, classes 2 and 7: the echo oracle is decided once and never falls back silently, and with
// a valid token the run first learns whether the target validates tokens. Faulty targets from
// test/mutants/token-mutants.ts, judged by the headers catalogue and the fuzzer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { correct, startBehaviour } from './mutants/header-mutants.ts';
import type { Behaviour } from './mutants/header-mutants.ts';
import { TOKEN_TARGETS, VALID_TOKEN, echoing } from './mutants/token-mutants.ts';
import { runCatalogue } from './helpers/catalogue-run.ts';
import type { CaseVerdict } from './helpers/catalogue-run.ts';
import { FuzzSession } from '../suites/fuzz/session.ts';
import type { FuzzPlan } from '../suites/fuzz/session.ts';
import { ALL_FUZZ_REQUIREMENTS } from '../suites/fuzz/requirements.ts';
import { classify } from '../suites/checks/verdict.ts';
import { decideEchoOracle } from '../suites/checks/oracle.ts';
import { foreignToken, neverIssuedToken, tokenMode } from '../suites/checks/token-mode.ts';
import { learnTokenValidation } from '../suites/headers/run.ts';
import { DEMO_TOKEN } from '../suites/catalogue/types.ts';
import { HttpClient } from '../suites/transport/http.ts';
import { Redactor } from '../suites/redact.ts';
import type { WireResponse } from '../suites/transport/wire.ts';
import type { RawRequest } from '../suites/model/types.ts';
import { runCli } from './helpers/cli.ts';

const ENDPOINT = { method: 'GET', path: '/items/' };

function failing(verdicts: Map<string, CaseVerdict>): string[] {
  return [...verdicts].filter(([, v]) => v.verdict === 'fail').map(([id, v]) => `${id} (${v.level})`).sort();
}

async function catalogue(behaviour: Behaviour, token?: string): Promise<Map<string, CaseVerdict>> {
  const target = await startBehaviour(behaviour);
  try {
    return await runCatalogue(target.url, 'documented', token === undefined ? {} : { token });
  } finally {
    await target.close();
  }
}

function ok(body: unknown): WireResponse {
  return { status: 200, statusLine: 'HTTP/1.1 200 OK', headers: { 'content-type': ['application/json'] }, body: Buffer.from(JSON.stringify(body)) };
}

// --- class 2: the echo oracle ---

for (const [name, report] of [['appends a character to the token', (t: string) => `${t}x`], ['upper-cases the token', (t: string) => t.toUpperCase()]] as const) {
  test(`a target whose echo ${name} fails headers.canonical (MUST)`, async () => {
    const verdicts = await catalogue(echoing(report));
    assert.ok(failing(verdicts).includes('headers.canonical (MUST)'), failing(verdicts).join(', ') || 'no failure');
  });
}

test('the echo decision: which bodies count, and the reason is stated either way', () => {
  const sent = DEMO_TOKEN;
  assert.equal(decideEchoOracle('documented', sent, ok({ token: sent })).echo, true);
  const altered = decideEchoOracle('documented', sent, ok({ token: `${sent}x` }));
  assert.equal(altered.echo, true);
  assert.match(altered.reason, /not the sent token/);
  assert.doesNotMatch(altered.reason, new RegExp(sent.replace(/[.]/g, '\\.')), 'the reason quotes the token');
  for (const body of [{ token: { sub: 'alice' } }, { access_token: sent }, { items: [] }, [sent]]) {
    const oracle = decideEchoOracle('documented', sent, ok(body));
    assert.equal(oracle.echo, false, JSON.stringify(body));
    assert.ok(oracle.reason.length > 0);
  }
  assert.equal(decideEchoOracle('documented', sent, { ...ok({ token: sent }), status: 401 }).echo, false);
});

test('the fuzzer keeps the echo oracle for an echo that alters the token, and fails fuzz.differential', async () => {
  const { verdicts, session } = await fuzz(echoing((t) => `${t}x`), { token: DEMO_TOKEN, validToken: false });
  assert.equal(session.oracle, 'echo');
  assert.match(session.echoReason, /not the sent token/);
  assert.equal(verdicts.get('fuzz.differential'), 'fail');
});

// --- class 7: valid-token mode ---

test('an accept-any target run with a token: judged as without one, never-issued is an INFO observation', async () => {
  const verdicts = await catalogue(correct(), VALID_TOKEN);
  assert.deepEqual(failing(verdicts), ['headers.never-issued-token (INFO)']);
  assert.match(verdicts.get('headers.never-issued-token')!.message, /accepts any token/);
});

test('a validating target passes everything, headers.never-issued-token included', async () => {
  const verdicts = await catalogue(TOKEN_TARGETS.strict, VALID_TOKEN);
  assert.deepEqual(failing(verdicts), []);
  assert.equal(verdicts.get('headers.never-issued-token')?.verdict, 'pass');
});

for (const [name, behaviour, id] of [
  ['accepts <token>== (as PyJWT does)', TOKEN_TARGETS.ignoresPadding, 'headers.padded-b64token'],
  ['accepts the token in another letter case', TOKEN_TARGETS.ignoresCase, 'headers.token-case-preserved'],
] as const) {
  test(`a validating target that ${name} fails ${id} at SHOULD, and nothing at MUST`, async () => {
    const verdicts = await catalogue(behaviour, VALID_TOKEN);
    assert.deepEqual(failing(verdicts), [`${id} (SHOULD)`]);
  });
}

test('a target that checks only the token format fails headers.never-issued-token at MUST', async () => {
  const verdicts = await catalogue(TOKEN_TARGETS.formatOnly, VALID_TOKEN);
  assert.ok(failing(verdicts).includes('headers.never-issued-token (MUST)'), failing(verdicts).join(', '));
  assert.match(verdicts.get('headers.never-issued-token')!.message, /checks the token's format/);
});

test('the never-issued token: same length and separators, seeded, never the token, and not derived from its characters', () => {
  const jwtLike = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  const decoy = neverIssuedToken(jwtLike, 7);
  assert.equal(decoy.length, jwtLike.length);
  assert.deepEqual(decoy.split('.').map((s) => s.length), jwtLike.split('.').map((s) => s.length));
  assert.notEqual(decoy, jwtLike);
  assert.equal(neverIssuedToken(jwtLike, 7), decoy);
  assert.notEqual(neverIssuedToken(jwtLike, 8), decoy);
  // two tokens of one shape get one never-issued token: it carries nothing of the characters
  assert.equal(neverIssuedToken('abcDEF123', 3), neverIssuedToken('zyxQRS987', 3));
  assert.notEqual(neverIssuedToken('-._~', 1), '-._~');
  assert.notEqual(foreignToken(VALID_TOKEN, DEMO_TOKEN, 1).length, VALID_TOKEN.length);
  assert.notEqual(foreignToken(DEMO_TOKEN, DEMO_TOKEN, 1).length, DEMO_TOKEN.length);
});

// --- the fuzzer in valid-token mode ---

interface FuzzRun { verdicts: Map<string, string>; session: FuzzSession }

async function fuzz(behaviour: Behaviour, mode: Pick<FuzzPlan, 'token' | 'validToken'>, arbitrary?: fc.Arbitrary<RawRequest>): Promise<FuzzRun> {
  const target = await startBehaviour(behaviour);
  const session = await FuzzSession.open({
    target: target.url, endpoint: ENDPOINT, profile: 'documented', ...mode,
    seed: 1, runs: 300, timeS: 20, timeoutMs: 3000, rate: 0, shrink: { maxRuns: 50 }, ...(arbitrary ? { arbitrary } : {}),
  }, new Redactor([mode.token]));
  const verdicts = new Map<string, string>();
  try {
    for (const r of ALL_FUZZ_REQUIREMENTS) {
      verdicts.set(r.id, await session.check(r.id, {}).then(() => 'pass', (err: unknown) => classify(err).verdict));
    }
  } finally {
    await session.close();
    await target.close();
  }
  return { verdicts, session };
}

/** What the CLI's preflight learns, then how the suites judge. */
async function learntMode(url: string): Promise<Pick<FuzzPlan, 'token' | 'validToken'>> {
  const client = new HttpClient({ timeoutMs: 3000 });
  try {
    const validation = await learnTokenValidation({ target: url, client }, ENDPOINT, { sameShape: neverIssuedToken(VALID_TOKEN, 1), otherShape: foreignToken(VALID_TOKEN, DEMO_TOKEN, 1) });
    return tokenMode(VALID_TOKEN, validation, DEMO_TOKEN);
  } finally {
    await client.close();
  }
}

test('the fuzzer on an accept-any target run with a token: judged as without one, no failure', async () => {
  const target = await startBehaviour(correct());
  const mode = await learntMode(target.url);
  await target.close();
  assert.equal(mode.validToken, false);
  const { verdicts } = await fuzz(correct(), mode);
  assert.deepEqual([...verdicts.values()].filter((v) => v !== 'pass'), []);
});

/** Near misses of the valid token: padded, case-swapped, cut, extended. */
const VARIANTS: fc.Arbitrary<RawRequest> = fc.constantFrom(`${VALID_TOKEN}==`, VALID_TOKEN.toUpperCase(), VALID_TOKEN.slice(0, -1), `${VALID_TOKEN}0`)
  .map((t) => ({ lines: [`Authorization: Bearer ${t}`] }));

test('the fuzzer judges accepted variants of the valid token at SHOULD (fuzz.valid-token-variants), not MUST', async () => {
  const { verdicts } = await fuzz(TOKEN_TARGETS.ignoresPadding, { token: VALID_TOKEN, validToken: true }, VARIANTS);
  assert.equal(verdicts.get('fuzz.differential'), 'pass');
  assert.equal(verdicts.get('fuzz.valid-token-variants'), 'fail');
  const strict = await fuzz(TOKEN_TARGETS.strict, { token: VALID_TOKEN, validToken: true }, VARIANTS);
  assert.deepEqual([...strict.verdicts.values()].filter((v) => v !== 'pass'), []);
});

test('the CLI on a validating target that accepts <token>== : exit 0, a SHOULD finding; exit 1 with --strict', { timeout: 400_000 }, async () => {
  const target = await startBehaviour(TOKEN_TARGETS.ignoresPadding);
  try {
    const args = ['--target', target.url, '--profile', 'documented', '--suites', 'headers,fuzz', '--seed', '1', '--fuzz-runs', '300'];
    const env = { BEARER_CONFORMANCE_TOKEN: VALID_TOKEN };
    const run = await runCli(args, { env, timeoutMs: 190_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const failing = run.report().results.filter((r) => r.verdict === 'fail').map((r) => `${r.id} (${r.level})`);
    assert.deepEqual(failing, ['headers.padded-b64token (SHOULD)']);
    assert.equal(run.report().results.find((r) => r.id === 'headers.never-issued-token')?.verdict, 'pass');
    assert.ok(!run.allReportText().includes(VALID_TOKEN));
    const strict = await runCli([...args, '--strict'], { env, timeoutMs: 190_000 });
    assert.equal(strict.code, 1, strict.stdout + strict.stderr);
  } finally {
    await target.close();
  }
});
