#!/usr/bin/env node
// Runs a TypeScript script (benchmarks, fixture tools) through tsx: `node bin/run-ts.mjs scripts/x.ts args…`.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { register } = await import('tsx/esm/api');
register();
const [, , script, ...rest] = process.argv;
if (!script) {
  console.error('usage: node bin/run-ts.mjs SCRIPT.ts [args…]');
  process.exit(2);
}
process.argv = [process.argv[0], resolve(script), ...rest];
await import(pathToFileURL(resolve(script)).href);
