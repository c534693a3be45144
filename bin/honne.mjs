#!/usr/bin/env node
// Entry point for `npx honne`: runs the TypeScript CLI through tsx (no build step needed).
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
