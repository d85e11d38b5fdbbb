// Start one interop target by name from a shell, e.g. as the matrix's "start command":
//   node --import tsx interop/serve.ts express+passport-http-bearer --port 8001
// Prints `listening on <url>` once the target accepts connections, runs until SIGINT or SIGTERM,
// and exits with the target if it dies. A usage problem is one line on stderr and exit code 2; a
// target that cannot run or start here, exit code 3.
import { parseArgs } from 'node:util';
import { INTEROP_TARGETS, interopTarget } from './targets.ts';

const EXIT_USAGE = 2;
const EXIT_UNAVAILABLE = 3;
const USAGE = `usage: node --import tsx interop/serve.ts TARGET [--port N]
targets: ${INTEROP_TARGETS.map((t) => t.name).join(', ')}`;

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(EXIT_USAGE);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { port: { type: 'string' } } });
} catch (err) {
  usage((err as Error).message);
}
const { values, positionals } = parsed;
if (positionals.length !== 1) usage('expected exactly one target name');
const target = interopTarget(positionals[0]!) ?? usage(`unknown target ${JSON.stringify(positionals[0])}`);
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) usage(`--port: expected an integer from 0 to 65535, got ${JSON.stringify(values.port)}`);

function cannotRun(why: string): never {
  process.stderr.write(`${target.name} cannot run here: ${why}\n`);
  process.exit(EXIT_UNAVAILABLE);
}

const why = await target.unavailable();
if (why) cannotRun(why);
const running = await target.start({ port }).catch((err: Error) => cannotRun(err.message));
process.stdout.write(`listening on ${running.url}\n`);
let stopping = false;
void running.exited.then((code) => {
  if (stopping) return;
  process.stderr.write(`${target.name} exited (code ${code})\n`);
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopping = true;
    void running.close().then(() => process.exit(0));
  });
}
