// `--oracle status`: the escape hatch for an API whose 2xx body has a `token` member that is not
// the token it saw (a session or CSRF token). Without it the echo oracle judges that member (issue
// 16, class 2: a wrong echo fails the canonical requirement); with it only statuses are judged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBehaviour } from './mutants/header-mutants.ts';
import { echoing } from './mutants/token-mutants.ts';
import { runCatalogue } from './helpers/catalogue-run.ts';
import { decideEchoOracle } from '../suites/checks/oracle.ts';
import { UsageError, parseOptions } from '../bin/args.ts';
import { DEMO_TOKEN } from '../suites/catalogue/types.ts';

const SESSION_TOKEN = 'csrf-7f3a9c';

test('an unrelated `token` member: auto judges it as a wrong echo, status judges statuses only', async () => {
  const target = await startBehaviour(echoing(() => SESSION_TOKEN));
  try {
    const auto = await runCatalogue(target.url, 'documented');
    assert.equal(auto.get('headers.canonical')?.verdict, 'fail');
    const status = await runCatalogue(target.url, 'documented', { oracle: 'status' });
    assert.deepEqual([...status].filter(([, v]) => v.verdict === 'fail').map(([id]) => id), []);
  } finally {
    await target.close();
  }
});

test('decideEchoOracle with status: no echo, and the reason names the flag', () => {
  const res = { status: 200, statusLine: 'HTTP/1.1 200 OK', headers: {}, body: Buffer.from(JSON.stringify({ token: DEMO_TOKEN })) };
  assert.equal(decideEchoOracle('documented', DEMO_TOKEN, res).echo, true);
  const status = decideEchoOracle('documented', DEMO_TOKEN, res, 'status');
  assert.equal(status.echo, false);
  assert.match(status.reason, /--oracle status/);
});

test('--oracle: auto by default, status accepted, anything else a usage error', () => {
  const parsed = (argv: string[]) => parseOptions(argv, {}) as Exclude<ReturnType<typeof parseOptions>, 'help'>;
  assert.equal(parsed([]).oracle, 'auto');
  assert.equal(parsed(['--oracle', 'status']).oracle, 'status');
  assert.throws(() => parseOptions(['--oracle', 'echo'], {}), (err: unknown) => err instanceof UsageError && /--oracle must be one of auto, status/.test(err.message));
});
