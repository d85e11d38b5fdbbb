#!/usr/bin/env node
// The package bin. It registers tsx so the TypeScript CLI runs as is, from a clone or once published.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
