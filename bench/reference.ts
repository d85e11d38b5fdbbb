// The reference server's req/s on GET /items/ with a token, beside uvicorn + FastAPI 0.92 (Debian)
// serving the tutorial app, measured in the same run with autocannon. Goal: ratio >= 3.
import { startFastApi } from '../interop/fastapi/launch.ts';
import { startReferenceProcess } from '../interop/reference-process.ts';
import { medianRps } from './autocannon.ts';

const HEADERS = { Authorization: 'Bearer abc123' };

export async function benchReference(): Promise<{ reference: number; fastapi: number; ratio: number }> {
  const reference = await startReferenceProcess('fastapi@0.92');
  const fastapi = await startFastApi();
  try {
    const ref = await medianRps(`${reference.url}/items/`, HEADERS);
    const fa = await medianRps(`${fastapi.url}/items/`, HEADERS);
    return { reference: ref.median, fastapi: fa.median, ratio: ref.median / fa.median };
  } finally {
    await reference.close();
    await fastapi.close();
  }
}
