// Whole-API scaling: the default run (--no-docs, fastapi@0.92, seed 1) through the CLI against a
// FastAPI-0.92-like API (the reference server) with 1, 10, 100 and 1,000 numbered secured operations
// beside GET /items/: wall time, requests the target answered, exit code. Each size once (the
// 1,000 case is a minute or more on 2 shared cores).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startReferenceServer } from '../reference-server/server.ts';
import { LAUNCHER } from '../suites/layout.ts';

/** Numbered copies of GET /items/ beside it: 0 is the single-operation run. */
export const SIZES = [0, 9, 99, 999] as const;

export interface ScaleRow {
  operations: number;
  wallMs: number;
  requests: number;
  exitCode: number | null;
}

function runCli(target: string): Promise<number | null> {
  const report = mkdtempSync(path.join(os.tmpdir(), 'bc-bench-scale-'));
  const child = spawn(process.execPath, [LAUNCHER, '--target', target, '--profile', 'fastapi@0.92', '--no-docs', '--seed', '1', '--report', report], { stdio: 'ignore', env: { ...process.env, CI: '1' } });
  return new Promise((resolve) => child.on('close', (code) => {
    rmSync(report, { recursive: true, force: true });
    resolve(code);
  }));
}

async function measure(numbered: number): Promise<ScaleRow> {
  const server = await startReferenceServer({ mode: 'fastapi@0.92', quiet: true, numbered: { count: numbered } });
  try {
    const started = performance.now();
    const exitCode = await runCli(server.url);
    return { operations: numbered + 1, wallMs: performance.now() - started, requests: server.served(), exitCode };
  } finally {
    await server.close();
  }
}

export async function runScaleBench(): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const size of SIZES) rows.push(await measure(size));
  return rows;
}
