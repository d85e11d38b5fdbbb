// bearer-conformance: test a target (default: the embedded reference server), `serve` the reference
// server, run a `matrix` of targets, `merge` the reports of shards, or `replay` a report's failures.
// Usage errors and could-not-test conditions end with one line on stderr, never a stack trace.
import { USAGE, UsageError, parseOptions } from './args.ts';
import { profileOf, runConformance } from './run.ts';
import { listRequirements } from './list.ts';

export async function main(argv: string[]): Promise<number> {
  try {
    if (argv[0] === 'serve') {
      const { serveMain } = await import('../reference-server/main.ts');
      return (await serveMain(argv.slice(1))) ?? 0;
    }
    if (argv[0] === 'matrix') {
      const { matrixMain } = await import('./matrix.ts');
      return await matrixMain(argv.slice(1));
    }
    if (argv[0] === 'replay') {
      const { replayMain } = await import('./replay.ts');
      return await replayMain(argv.slice(1));
    }
    if (argv[0] === 'merge') {
      const { mergeMain } = await import('./merge.ts');
      return await mergeMain(argv.slice(1));
    }
    const options = parseOptions(argv);
    if (options === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (options.list) {
      process.stdout.write(listRequirements(profileOf(options.profile), options.suites).join('\n') + '\n');
      return 0;
    }
    return (await runConformance(options)).exitCode;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`bearer-conformance: ${err.message}\n(see bearer-conformance --help)\n`);
      return 2;
    }
    process.stderr.write(`bearer-conformance: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    return 3;
  }
}
