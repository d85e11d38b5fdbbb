// `--list` prints every requirement the profile judges (id, level, title, source) and sends nothing,
// even with a --target given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { allRequirements } from '../suites/catalogue/requirements.ts';
import { BIN } from './helpers/root.ts';

/** Runs `--list` with a live --target; `connections`: how many the target got (queued ones are accepted before counting). */
async function listWith(args: string[]): Promise<{ status: number | null; stdout: string; connections: number }> {
  let connections = 0;
  const server = http.createServer((_req, res) => res.end('{}'));
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const run = spawnSync(process.execPath, [BIN, '--list', '--target', `http://127.0.0.1:${port}`, ...args], { encoding: 'utf8', timeout: 60_000 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  server.close();
  return { status: run.status, stdout: run.stdout, connections };
}

test('--list --profile rfc6750 prints each requirement rfc6750 judges, with its level there, and sends nothing', async () => {
  const { status, stdout, connections } = await listWith(['--profile', 'rfc6750']);
  assert.equal(status, 0);
  assert.equal(connections, 0);
  const rows = stdout.trim().split('\n').map((l) => l.split('\t'));
  const expected = allRequirements().filter((r) => r.profiles.rfc6750);
  assert.deepEqual(rows.map((r) => r[0]), expected.map((r) => r.id));
  for (const [i, r] of expected.entries()) {
    assert.equal(rows[i]!.length, 4, r.id);
    assert.equal(rows[i]![1], r.profiles.rfc6750!.level, r.id);
    assert.equal(rows[i]![3], r.profiles.rfc6750!.source.ref, r.id);
  }
  assert.ok(rows.some(([id]) => id === 'shape.challenge-auth-param'));
});

test('--list follows --profile: a requirement only some profiles judge is listed only under them', async () => {
  const { status, stdout } = await listWith(['--profile', 'fastapi@0.110.0']);
  assert.equal(status, 0);
  assert.ok(!stdout.includes('shape.challenge-auth-param'));
  assert.match(stdout, /^headers\.empty-token\tMUST\t.*endpoint sees token ""/m);
});
