// The breaker's question before it trips: is the target down, or does it only hang on the inputs
// that just failed? A GET of the endpoint without credentials needs nothing generated, never
// changes state, and every live target answers it (401 from the scheme, 405, even 404): any HTTP
// answer means alive. It goes through the gate like every request (gate.ts), but sends no token.
import { Agent, request } from 'undici';

export interface LivenessOptions {
  timeoutMs: number;
  insecure?: boolean;
}

/** `url` (the endpoint under test) as a liveness request: resolves on any HTTP answer, rejects on none. */
export function livenessRequest(url: string, opts: LivenessOptions): () => Promise<void> {
  return async () => {
    const dispatcher = new Agent({ connect: { rejectUnauthorized: !opts.insecure } });
    try {
      const res = await request(url, {
        method: 'GET', dispatcher, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs, signal: AbortSignal.timeout(opts.timeoutMs),
      });
      await res.body.dump(); // the head answered; the body (at most undici's 128 KiB dump limit) is read and dropped
    } finally {
      await dispatcher.destroy();
    }
  };
}
