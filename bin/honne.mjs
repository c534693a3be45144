#!/usr/bin/env node
// Entry point for `npx honne`: runs the compiled CLI (dist/, built by `npm ci` through the
// `prepare` script, or `npm run build`). A `.env` in the working folder is read first; it never
// overrides a variable already set in the environment.
import { existsSync } from 'node:fs';

if (existsSync('.env')) process.loadEnvFile('.env');
const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('honne is not built: run `npm run build` (npm ci does it through `prepare`)');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
