// The reference server and the model share no parsing code; this is where they must agree. For
// every vector, the server in mode M, reached over a raw socket on 127.0.0.1, behaves as the model
// predicts under profile M. Across modes: wherever a vector says profile P must reject what
// profile M expects, the server in mode M is indeed judged non-conformant under P.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { predict } from '../suites/model/index.ts';
import { PROFILES } from '../suites/model/profiles.ts';
import { judge } from '../suites/checks/outcome.ts';
import { sendRaw } from '../suites/transport/raw.ts';
import { observe } from '../suites/checks/oracle.ts';
import { escapeBytes } from '../suites/evidence.ts';
import { startReferenceServer } from '../reference-server/server.ts';
import type { ProfileName, RawRequest } from '../suites/model/types.ts';
import type { WireResponse } from '../suites/transport/wire.ts';
import { ROOT } from './helpers/root.ts';

interface CompactObs { status: number; token?: string }
interface Vector { name: string; raw: RawRequest; expected?: Partial<Record<ProfileName, CompactObs>>; must_fail?: Partial<Record<ProfileName, CompactObs[]>> }

const VECTOR_DIR = path.join(ROOT, 'suites', 'model', 'vectors');
const vectors: Vector[] = readdirSync(VECTOR_DIR).filter((f) => f.endsWith('.json')).flatMap((f) => {
  const data = JSON.parse(readFileSync(path.join(VECTOR_DIR, f), 'utf8')) as Vector[] | { vectors: Vector[] };
  return Array.isArray(data) ? data : data.vectors;
});

const servers = new Map<ProfileName, { url: string; close(): Promise<void> }>();
/** responses[mode][vector index] */
const responses = new Map<ProfileName, WireResponse[]>();

before(async () => {
  for (const mode of PROFILES) {
    const server = await startReferenceServer({ port: 0, mode, quiet: true });
    servers.set(mode, server);
    const got: WireResponse[] = [];
    for (const v of vectors) {
      const url = `${server.url}/items/${v.raw.query ? '?' + v.raw.query : ''}`;
      got.push((await sendRaw({ method: v.raw.method ?? 'GET', url, lines: v.raw.lines }, { timeoutMs: 5000 })).response);
    }
    responses.set(mode, got);
  }
});
after(async () => {
  for (const s of servers.values()) await s.close();
});

function describe(v: Vector): string {
  return `${v.name} [${v.raw.lines.map((l) => escapeBytes(l.slice(0, 80))).join(' | ')}]`;
}

test('there are vectors for every profile', () => {
  assert.ok(vectors.length >= 100, `${vectors.length} vectors`);
  for (const p of PROFILES) assert.ok(vectors.some((v) => v.expected?.[p] || v.must_fail?.[p]), p);
});

for (const mode of PROFILES) {
  test(`the reference server in mode ${mode} behaves as the model predicts under ${mode}, on every vector`, () => {
    const wrong: string[] = [];
    vectors.forEach((v, i) => {
      const res = responses.get(mode)![i]!;
      const verdict = judge(predict(mode, v.raw), observe(res, true), { echo: true });
      if (!verdict.conforms) wrong.push(`${describe(v)}: expected ${verdict.expected.join(' or ')}; got ${verdict.actual}`);
    });
    assert.deepEqual(wrong, []);
  });
}

test('modes disagree where the vectors say their profiles must', () => {
  let checked = 0;
  const agreedWrongly: string[] = [];
  vectors.forEach((v, i) => {
    for (const mode of PROFILES) {
      const own = v.expected?.[mode];
      if (!own) continue;
      for (const other of PROFILES) {
        const rejects = v.must_fail?.[other]?.some((o) => o.status === own.status && (o.token === undefined || o.token === own.token));
        if (other === mode || !rejects) continue;
        // The vector's observation for M is one acceptable answer; only judge the pair when the server gave that one.
        const obs = observe(responses.get(mode)![i]!, true);
        if (obs.status !== own.status || (own.token !== undefined && obs.echoedToken !== own.token)) continue;
        checked++;
        const verdict = judge(predict(other, v.raw), obs, { echo: true });
        if (verdict.conforms) agreedWrongly.push(`${describe(v)}: server ${mode} judged conformant under ${other}`);
      }
    }
  });
  assert.ok(checked >= 10, `only ${checked} cross-profile disagreements to check`);
  assert.deepEqual(agreedWrongly, []);
});

test('the documented and fastapi servers disagree on `Bearer` with no token', () => {
  const raw: RawRequest = { lines: ['Authorization: Bearer'] };
  const documented = responses.get('documented')!;
  const index = vectors.findIndex((v) => v.raw.lines.length === 1 && v.raw.lines[0] === 'Authorization: Bearer');
  assert.ok(index >= 0, 'no vector for `Bearer`');
  assert.equal(judge(predict('fastapi', raw), observe(documented[index]!, true), { echo: true }).conforms, false);
  assert.equal(judge(predict('documented', raw), observe(responses.get('fastapi')![index]!, true), { echo: true }).conforms, false);
});
