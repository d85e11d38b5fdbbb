// scripts/behaviour-diff.ts on a hand-made before/after pair of matrix reports
// (test/fixtures/behaviour-diff/): a changed verdict, a changed level, a removed and an added check
// are differences; an id renamed under the same title, or through the rename table, is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffResults, diffRuns, readRun, type Result } from '../scripts/behaviour-diff.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'behaviour-diff');
const BEFORE = path.join(FIXTURES, 'before');
const AFTER = path.join(FIXTURES, 'after');

function byName(name: string) {
  const found = diffRuns(readRun(BEFORE), readRun(AFTER)).find((d) => d.name === name);
  assert.ok(found, `no target ${name}`);
  return found;
}

test('a changed verdict, a changed level, a removed and an added check are each a difference', () => {
  const api = byName('api');
  const shown = api.differences.map((d) => `${d.kind} ${d.key}`);
  assert.deepEqual(shown, [
    'changed headers.empty-token [GET /items]',
    'added headers.jwt-alg-none',
    'changed headers.multiple-sp',
    'removed headers.query-token-only',
  ]);
  const verdict = api.differences[0]!;
  assert.ok(verdict.kind === 'changed' && verdict.before.verdict === 'fail' && verdict.after.verdict === 'pass');
  const level = api.differences[2]!;
  assert.ok(level.kind === 'changed' && level.before.level === 'SHOULD' && level.after.level === 'INFO');
  assert.deepEqual(api.notes, ['run verdict nonconformant → conformant']);
});

test('an id renamed under the same suite and title is a rename, not a removed and an added check', () => {
  const api = byName('api');
  assert.deepEqual(api.renames, [{ from: 'headers.empty-token-sp', to: 'headers.empty-token-trailing-sp', by: 'title' }]);
  assert.ok(!api.differences.some((d) => d.key.startsWith('headers.empty-token-')), 'the rename is not a difference');
});

test('identical results are no difference; a target that stopped being judged is', () => {
  assert.deepEqual(byName('same'), { name: 'same', notes: [], differences: [], renames: [] });
  const gone = byName('gone');
  assert.match(gone.notes[0]!, /^status judged, 1 results → unavailable: FastAPI is not installed$/);
});

const result = (id: string, title: string, verdict = 'pass'): Result => ({ id, suite: 'headers', level: 'MUST', title, verdict });

test('the rename table matches an id whose title changed too, endpoint suffix kept; its verdict is still compared', () => {
  const before = [result('bearer.empty-token [GET /a]', 'old title [GET /a]')];
  const after = [result('headers.empty-token [GET /a]', 'new title [GET /a]', 'fail')];
  const renames = { 'bearer.empty-token': 'headers.empty-token' };
  const { differences, renames: found } = diffResults(before, after, renames);
  assert.deepEqual(found, [{ from: 'bearer.empty-token [GET /a]', to: 'headers.empty-token [GET /a]', by: 'table' }]);
  assert.deepEqual(differences.map((d) => `${d.kind} ${d.key}`), ['changed headers.empty-token [GET /a]']);
  const unmatched = diffResults(before, after, {});
  assert.deepEqual(unmatched.differences.map((d) => d.kind).sort(), ['added', 'removed'], 'without the table nothing pairs them');
});

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'behaviour-diff.ts'), ...args], { encoding: 'utf8', timeout: 60_000 });
}

test('the script exits 0 when identical, 1 on a difference, 2 on a directory without a report', () => {
  const same = cli(BEFORE, BEFORE);
  assert.equal(same.status, 0, same.stderr);
  assert.match(same.stdout, /^0 of 3 target\(s\) differ$/m);
  const differ = cli(BEFORE, AFTER);
  assert.equal(differ.status, 1, differ.stderr);
  assert.match(differ.stdout, /^ {2}changed {2}headers\.empty-token \[GET \/items\] {2}MUST fail → MUST pass$/m);
  assert.match(differ.stdout, /^2 of 3 target\(s\) differ$/m);
  const missing = cli(BEFORE, path.join(FIXTURES, 'no-such-dir'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no matrix\.json, targets\/ or conformance\.json/);
});
