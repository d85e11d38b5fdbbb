// npm run bench: figures beside a baseline taken in the same run, and their ratio. Medians of 3,
// because this machine is noisy (client and server share 2 cores).
import { benchReference } from './reference.ts';
import { runFuzzBench } from './fuzz.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);

const ref = await benchReference();
console.log('reference server vs uvicorn + FastAPI 0.92, GET /items/ with a token (autocannon -c 50, median of 3 × 5 s)');
console.log(`  reference server   ${fmt(ref.reference)} req/s`);
console.log(`  uvicorn + FastAPI  ${fmt(ref.fastapi)} req/s`);
console.log(`  ratio              ${ref.ratio.toFixed(2)}×   (goal ≥ 3)`);

const fuzz = await runFuzzBench();
console.log('fuzz requests vs autocannon, same endpoint of the reference server');
console.log(`  fuzz               ${fmt(fuzz.fuzzRps)} req/s`);
console.log(`  --fuzz-threads ${fuzz.threads}   ${fmt(fuzz.threadsRps)} req/s   (ratio ${fuzz.threadsRatio.toFixed(2)}; threads started in ${Math.round(fuzz.threadStartMs)} ms, before the clock)`);
console.log(`  autocannon         ${fmt(fuzz.autocannonRps)} req/s`);
console.log(`  ratio              ${fuzz.ratio.toFixed(2)}    (goal ≥ 0.35)`);
console.log(`  default fuzz budget wall time ${(fuzz.defaultBudgetMs / 1000).toFixed(1)} s`);

const { runScaleBench } = await import('./scale.ts');
const rows = await runScaleBench();
console.log('whole-API runs: the default run (--no-docs) against N secured operations (reference server, fastapi@0.92)');
console.log('  operations   wall time   requests   exit');
for (const r of rows) console.log(`  ${String(r.operations).padStart(10)}   ${(r.wallMs / 1000).toFixed(1).padStart(7)} s   ${String(r.requests).padStart(8)}   ${r.exitCode}`);
