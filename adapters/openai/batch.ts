/** The OpenAI Batch API (port: pipeline/ports/batch-analysis.ts): the lines as one JSONL file
 * (files API, purpose `batch`), a batch on `/v1/chat/completions` with a 24 h completion window,
 * polled; once it has ended, its output file (the 200s) and error file (the rest) are read into
 * one result per line; then `cleanup` deletes all three files (OpenAI keeps them until deleted). If
 * creating the batch fails, the uploaded file is deleted at once. Half the list price (prices.ts `BATCH_DISCOUNT`). A line's body is the
 * one the synchronous provider sends (analysis.ts `batchRequests`): only redacted speech.
 * Errors through errors.ts (never a body in a message). */
import type OpenAI from 'openai';
import { toFile } from 'openai';
import { ProviderError } from '../../pipeline/errors.js';
import { BATCH_STATES, ENDED_STATES, type BatchAnalysis, type BatchLine, type BatchLineResult, type BatchSnapshot, type BatchState } from '../../pipeline/ports/batch-analysis.js';
import { fromOpenAiError } from './errors.js';

export const BATCH_ENDPOINT = '/v1/chat/completions';
/** How many of the newest batches `find` looks through. */
export const FIND_WITHIN = 1000;

export interface OpenAiBatchDeps {
  client: OpenAI;
  /** The server's host, for messages (models.ts serverOf). */
  server: string;
}

/** A line of an output or error file, as OpenAI writes it. */
interface OutputLine {
  custom_id?: string;
  response?: { status_code?: number; body?: unknown } | null;
  error?: { code?: string | null; message?: string | null } | null;
}

/** One line of a result file as a `BatchLineResult` (undefined: not a line of ours). The reason
 * names codes and statuses only: an error body may quote the request. */
export function lineResult(raw: string): BatchLineResult | undefined {
  let line: OutputLine;
  try {
    line = JSON.parse(raw) as OutputLine;
  } catch {
    return undefined;
  }
  if (typeof line.custom_id !== 'string') return undefined;
  const status = line.response?.status_code;
  if (status === 200 && line.error == null) return { customId: line.custom_id, response: line.response?.body };
  const code = line.error?.code ?? (line.response?.body as { error?: { code?: string } } | undefined)?.error?.code;
  return { customId: line.custom_id, error: [status !== undefined ? `HTTP ${status}` : undefined, code ?? undefined].filter(Boolean).join(' ') || 'no response' };
}

const stateOf = (s: string): BatchState => ((BATCH_STATES as readonly string[]).includes(s) ? (s as BatchState) : 'in_progress');

export function createOpenAiBatch(deps: OpenAiBatchDeps): BatchAnalysis {
  const { client, server } = deps;
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw fromOpenAiError(err, { what, server });
    }
  };
  const readFile = async (id: string | null | undefined): Promise<BatchLineResult[]> => {
    if (!id) return [];
    const text = await call('reading a batch result file', async () => (await client.files.content(id)).text());
    return text.split('\n').filter((l) => l.trim() !== '').flatMap((l) => lineResult(l) ?? []);
  };
  /** Deletes a file; one already gone (404) is fine. */
  const deleteFile = async (id: string | null | undefined): Promise<void> => {
    if (!id) return;
    try {
      await client.files.delete(id);
    } catch (err) {
      if ((err as { status?: number }).status === 404) return;
      throw fromOpenAiError(err, { what: `deleting batch file ${id}`, server });
    }
  };
  return {
    async submit(lines: readonly BatchLine[], label: string, chunk?: number): Promise<string> {
      if (lines.length === 0) throw new ProviderError('PROVIDER_REJECTED', 'a batch needs at least one request');
      const jsonl = lines.map((l) => JSON.stringify({ custom_id: l.customId, method: 'POST', url: BATCH_ENDPOINT, body: l.body })).join('\n') + '\n';
      const file = await call('uploading a batch file', async () => client.files.create({ file: await toFile(Buffer.from(jsonl, 'utf8'), `${label}.jsonl`, { type: 'application/jsonl' }), purpose: 'batch' }));
      try {
        const batch = await call('creating a batch', () => client.batches.create({ input_file_id: file.id, endpoint: BATCH_ENDPOINT, completion_window: '24h', metadata: { honne_batch: label, ...(chunk !== undefined ? { chunk: String(chunk) } : {}) } }));
        return batch.id;
      } catch (err) {
        // the upload holds every session's redacted speech: not left behind unused
        await deleteFile(file.id).catch(() => undefined);
        throw err;
      }
    },
    async poll(id: string): Promise<BatchSnapshot> {
      const b = await call(`polling batch ${id}`, () => client.batches.retrieve(id));
      const state = stateOf(b.status);
      const counts = { total: b.request_counts?.total ?? 0, completed: b.request_counts?.completed ?? 0, failed: b.request_counts?.failed ?? 0 };
      const snap: BatchSnapshot = { id, state, counts };
      if (!ENDED_STATES.has(state)) return snap;
      const reason = b.errors?.data?.map((e) => [e.code, e.line != null ? `line ${e.line}` : undefined].filter(Boolean).join(' at ')).join('; ');
      const results = [...(await readFile(b.output_file_id)), ...(await readFile(b.error_file_id))];
      return { ...snap, results, ...(reason ? { reason } : {}) };
    },
    async cancel(id: string): Promise<void> {
      await call(`cancelling batch ${id}`, () => client.batches.cancel(id));
    },
    async find(label: string, chunk: number): Promise<string | undefined> {
      return call('listing batches', async () => {
        let seen = 0;
        // newest first: a cut-off run's batch is recent; an organisation's old batches are not read
        for await (const b of client.batches.list({ limit: 100 })) {
          if (b.metadata?.['honne_batch'] === label && b.metadata['chunk'] === String(chunk)) return b.id;
          if (++seen >= FIND_WITHIN) break;
        }
        return undefined;
      });
    },
    async cleanup(id: string): Promise<boolean> {
      const b = await call(`looking up batch ${id} to delete its files`, () => client.batches.retrieve(id));
      if (!ENDED_STATES.has(stateOf(b.status))) return false;
      for (const f of [b.input_file_id, b.output_file_id, b.error_file_id]) await deleteFile(f);
      return true;
    },
  };
}
