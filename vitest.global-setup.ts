/** Tests that spawn the command line (all *.int.test.ts) run `bin/honne.mjs`, the entry users
 * run, which runs the compiled `dist/`: rebuilt here first when any source is newer than it (a
 * stale dist/ would test yesterday's code). `npm run test:unit` runs none of them and skips this
 * (HONNE_TEST_NO_BUILD). */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['adapters', 'app', 'cli', 'jobs', 'pipeline', 'prompts', 'reports'];

function newestSource(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return (/\.(ts|mjs|json|gz)$/.test(path) || /prompts\/.+\.md$/.test(path)) && !path.endsWith('.test.ts') ? st.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).map((f) => newestSource(join(path, f))));
}

export default function setup(): void {
  if (process.env['HONNE_TEST_NO_BUILD']) return;
  const built = 'dist/cli/main.js';
  const newest = Math.max(...SOURCES.map(newestSource), ...['package.json', 'tsconfig.json', 'tsconfig.build.json'].map((f) => statSync(f).mtimeMs));
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return;
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/copy-assets.mjs'], { stdio: 'inherit' });
}
