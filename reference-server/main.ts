// `bearer-conformance serve` and `npm run reference-server`: run the reference server until
// SIGINT or SIGTERM. A usage problem is one line on stderr and exit code 2, never a stack trace.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODES, isMode } from './credentials.ts';
import type { Mode } from './credentials.ts';
import { DEMO_USERS, normaliseRootPath, startReferenceServer } from './server.ts';
import type { ReferenceServerOptions } from './server.ts';

const PREFIX = 'bearer-conformance serve';
const DEFAULT_PORT = 8000;
const EXIT_USAGE = 2;

export const SERVE_USAGE = `usage: ${PREFIX} [--port N] [--host H] [--mode M] [--root-path /prefix] [--validate-tokens]

  --port N           port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H           address to listen on (default 127.0.0.1)
  --mode M           ${MODES.join(' | ')} (default documented)
  --root-path /p     serve every route under /p, as FastAPI does behind a proxy with root_path
  --validate-tokens  accept only tokens issued by POST /token (HS256 JWTs, a key per process)
  --help             show this text`;

class UsageError extends Error {}

const VALUE_FLAGS = ['--port', '--host', '--mode', '--root-path'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

function isValueFlag(flag: string): flag is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(flag);
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`--port: expected an integer from 0 to 65535, got ${JSON.stringify(text)}`);
  return Number(text);
}

function parseHost(text: string): string {
  if (text.trim() === '') throw new UsageError('--host: expected an address such as 127.0.0.1');
  return text;
}

function parseMode(text: string): Mode {
  if (!isMode(text)) throw new UsageError(`--mode: unknown mode ${JSON.stringify(text)}; valid: ${MODES.join(', ')}`);
  return text;
}

function parseRootPath(text: string): string {
  try {
    return normaliseRootPath(text);
  } catch (err) {
    throw new UsageError(`--root-path: ${(err as Error).message}`);
  }
}

/** `--flag value` and `--flag=value`; each flag at most once; --help anywhere wins. */
export function parseServeArgs(argv: readonly string[]): ReferenceServerOptions | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const opts: ReferenceServerOptions = { port: DEFAULT_PORT };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (seen.has(flag)) throw new UsageError(`${flag} given twice`);
    seen.add(flag);
    if (flag === '--validate-tokens') {
      if (eq > 0) throw new UsageError('--validate-tokens takes no value');
      opts.validateTokens = true;
      continue;
    }
    if (!isValueFlag(flag)) throw new UsageError(`unknown ${arg.startsWith('-') ? 'option' : 'argument'} ${JSON.stringify(arg)}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--port') opts.port = parsePort(value);
    if (flag === '--host') opts.host = parseHost(value);
    if (flag === '--mode') opts.mode = parseMode(value);
    if (flag === '--root-path') opts.rootPath = parseRootPath(value);
  }
  return opts;
}

function describeListenError(err: NodeJS.ErrnoException, opts: ReferenceServerOptions): string {
  const where = `${opts.host ?? '127.0.0.1'}:${opts.port}`;
  if (err.code === 'EADDRINUSE') return `cannot listen on ${where}: the address is already in use`;
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') return `cannot listen on ${where}: no such local address`;
  if (err.code === 'EACCES') return `cannot listen on ${where}: permission denied`;
  return `cannot listen on ${where}: ${err.message}`;
}

/** Resolves (0) once the server has closed after SIGINT/SIGTERM; 2 for a usage problem. */
export async function serveMain(argv: string[]): Promise<number> {
  let opts: ReturnType<typeof parseServeArgs>;
  try {
    opts = parseServeArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${PREFIX}: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (opts === 'help') {
    process.stdout.write(SERVE_USAGE + '\n');
    return 0;
  }
  let server: Awaited<ReturnType<typeof startReferenceServer>>;
  try {
    server = await startReferenceServer(opts);
  } catch (err) {
    process.stderr.write(`${PREFIX}: ${describeListenError(err as NodeJS.ErrnoException, opts)}\n`);
    return EXIT_USAGE;
  }
  process.stdout.write(`reference server (mode ${opts.mode ?? 'documented'}) listening on ${server.url}\n`);
  process.stdout.write(`demo users: ${Object.entries(DEMO_USERS).map(([user, password]) => `${user} / ${password}`).join(', ')}\n`);
  process.stdout.write(`try: ${server.url}/docs (Swagger UI), ${server.url}/openapi.json, GET ${server.url}/items/\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  process.stdout.write('reference server closed\n');
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  serveMain(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${PREFIX}: internal error: ${(err as Error)?.message ?? String(err)}\n`);
      process.exitCode = 3;
    },
  );
}
