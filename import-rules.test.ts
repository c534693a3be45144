/** The import rules of `.dependency-cruiser.cjs` (run by `npm run lint`) catch what they are for:
 * each rule is tried on a small tree written for it, so a rule that stopped matching (a path
 * typo, a renamed folder) fails here instead of passing every tree silently. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const rules = createRequire(import.meta.url)('./.dependency-cruiser.cjs') as IConfiguration;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The violations (rule, from, to) of a tree given as file → source. */
async function violations(files: Record<string, string>): Promise<string[]> {
  const base = mkdtempSync(join(tmpdir(), 'honne-imports-'));
  dirs.push(base);
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(dirname(join(base, file)), { recursive: true });
    writeFileSync(join(base, file), source);
  }
  const tops = [...new Set(Object.keys(files).map((f) => f.split('/')[0] as string))];
  const result = (await cruise(tops, { ruleSet: rules, validate: true, baseDir: base, tsPreCompilationDeps: true })).output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('import rules', () => {
  it('find a cycle, a type-only one included', async () => {
    expect(await violations({ 'pipeline/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n", 'pipeline/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n" })).toContain(
      'no-cycle: pipeline/a.ts → pipeline/b.ts',
    );
    const typeOnly = await violations({ 'reports/a.ts': "import type { B } from './b.js';\nexport type A = B[];\nexport const a = 1;\n", 'reports/b.ts': "import { a } from './a.js';\nexport type B = number;\nexport const b = a;\n" });
    expect(typeOnly.some((v) => v.startsWith('no-cycle:'))).toBe(true);
  });

  it('find an upward import from the pipeline, reports, an adapter, queue mode or the composition root', async () => {
    const found = await violations({
      'pipeline/run.ts': "import { write } from '../reports/write.js';\nexport const run = write;\n",
      'reports/write.ts': "import { q } from '../jobs/q.js';\nexport const write = q;\n",
      'jobs/q.ts': "import { store } from '../adapters/duckdb/store.js';\nexport const q = store;\n",
      'adapters/duckdb/store.ts': "import { objects } from '../local-folder/objects.js';\nexport const store = objects;\n",
      'adapters/local-folder/objects.ts': "import { main } from '../../cli/main.js';\nexport const objects = main;\n",
      'app/compose.ts': "import { main } from '../cli/main.js';\nexport const compose = main;\n",
      'cli/main.ts': "import { store } from '../adapters/duckdb/store.js';\nexport const main = () => store;\n",
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'pipeline-stays-down: pipeline/run.ts → reports/write.ts',
        'reports-read-pipeline-only: reports/write.ts → jobs/q.ts',
        'jobs-get-their-adapters: jobs/q.ts → adapters/duckdb/store.ts',
        'adapters-stand-alone: adapters/duckdb/store.ts → adapters/local-folder/objects.ts',
        'adapters-stand-alone: adapters/local-folder/objects.ts → cli/main.ts',
        'app-below-cli: app/compose.ts → cli/main.ts',
        'cli-through-the-root: cli/main.ts → adapters/duckdb/store.ts',
      ]),
    );
  });

  it('let a port import types and zod, but no I/O module', async () => {
    const found = await violations({
      'pipeline/ports/store.ts': "import type { Readable } from 'node:stream';\nimport { readFileSync } from 'node:fs';\nexport type S = Readable;\nexport const r = readFileSync;\n",
    });
    expect(found).toEqual(['ports-are-interfaces: pipeline/ports/store.ts → fs']);
  });

  it('leave alone what is allowed: downward imports, one adapter within itself, tests that compose', async () => {
    expect(
      await violations({
        'pipeline/session.ts': "export const s = 1;\n",
        'adapters/duckdb/store.ts': "import { s } from '../../pipeline/session.js';\nimport { schema } from './schema.js';\nexport const store = s + schema;\n",
        'adapters/duckdb/schema.ts': 'export const schema = 1;\n',
        'jobs/worker.test.ts': "import { store } from '../adapters/duckdb/store.js';\nexport const t = store;\n",
        'app/compose.ts': "import { store } from '../adapters/duckdb/store.js';\nexport const compose = store;\n",
        'cli/main.ts': "import { compose } from '../app/compose.js';\nexport const main = compose;\n",
      }),
    ).toEqual([]);
  });
});
