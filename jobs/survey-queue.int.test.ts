/** `honne batch submit --survey F` on a real Redis with in-process workers (the production
 * `startWorkers`): the survey is validated at submit (every bad row named by file, line and
 * field, kept with the manifest's rejects in Redis and OUT/rejects.jsonl), its valid rows wait in
 * the object store, and the batch's report job imports them before it writes the reports, which
 * then show behind the scores, as `honne run --survey` does. */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsStore, queueContext, sessionStagesFor } from '../app/compose.js';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { runCli } from '../cli/testing/run.js';
import { loadConfig } from '../pipeline/config.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { batchStatus, type BatchStatus } from './batches.js';
import { loadQueueConfig } from './config.js';
import type { QueueContext } from './context.js';
import { createLogger } from './log.js';
import { startTestRedis, type TestRedis } from './testing/redis.js';
import { startWorkers, type RunningWorkers } from './worker.js';

const repo = resolve(import.meta.dirname, '..');
const fixtures = join(repo, 'fixtures');
const root = mkdtempSync(join(tmpdir(), 'honne-survey-queue-'));
const KEY = 'survey-queue-test-key-0123456789';
/** C010: the fixture company whose departments are large enough for behind the scores. */
const COMPANY = 'C010';
/** A department of C010 given a survey score from fewer than k respondents. */
const SMALL = '開発部';

let redis: TestRedis;
const contexts: QueueContext[] = [];
const running: RunningWorkers[] = [];
let manifest = '';
let survey = '';
let surveyRows = 0;

beforeAll(async () => {
  redis = await startTestRedis();
  // the transcripts beside the manifest (a manifest names files under its own folder only)
  cpSync(join(fixtures, 'transcripts'), join(root, 'transcripts'), { recursive: true });
  const lines = readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n');
  manifest = join(root, 'sessions.jsonl');
  writeFileSync(manifest, lines.filter((l) => (JSON.parse(l) as { company_id: string }).company_id === COMPANY).join('\n') + '\n');
  const [header, ...rows] = readFileSync(join(fixtures, 'survey.csv'), 'utf8').trim().split('\n');
  // the attack: the lowest score of all, on a department of k − 1 respondents (stored, never shown)
  const ours = [...rows.filter((r) => r.startsWith(`${COMPANY},`) && !r.startsWith(`${COMPANY},2026-10,department,${SMALL},`)), `${COMPANY},2026-10,department,${SMALL},engagement,1.01,4`];
  surveyRows = ours.length;
  survey = join(root, 'survey.csv');
  // two bad rows after the good ones: a company not in the batch, a score that is no number
  writeFileSync(survey, [header, ...ours, 'C999,2026-10,all,,engagement,3.1,50', `${COMPANY},2026-10,department,製造部,engagement,high,20`].join('\n') + '\n');
}, 60_000);

afterAll(async () => {
  for (const r of running) await r.close(true).catch(() => undefined);
  for (const c of contexts) await c.close();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

const env: Record<string, string> = {
  HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: KEY, HONNE_QUEUE_PREFIX: `sq${process.pid}`,
  HONNE_STALLED_INTERVAL_MS: '1000', HONNE_LOCK_DURATION_MS: '3000', HONNE_BACKOFF_MS: '50', HONNE_BACKOFF_MAX_MS: '400', HONNE_LOG_LEVEL: 'silent',
};
const out = join(root, 'out');

async function until<T>(what: () => Promise<T>, done: (t: T) => boolean): Promise<T> {
  for (;;) {
    const t = await what();
    if (done(t)) return t;
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Submitted { id: string; rejected: number; rejects: { file: string; line: number; field?: string; reason: string }[]; meta: { survey?: { rows: number; rejects: number } } }

describe('batch submit --survey', () => {
  it('validates the survey at submit, keeps its rejects with the manifest\'s, and the batch\'s reports show behind the scores', async () => {
    const e = { ...env, REDIS_URL: redis.url };
    const r = await runCli(['batch', 'submit', '--companies', join(fixtures, 'companies.csv'), '--manifest', manifest, '--survey', survey, '--format', 'csv', '--out', out, '--json'], e, new Date());
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out) as Submitted;
    expect(s.meta.survey).toMatchObject({ rows: surveyRows, rejects: 2 });
    expect(s.rejects.map((x) => [x.file, x.line, x.field])).toEqual([
      [survey, surveyRows + 2, 'company_id'],
      [survey, surveyRows + 3, 'score'],
    ]);
    const kept = readFileSync(join(out, 'rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; line: number; raw: string });
    expect(kept.map((x) => [x.file, x.line])).toEqual([[survey, surveyRows + 2], [survey, surveyRows + 3]]);
    expect(kept[0]!.raw).toBe('C999,2026-10,all,,engagement,3.1,50');
    // a changed survey is another batch; the same survey again is the same batch
    const again = await runCli(['batch', 'submit', '--companies', join(fixtures, 'companies.csv'), '--manifest', manifest, '--survey', survey, '--format', 'csv', '--out', out, '--json'], e, new Date());
    expect((JSON.parse(again.out) as Submitted & { existed: boolean })).toMatchObject({ id: s.id, existed: true });

    const cfg = loadConfig(e);
    const ctx = queueContext(cfg, loadQueueConfig(e), { role: 'worker', log: createLogger('silent') });
    contexts.push(ctx);
    running.push(await startWorkers(ctx, await sessionStagesFor(cfg, ctx, true), { queues: ['redact', 'analyze', 'store'], concurrency: 2, store: analyticsStore(cfg) }));
    const status: BatchStatus = await until(() => batchStatus(ctx, s.id), (x) => x.state !== 'running');
    expect(status.failures).toEqual([]);
    expect(status.meta.rejects).toBe(2);
    expect(status.rejects.map((x) => x.field)).toEqual(['company_id', 'score']);

    const store = await DuckDbStore.open(cfg.storePath, keyBinding({ pseudonymKey: KEY, demoKey: false }));
    try {
      expect(await store.query('SELECT count(*)::INTEGER AS n FROM survey_scores')).toEqual([{ n: surveyRows }]);
    } finally {
      store.close();
    }
    const audit = await runCli(['audit', '--json'], e);
    const imports = (JSON.parse(audit.out) as { action: string; detail: Record<string, unknown> }[]).filter((x) => x.action === 'survey_import');
    expect(imports.map((x) => [x.detail['added'], x.detail['rejects']])).toEqual([[surveyRows, 2]]);

    const behind = join(out, COMPANY, '2026-10', '09_behind_the_scores.csv');
    expect(existsSync(behind)).toBe(true);
    // a header and rows: the lowest- and highest-scoring departments' themes
    const table = readFileSync(behind, 'utf8');
    expect(table.trim().split('\n').length).toBeGreaterThan(1);
    // the department of k − 1 respondents is no lowest-scoring group, and its score shows nowhere
    expect(table).not.toContain(SMALL);
    const dir = join(out, COMPANY, '2026-10');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.csv'))) expect(readFileSync(join(dir, f), 'utf8'), f).not.toContain('1.01');
  }, 240_000);
});
