// Stage thread entry (jobs/pool.ts): runs the TypeScript thread module through tsx, as bin/honne.mjs does.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { register } = await import('tsx/esm/api');
register();
await import('./pool-thread.ts');
