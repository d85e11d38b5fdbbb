// What the JavaScript interop apps share: the one demo token they all accept, and how they are
// told where to listen (`--port N`, 0 for any free port) and say where they listen.
import { parseArgs } from 'node:util';

/** The only token the JavaScript interop apps accept; the matrix passes it with --token. */
export const INTEROP_TOKEN = 'interop-demo-token';
export const HOST = '127.0.0.1';

/** The `--port N` an app was started with (default 0: any free port). */
export function portFromArgs(argv: string[] = process.argv.slice(2)): number {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string', default: '0' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`--port: expected an integer from 0 to 65535, got ${JSON.stringify(values.port)}`);
  return port;
}

/** The line a started app prints once it accepts connections. */
export function announce(port: number): void {
  process.stdout.write(`listening on http://${HOST}:${port}\n`);
}
