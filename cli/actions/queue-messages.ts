/** Every user-facing message of the queue-mode commands, in one place. */
import type { Reject } from '../../pipeline/ingest/records.js';
import type { BatchStatus, RetryResult, StageCounts, TranscriptionUsage } from '../../jobs/batches.js';
import { STAGES } from '../../jobs/schemas.js';
import type { SubmitResult } from '../../jobs/submit.js';

const STATE_LABEL: Record<BatchStatus['state'], string> = {
  running: 'running',
  done: 'done',
  done_with_failures: 'done, with failed sessions',
};

function rejectLines(rejects: readonly Reject[], total: number, file: string | null): string[] {
  if (total === 0) return [];
  const lines = [`  rejected rows: ${total}${file ? ` (kept in ${file})` : ''}`];
  for (const r of rejects) lines.push(`    ${r.file}:${r.line}${r.field ? ` ${r.field}` : ''}: ${r.reason}`);
  if (total > rejects.length) lines.push(`    … and ${total - rejects.length} more`);
  return lines;
}

/** `--openai-batch`: the batch API's phase and each of its batches' state and counts. */
function openaiBatchLines(o: NonNullable<BatchStatus['openaiBatch']>): string[] {
  const phase = { collecting: 'waiting until every session is redacted', running: 'submitted, polling', done: 'all answers in', failed: `failed: ${o.reason ?? ''}` }[o.phase];
  const lines = [`  OpenAI Batch API: ${phase}${o.requests > 0 ? ` (${o.requests} request(s) for ${o.sessions} session(s))` : ''}`];
  for (const s of o.submissions) {
    lines.push(`    ${s.id}${s.attempt > 0 ? ' (resubmitted)' : ''}: ${s.state}, ${s.counts.completed} completed, ${s.counts.failed} failed of ${s.counts.total}`);
  }
  return lines;
}

const minutes = (sec: number) => (sec / 60).toFixed(1);

/** The batch's transcription usage: audio minutes sent, minutes saved by trimming, estimated cost. */
function transcriptionLine(t: TranscriptionUsage): string {
  const cached = t.cached > 0 ? ` (${t.cached} from the cache)` : '';
  return `  transcription: ${t.sessions} recording(s)${cached}, ${minutes(t.audioSeconds)} audio min sent, ${minutes(t.trimmedSeconds)} min saved by trimming silence, estimated cost $${t.costUsd.toFixed(2)}`;
}

export const queueMessages = {
  submitted(r: SubmitResult): string {
    const m = r.meta;
    const lines = [
      r.existed
        ? `batch ${m.id} was already submitted with these inputs: nothing new enqueued (see: honne batch status ${m.id})`
        : r.resumed
          ? `batch ${m.id}: the earlier submit of these inputs was cut off while enqueuing; the rest is enqueued now (${m.sessions} session(s), ${m.loads} load job(s))`
          : `batch ${m.id} submitted: ${m.sessions} session(s) queued, ${m.unchanged} unchanged (already queued or done by an earlier batch)${m.erasedEmployees ? `, ${m.erasedEmployees} of erased employees (left out)` : ''}, ${m.loadCompanyIds.length} companies in ${m.loads} load job(s)`,
      ...(m.survey ? [`  survey ${m.survey.file}: ${m.survey.rows} valid row(s), ${m.survey.rejects} rejected; imported before the batch's reports`] : []),
      `  reports will be written to ${m.outDir}`,
      ...rejectLines(r.rejects.slice(0, 20), r.rejects.length, m.rejectsFile),
    ];
    return lines.join('\n');
  },
  status(s: BatchStatus): string {
    const m = s.meta;
    const row = (name: string, c: StageCounts) =>
      `  ${name.padEnd(11)}${String(c.waiting).padStart(8)}${String(c.active).padStart(8)}${String(c.done).padStart(8)}${String(c.failed).padStart(8)}${String(c.total).padStart(8)}`;
    const lines = [
      `batch ${m.id}: ${STATE_LABEL[s.state]}`,
      ...(m.enqueued ? [] : [`  enqueuing was cut off: run the same \`honne batch submit\` again to finish it (its report waits until then)`]),
      `  submitted ${m.createdAt}: ${m.sessions} session(s) queued, ${m.unchanged} unchanged, ${m.rejects} rejected row(s)${m.erasedEmployees ? `, ${m.erasedEmployees} of erased employees left out` : ''}${m.rounds ? `, ${m.rounds} retry round(s)` : ''}${m.erased ? `, ${m.erased} erased since (honne erase)` : ''}`,
      `  sessions finished: ${s.sessionsFinished}/${m.sessions}`,
      `  ${'stage'.padEnd(11)}${'waiting'.padStart(8)}${'active'.padStart(8)}${'done'.padStart(8)}${'failed'.padStart(8)}${'total'.padStart(8)}`,
      ...STAGES.map((st) => row(st, s.stages[st])),
      ...(m.recordings > 0 || s.transcription.sessions > 0 ? [transcriptionLine(s.transcription)] : []),
      ...(s.openaiBatch ? openaiBatchLines(s.openaiBatch) : []),
    ];
    if (s.failures.length > 0) {
      lines.push(`  failed (${s.failures.length}; retry with: honne batch retry ${m.id}, or dismiss with: honne batch dismiss ${m.id}):`);
      for (const f of s.failures.slice(0, 50)) {
        const where = f.file ? ` (${f.file}${f.line !== undefined ? `:${f.line}` : ''})` : '';
        lines.push(`    ${f.id} [${f.companyId}] ${f.stage} ${f.code} after ${f.attempts} attempt(s)${where}: ${f.reason}`);
      }
      if (s.failures.length > 50) lines.push(`    … and ${s.failures.length - 50} more`);
    }
    lines.push(...rejectLines(s.rejects, m.rejects, m.rejectsFile));
    if (s.state !== 'running') lines.push(`  reports: ${m.outDir}`);
    return lines.join('\n');
  },
  retried: (id: string, r: RetryResult) =>
    r.sessions === 0 && r.loads === 0
      ? `batch ${id}: nothing to retry`
      : `batch ${id}: retry round ${r.round}: ${r.sessions} failed session(s) re-enqueued, ${r.loads} load job(s) to run`,
  dismissed: (id: string, n: number) => `batch ${id}: ${n} failure(s) dismissed`,
  workerStopped: 'worker stopped',
  threadsRemoved: (n: string) =>
    `--threads ${n}: stage threads were removed (a worker runs its session stages on its own thread); start one \`honne worker\` per core instead (--threads 0 is still accepted)`,
  redisNeverReached: (url: string, ms: number) =>
    `cannot reach Redis at REDIS_URL=${url} (tried for ${ms / 1000} s, HONNE_REDIS_UNREACHABLE_MS): start it, or fix REDIS_URL`,
  redisLost: (url: string, ms: number) =>
    `Redis at REDIS_URL=${url} has been unreachable for ${ms / 1000} s (HONNE_REDIS_UNREACHABLE_MS): the worker stopped; the jobs it held go back to the queue once Redis is back`,
  dashboard: (url: string, actions: boolean) => `dashboard: ${url} (${actions ? 'actions allowed' : 'read-only'}; Ctrl-C to stop)`,
  noBatches: 'no batches',
  batchLine: (id: string, state: string, finished: number, total: number, failed: number) =>
    `${id}  ${state.padEnd(26)} ${finished}/${total} sessions, ${failed} failed`,
};
