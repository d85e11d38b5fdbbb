// The run's gate, seen from a worker thread. A thread has module state of its own, so its
// targetGate() would be a pass-through; instead it installs a RelayedGate, whose steps of send
// (admit, failed, answered, pause) are carried out by the gate of the thread that started it
// (serveGate). So --max-requests, --rate, 429 pauses and the breaker count every thread's requests
// as one run's, in the order they happen. A message between threads costs about as much as a
// request (it wakes the other thread), so they are few: the serving thread admits each request
// before it hands it out (the thread's first admit for it is then a credit, not a message; only a
// 429's re-send asks), and answers are counted and sent with the thread's next message. A failure
// waits for the gate's verdict (it may send the liveness request).
import { NotSent, TargetGate } from './gate.ts';
import { TransportError } from './wire.ts';

/** What a failure looks like on the wire between threads: enough for targetFault() to judge it. */
interface Fault {
  code?: string;
  message: string;
  transport: boolean;
}

type ToServer =
  | { gate: 'admit'; ids: number[] }
  | { gate: 'answered'; count: number }
  | { gate: 'failed'; id: number; fault: Fault }
  | { gate: 'pause'; retryAfter?: string };

type ToThread =
  | { gate: 'admitted'; results: [id: number, refused: string | null][] }
  | { gate: 'failed'; id: number };

/** A port both threads use: a Worker on one side, parentPort on the other. */
export interface RelayPort {
  postMessage(message: unknown): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
}

function faultOf(err: unknown): Fault {
  if (err instanceof TransportError) return { code: err.code, message: err.message, transport: true };
  const e = err as { code?: string; message?: string };
  return { ...(e?.code ? { code: e.code } : {}), message: e?.message ?? String(err), transport: false };
}

function errorOf(f: Fault): unknown {
  if (f.transport) return new TransportError(f.code as TransportError['code'], f.message);
  return Object.assign(new Error(f.message), f.code ? { code: f.code } : {});
}

/** Admits one request now, for a thread to send later (RelayedGate.grant): undefined, or why not. */
export async function admitAhead(gate: TargetGate): Promise<string | undefined> {
  try {
    await gate.admit();
    return undefined;
  } catch (err) {
    if (err instanceof NotSent) return err.message.replace(/^not sent: /, '');
    throw err;
  }
}

/** Serves `gate`'s steps to a thread; returns the function that stops serving. */
export function serveGate(port: RelayPort, gate: TargetGate): () => void {
  let admissions = Promise.resolve();
  const onMessage = (m: ToServer | { gate?: undefined }) => {
    switch (m.gate) {
      case 'admit':
        // one after another, as the senders of one process wait for their slots
        admissions = admissions.then(async () => {
          const results: [number, string | null][] = [];
          for (const id of m.ids) results.push([id, (await admitAhead(gate)) ?? null]);
          port.postMessage({ gate: 'admitted', results } satisfies ToThread);
        });
        return;
      case 'answered':
        for (let i = 0; i < m.count; i++) gate.answered();
        return;
      case 'failed':
        void gate.failed(errorOf(m.fault)).then(() => port.postMessage({ gate: 'failed', id: m.id } satisfies ToThread));
        return;
      case 'pause':
        gate.pause(m.retryAfter);
        return;
    }
  };
  port.on('message', onMessage);
  return () => port.off('message', onMessage);
}

/** A thread's gate: every step is the serving thread's gate's; closed() is what it last said. */
export class RelayedGate extends TargetGate {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: unknown) => void }>();
  private batch: number[] = [];
  private answers = 0;
  private refusal: string | undefined;
  private flushing: NodeJS.Immediate | undefined;
  /** requests the serving thread admitted before handing them out */
  private credits = 0;

  private readonly onMessage = (m: ToThread | { gate?: undefined }) => {
    if (m.gate === undefined) return; // the port carries the caller's messages too
    if (m.gate === 'failed') return this.settle(m.id);
    for (const [id, refused] of m.results) {
      if (refused !== null) this.refusal ??= refused;
      this.settle(id, refused === null ? undefined : new NotSent(refused));
    }
  };

  /** One run's: what it learns (a refusal) ends with the run (close). */
  constructor(private readonly port: RelayPort, retryOn429: boolean) {
    super({ retryOn429 });
    port.on('message', this.onMessage);
  }

  close(): void {
    this.port.off('message', this.onMessage);
  }

  override closed(): string | undefined {
    return this.refusal;
  }

  /** `count` requests handed out here were admitted already (admitAhead): their first admit is free. */
  grant(count: number): void {
    this.credits += count;
  }

  override admit(): Promise<void> {
    if (this.credits > 0) {
      this.credits--;
      return Promise.resolve();
    }
    const promise = this.wait();
    this.batch.push(this.nextId - 1);
    this.flushSoon();
    return promise;
  }

  /** Counted; sent with the next message (flush), before it. */
  override answered(): void {
    this.answers++;
  }

  override failed(err: unknown): Promise<void> {
    this.flush();
    const promise = this.wait();
    this.port.postMessage({ gate: 'failed', id: this.nextId - 1, fault: faultOf(err) } satisfies ToServer);
    return promise;
  }

  override pause(retryAfter: string | undefined): void {
    this.flush();
    this.port.postMessage({ gate: 'pause', retryAfter } satisfies ToServer);
  }

  /** After this turn of the event loop (its I/O callbacks included): its admissions as one message. */
  private flushSoon(): void {
    this.flushing ??= setImmediate(() => this.flush());
  }

  /** Sends what is pending, answers before admissions: the breaker sees them in the order they happened. */
  flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = undefined;
    if (this.answers > 0) this.port.postMessage({ gate: 'answered', count: this.answers } satisfies ToServer);
    if (this.batch.length > 0) this.port.postMessage({ gate: 'admit', ids: this.batch } satisfies ToServer);
    this.answers = 0;
    this.batch = [];
  }

  private wait(): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  private settle(id: number, err?: unknown): void {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    if (err === undefined) w?.resolve();
    else w?.reject(err);
  }
}
