// A fuzz thread (fuzz/threads.ts): runs the trials the starting thread hands it, through a gate
// relayed to that thread's, and sends its tally back when the hand-outs end.
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { RawRequest } from '../model/types.ts';
import { RelayedGate } from '../transport/gate-relay.ts';
import { useTargetGate } from '../transport/gate.ts';
import { HttpClient } from '../transport/http.ts';
import { RawKeepAlivePool } from '../transport/raw-pool.ts';
import { Tally, sendAll } from './campaign.ts';
import type { FromThread, ThreadData, ThreadTarget, ToThread } from './threads.ts';

type Item = { index: number; value: RawRequest };

const port = parentPort as MessagePort;
const post = (m: FromThread) => port.postMessage(m);

async function run(portable: ThreadTarget, concurrency: number, deadlineEpochMs: number): Promise<void> {
  const gate = new RelayedGate(port, (workerData as ThreadData).retryOn429);
  useTargetGate(gate);
  const client = new HttpClient({ timeoutMs: portable.timeoutMs, insecure: portable.insecure, connections: concurrency });
  const rawPool = new RawKeepAlivePool({ timeoutMs: portable.timeoutMs, insecure: portable.insecure });
  const tally = new Tally();
  const queue: Item[] = [];
  let more = true;
  let asking: Promise<void> | undefined;
  let received: (() => void) | undefined;

  const onItems = (m: ToThread | { gate: string }) => {
    if (!('fuzz' in m) || m.fuzz !== 'items') return;
    queue.push(...m.items);
    gate.grant(m.items.length);
    more = m.more;
    received?.();
  };
  port.on('message', onItems);
  /** Asks for twice what is in flight, at most one question at a time. */
  const refill = (): Promise<void> => (asking ??= new Promise<void>((resolve) => {
    received = resolve;
    gate.flush();
    post({ fuzz: 'want', count: 2 * concurrency, unanswered: tally.unanswered });
  }).finally(() => (asking = undefined)));

  let timedOut = false;
  const take = async (): Promise<Item | undefined> => {
    for (;;) {
      if (gate.closed() !== undefined) return undefined;
      if (Date.now() >= deadlineEpochMs) {
        timedOut ||= queue.length > 0 || more;
        return undefined;
      }
      if (more && queue.length <= concurrency) void refill();
      const item = queue.shift();
      if (item) return item;
      if (!more) return undefined;
      await refill();
    }
  };
  try {
    const sent = await sendAll({ ...portable, client, rawPool }, tally, concurrency, take);
    const { outcomes, transports, failures, harnessErrors, unanswered } = tally;
    const gateReason = gate.closed();
    gate.flush();
    post({ fuzz: 'done', sent, tally: { outcomes, transports, failures, harnessErrors, unanswered }, ...(gateReason ? { gateReason } : {}), timedOut });
  } finally {
    port.off('message', onItems);
    gate.close();
    await Promise.all([client.close(), rawPool.close()]);
  }
}

port.on('message', (m: ToThread | { gate: string }) => {
  if ('fuzz' in m && m.fuzz === 'run') void run(m.target, m.concurrency, m.deadlineEpochMs);
});
post({ fuzz: 'ready' });
