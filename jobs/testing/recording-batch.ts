/** TESTS AND BENCHMARKS ONLY: a batch of recording-only sessions (or of transcript files), and honne workers run inside
 * the calling process — each its own Redis connection and BullMQ Worker per queue, as a
 * `honne worker` process has — with a transcriber of the caller's choice (the production CLI
 * builds its transcriber from HONNE_TRANSCRIBER). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyticsStore, createSessionDeps, objectStoreFor } from '../../app/compose.js';
import type { Config } from '../../pipeline/config.js';
import type { Transcriber } from '../../pipeline/ports/transcriber.js';
import type { SessionDeps } from '../../pipeline/session.js';
import type { QueueConfig } from '../config.js';
import { createQueueContext, type QueueContext } from '../context.js';
import { createLogger } from '../log.js';
import { QUEUE_NAMES } from '../queues.js';
import { sessionStageDeps } from '../session-stages.js';
import { startWorkers, type RunningWorkers } from '../worker.js';

/** `n` sessions of one company, each with only a recording (`rec/r-<i>.m4a`: a few bytes, for an
 * API that does not decode audio, unless `record` writes a real one), consultant speaker A. */
export function writeRecordingBatch(dir: string, n: number, record?: (path: string, i: number) => void): { companies: string; manifest: string; sessionIds: string[] } {
  mkdirSync(join(dir, 'rec'), { recursive: true });
  const companies = join(dir, 'companies.csv');
  writeFileSync(companies, 'company_id,name,industry,employee_count\nC001,株式会社テスト,IT,500\n');
  const sessionIds = Array.from({ length: n }, (_, i) => `r-${String(i).padStart(5, '0')}`);
  const rows = sessionIds.map((id, i) => {
    if (record) record(join(dir, 'rec', `${id}.m4a`), i);
    else writeFileSync(join(dir, 'rec', `${id}.m4a`), `fake audio of ${id}`);
    const day = String(1 + (i % 28)).padStart(2, '0');
    return JSON.stringify({ session_id: id, company_id: 'C001', employee_id: `E${i}`, consultant_id: 'CNS-1', started_at: `2026-09-${day}T10:00:00+09:00`, language: 'ja', recording_uri: `rec/${id}.m4a`, consultant_speaker: 'A' });
  });
  const manifest = join(dir, 'sessions.jsonl');
  writeFileSync(manifest, rows.join('\n') + '\n');
  return { companies, manifest, sessionIds };
}

/** `n` sessions of one company, each with a transcript file (`txt/t-<i>.txt`, consultant and
 * client taking turns) whose client speech is about `clientChars` characters and differs from
 * every other session's (no two model requests alike). */
export function writeTranscriptBatch(dir: string, n: number, clientChars: number): { companies: string; manifest: string; sessionIds: string[] } {
  mkdirSync(join(dir, 'txt'), { recursive: true });
  const companies = join(dir, 'companies.csv');
  writeFileSync(companies, 'company_id,name,industry,employee_count\nC001,株式会社テスト,IT,500\n');
  const said = ['最近は残業が多くて、夜もあまり眠れていません。', '上司との面談では評価の話ばかりで、将来のことは相談できていません。', '子どもの保育園の送り迎えもあって、時間が足りないと感じます。', '資格の勉強を始めたいのですが、なかなか続きません。', '正直なところ、転職も少し考えています。'];
  const sessionIds = Array.from({ length: n }, (_, i) => `t-${String(i).padStart(5, '0')}`);
  const rows = sessionIds.map((id, i) => {
    const turns: string[] = [];
    for (let k = 0, chars = 0; chars < clientChars; k++) {
      const line = `${said[(i + k) % said.length]!}${k % 3 === 0 ? `（${i}件目の相談、${k + 1}回目）` : ''}`;
      turns.push(`consultant：そうなんですね。もう少し詳しく教えてください。`, `相談者：${line}`);
      chars += line.length;
    }
    writeFileSync(join(dir, 'txt', `${id}.txt`), `${turns.join('\n\n')}\n`);
    const day = String(1 + (i % 28)).padStart(2, '0');
    return JSON.stringify({ session_id: id, company_id: 'C001', employee_id: `E${i}`, consultant_id: 'CNS-1', started_at: `2026-09-${day}T10:00:00+09:00`, language: 'ja', transcript_uri: `txt/${id}.txt`, consultant_speaker: 'consultant' });
  });
  const manifest = join(dir, 'sessions.jsonl');
  writeFileSync(manifest, rows.join('\n') + '\n');
  return { companies, manifest, sessionIds };
}

export interface InProcessWorker {
  ctx: QueueContext;
  running: RunningWorkers;
  close(): Promise<void>;
}

/** One worker (every queue) in this process, on its own Redis connection, with `transcriber`.
 * `session`: the session deps to share (one tokenizer for all), built once by the caller. */
export async function startInProcessWorker(
  config: Config,
  qc: QueueConfig,
  session: SessionDeps,
  transcriber: Transcriber,
  opts: { concurrency?: number; transcribeConcurrency?: number } = {},
): Promise<InProcessWorker> {
  const ctx = createQueueContext(config, qc, { role: 'worker', log: createLogger('silent'), objects: objectStoreFor(config) });
  const running = await startWorkers(ctx, sessionStageDeps(ctx.objects, { ...session, transcriber }, config.pseudonymKey), {
    queues: QUEUE_NAMES,
    concurrency: opts.concurrency ?? 4,
    transcribeConcurrency: opts.transcribeConcurrency ?? null,
    store: analyticsStore(config),
  });
  return {
    ctx,
    running,
    async close() {
      await running.close();
      await ctx.close();
    },
  };
}

/** The session deps every in-process worker shares (the tokenizer loads once). */
export const sharedSessionDeps = (config: Config): Promise<SessionDeps> => createSessionDeps(config);
