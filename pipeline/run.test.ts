/** `honne run` holds the tokenizer and dictionaries only while it has sessions to process: they
 * are released before the reports (pipeline/caches.ts), and what asks for them afterwards gets
 * them loaded again. Real tokenizer, local provider and DuckDB file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionDeps } from '../app/compose.js';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { releaseSessionCaches } from './caches.js';
import { loadConfig } from './config.js';
import { keyBinding } from './pseudonym.js';
import { loadJapaneseTokenizer } from './analyze/tokenizer.js';
import { nameModel } from './redact/name-model.js';
import { redactText } from './redact/redact.js';
import { silentProgress } from './progress.js';
import { runPipeline } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'honne-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('releaseSessionCaches', () => {
  it('drops the process-wide tokenizer and name model; the next call loads them again and redacts the same', async () => {
    const tokenizer = await loadJapaneseTokenizer();
    const model = nameModel();
    const text = '昨日、山田さんと田中部長に相談しました。';
    const before = redactText(text, { language: 'ja', speakerNames: [], tokenizer });
    releaseSessionCaches();
    const again = await loadJapaneseTokenizer();
    expect(again === tokenizer, 'a new tokenizer').toBe(false);
    expect(nameModel() === model, 'the model read again').toBe(false);
    expect(redactText(text, { language: 'ja', speakerNames: [], tokenizer: again })).toEqual(before);
    expect(before.redactions).toBeGreaterThan(0);
  });
});

describe('runPipeline', () => {
  it('builds the session dependencies once, releases them after the sessions and collects, before the reports', async () => {
    writeFileSync(join(dir, 't.txt'), 'consultant：今日はどうされましたか。\n相談者：残業が多くて転職を考えています。\n');
    writeFileSync(join(dir, 'companies.csv'), 'company_id,name,industry,employee_count\nC1,株式会社テスト,IT,500\n');
    writeFileSync(
      join(dir, 'sessions.jsonl'),
      JSON.stringify({ session_id: 's1', company_id: 'C1', employee_id: 'E1', consultant_id: 'CNS-1', started_at: '2026-10-01T10:00:00+09:00', transcript_uri: 't.txt' }) + '\n',
    );
    const config = loadConfig({ HONNE_DATA_DIR: join(dir, 'data'), HONNE_PSEUDONYM_KEY: 'run-test-key-0123456789' });
    const store = await DuckDbStore.open(config.storePath, keyBinding(config));
    const events: string[] = [];
    try {
      const summary = await runPipeline(
        { companiesFile: join(dir, 'companies.csv'), manifestFile: join(dir, 'sessions.jsonl'), outDir: join(dir, 'out'), lang: 'ja', formats: ['csv'] },
        {
          config, store, runId: 'r1', now: () => new Date('2026-11-01T00:00:00Z'), progress: silentProgress,
          session: async () => {
            events.push('session deps');
            return createSessionDeps(config);
          },
          releaseSessions: () => events.push('released'),
          collectGarbage: () => events.push('gc'),
          writeReports: async (req) => {
            events.push(`reports ${req.periods.join()}`);
            return [];
          },
        },
      );
      expect(summary.processed).toBe(1);
    } finally {
      store.close();
    }
    // a collection after the chunk's results are staged, and one after the release
    expect(events).toEqual(['session deps', 'gc', 'released', 'gc', 'reports 2026-10']);
  });
});
