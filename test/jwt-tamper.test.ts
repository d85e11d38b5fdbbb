// Issue 17 part 1: the tampered JWTs (suites/checks/jwt-tamper.ts). Each forged token must fail
// verification with the key that signed the valid one (checked with jose's jwtVerify, as a
// correct target would), keep what the tampering keeps, and never show the signature in evidence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, UnsecuredJWT, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { TAMPERINGS, TAMPER_CLAIM, describeToken, tamperPrediction, tamperable } from '../suites/checks/jwt-tamper.ts';
import type { DecodedJwt } from '../suites/checks/jwt-tamper.ts';
import { REDACTED } from '../suites/redact.ts';

const KEY = new TextEncoder().encode('a test key of thirty-two bytes!!');
const CLAIMS = { sub: 'johndoe', exp: 4_102_444_800 };

async function validJwt(): Promise<string> {
  return new SignJWT(CLAIMS).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(KEY);
}

async function decoded(): Promise<{ token: string; jwt: DecodedJwt }> {
  const token = await validJwt();
  const jwt = tamperable(token);
  assert.ok(typeof jwt !== 'string', String(jwt));
  return { token, jwt };
}

test('the valid token verifies; every tampered one does not', async () => {
  const { token, jwt } = await decoded();
  await jwtVerify(token, KEY);
  for (const t of TAMPERINGS) {
    const forged = t.forge(jwt);
    assert.notEqual(forged, token, t.kind);
    await assert.rejects(jwtVerify(forged, KEY), `${t.kind} verified`);
  }
});

test('each tampering changes only what it names', async () => {
  const { token, jwt } = await decoded();
  const [header, payload, signature] = token.split('.');
  const forged = Object.fromEntries(TAMPERINGS.map((t) => [t.kind, t.forge(jwt)]));
  const altered = forged['signature-altered']!.split('.');
  assert.deepEqual(altered.slice(0, 2), [header, payload]);
  assert.equal(altered[2]!.length, signature!.length);
  assert.notEqual(altered[2], signature);
  assert.equal(forged['signature-removed'], `${header}.${payload}.`);
  assert.deepEqual(decodeProtectedHeader(forged['alg-none']!), { alg: 'none' });
  assert.deepEqual(UnsecuredJWT.decode(forged['alg-none']!).payload, CLAIMS);
  const changed = forged['payload-altered']!.split('.');
  assert.deepEqual([changed[0], changed[2]], [header, signature]);
  assert.deepEqual(decodeJwt(forged['payload-altered']!), { ...CLAIMS, [TAMPER_CLAIM]: 'payload changed without re-signing' });
});

test('a token that is not a signed JWT is not tampered with, and the reason says why', () => {
  for (const [token, why] of [
    ['mF_9.B5f-4.1JqM', /not a JWT/],
    ['opaque-token-0123456789', /1 dot-separated part/],
    ['a.b.c.d.e', /5 dot-separated parts/],
    [new UnsecuredJWT(CLAIMS).encode(), /unsecured JWT/],
  ] as const) {
    const result = tamperable(token);
    assert.equal(typeof result, 'string', token);
    assert.match(result as string, why);
  }
});

test('evidence shows the header and claims, never the signature', async () => {
  const { token, jwt } = await decoded();
  const signature = token.split('.')[2]!;
  for (const t of [token, ...TAMPERINGS.map((x) => x.forge(jwt))]) {
    const shown = describeToken(t);
    assert.ok(!JSON.stringify(shown).includes(signature.slice(1)), 'the signature is shown');
    assert.equal((shown.claims as { sub: string }).sub, 'johndoe');
    assert.ok([REDACTED, '(empty)'].includes(shown.signature as string));
  }
});

test('refused like a never-issued token: 401 + Bearer challenge; rfc6750 wants invalid_token', () => {
  for (const t of TAMPERINGS) {
    assert.deepEqual(tamperPrediction('documented', t).acceptable, [{ kind: 'challenged', error: 'any' }]);
    assert.deepEqual(tamperPrediction('fastapi@0.92', t).acceptable, [{ kind: 'challenged', error: 'any' }]);
    const strict = tamperPrediction('rfc6750', t);
    assert.deepEqual(strict.acceptable, [{ kind: 'challenged', error: 'invalid_token' }]);
    assert.equal(strict.requirement.source.ref, 'RFC 6750 §3.1');
    assert.equal(strict.requirement.level, 'MUST');
  }
});
