/** The files and batches APIs on the loopback server (testing/loopback.ts), for tests: `POST
 * /v1/files` (multipart, kept in memory), `GET /v1/files/:id/content`, `DELETE /v1/files/:id` (recorded in `deleted`), `POST /v1/batches`, `GET
 * /v1/batches/:id`, `POST /v1/batches/:id/cancel`, `GET /v1/batches` (one page, newest first). A batch ends `delayMs` after it is created
 * (looked at when it is polled, so no timer runs): each input line goes through `answer` (the
 * chat completions route, e.g. chat.ts `analysisRoute()`), its 200s into the output file, the
 * rest into the error file, as OpenAI writes them. How each batch ends is scripted (`end`):
 * completed, or expired / cancelled after its first lines, or failed. */
import { randomUUID } from 'node:crypto';
import type { Loopback, RecordedRequest, Reply, RouteHandler } from './loopback.js';

export type BatchEnd = { state: 'completed' } | { state: 'expired' | 'cancelled'; answered: number } | { state: 'failed'; reason: string };

export interface BatchApiOptions {
  /** Answers a line's body as `POST /v1/chat/completions` would. */
  answer: RouteHandler;
  /** From creation to the end (default 50 ms). */
  delayMs?: number;
  /** How the n-th batch (0, 1, …) ends (default: completed). */
  end?: (n: number) => BatchEnd;
  /** Lines answered with a 500 (in the error file), by their custom id. */
  failLine?: (customId: string) => boolean;
}

interface StoredFile {
  id: string;
  purpose: string;
  filename: string;
  bytes: Buffer;
}

interface InputLine {
  custom_id: string;
  method: string;
  url: string;
  body: unknown;
}

interface StoredBatch {
  id: string;
  n: number;
  createdAt: number;
  inputFileId: string;
  endpoint: string;
  completionWindow: string;
  metadata: Record<string, string> | null;
  status: string;
  outputFileId: string | null;
  errorFileId: string | null;
  counts: { total: number; completed: number; failed: number };
  errors: null | { object: 'list'; data: Array<{ code: string; message: string; line: number | null; param: null }> };
  cancelled: boolean;
}

export interface BatchApi {
  readonly files: ReadonlyMap<string, StoredFile>;
  /** Every batch created, in order, as last answered. */
  readonly batches: readonly StoredBatch[];
  /** The ids of the files deleted, in order. */
  readonly deleted: readonly string[];
  /** Makes the next `n` `POST /v1/batches` fail with a 500 (after the upload). */
  failCreates(n: number): void;
  /** Makes the next `n` `GET /v1/batches/:id` answer `status` (e.g. 400: an error no retry helps). */
  failPolls(n: number, status: number): void;
  /** From now on, the nth `GET /v1/batches/:id` (0, 1, …) answers the status `fault(nth)` gives
   * (undefined: answered as usual); `undefined` ends it. */
  faultPolls(fault: ((nth: number) => number | undefined) | undefined): void;
  /** While on, every `DELETE /v1/files/:id` answers a 500 (a provider that keeps the files). */
  failDeletes(on: boolean): void;
  /** The files of a batch (input, output, error) the server still holds. */
  filesOf(batchId: string): string[];
  /** The files uploaded with purpose `batch`: what was sent (deleted ones too). */
  uploads(): string[];
  /** What was sent as this file (purpose `batch`), even once deleted. */
  uploadOf(fileId: string): string | undefined;
}

const json = (body: unknown, status = 200): Reply => ({ kind: 'json', status, body });
const notFound = (what: string): Reply => json({ error: { message: `No such ${what}`, type: 'invalid_request_error', param: null, code: null } }, 404);

export function addBatchApi(loop: Loopback, opts: BatchApiOptions): BatchApi {
  const files = new Map<string, StoredFile>();
  const batches: StoredBatch[] = [];
  const deleted: string[] = [];
  const sent = new Map<string, string>();
  let createFailures = 0;
  let pollFailures = { n: 0, status: 500 };
  let deleteFailing = false;
  let pollFault: { fn: (nth: number) => number | undefined; nth: number } | undefined;
  const delayMs = opts.delayMs ?? 50;
  const putFile = (purpose: string, filename: string, bytes: Buffer): StoredFile => {
    const f = { id: `file-${randomUUID().slice(0, 12)}`, purpose, filename, bytes };
    files.set(f.id, f);
    return f;
  };
  const fileObject = (f: StoredFile) => ({ id: f.id, object: 'file', bytes: f.bytes.length, created_at: 1_765_000_000, filename: f.filename, purpose: f.purpose, status: 'processed' });
  const batchObject = (b: StoredBatch) => ({
    id: b.id,
    object: 'batch',
    endpoint: b.endpoint,
    errors: b.errors,
    input_file_id: b.inputFileId,
    completion_window: b.completionWindow,
    status: b.status,
    output_file_id: b.outputFileId,
    error_file_id: b.errorFileId,
    created_at: Math.floor(b.createdAt / 1000),
    in_progress_at: null,
    expires_at: Math.floor(b.createdAt / 1000) + 24 * 3600,
    finalizing_at: null,
    completed_at: null,
    failed_at: null,
    expired_at: null,
    cancelling_at: null,
    cancelled_at: null,
    request_counts: b.counts,
    metadata: b.metadata,
  });

  /** Runs the batch's lines and writes its files, once its time has come. */
  async function settle(b: StoredBatch): Promise<void> {
    if (['completed', 'expired', 'cancelled', 'failed'].includes(b.status)) return;
    if (!b.cancelled && Date.now() - b.createdAt < delayMs) {
      b.status = 'in_progress';
      return;
    }
    const end: BatchEnd = b.cancelled ? { state: 'cancelled', answered: 0 } : (opts.end?.(b.n) ?? { state: 'completed' });
    if (end.state === 'failed') {
      Object.assign(b, { status: 'failed', errors: { object: 'list', data: [{ code: 'invalid_request', message: end.reason, line: 1, param: null }] } });
      return;
    }
    const lines = files.get(b.inputFileId)!.bytes.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as InputLine);
    const [out, err]: [string[], string[]] = [[], []];
    for (const [i, line] of lines.entries()) {
      const id = `batch_req_${i}`;
      if (end.state !== 'completed' && i >= end.answered) {
        const code = end.state === 'expired' ? 'batch_expired' : 'batch_cancelled';
        err.push(JSON.stringify({ id, custom_id: line.custom_id, response: null, error: { code, message: `This line was not executed: the batch is ${end.state}.` } }));
        continue;
      }
      if (opts.failLine?.(line.custom_id)) {
        err.push(JSON.stringify({ id, custom_id: line.custom_id, response: { status_code: 500, request_id: id, body: { error: { message: 'loopback fault 500', type: 'server_error', code: 'server_error' } } }, error: null }));
        continue;
      }
      const body = Buffer.from(JSON.stringify(line.body));
      const req: RecordedRequest = { at: Date.now(), method: 'POST', path: line.url, headers: { 'content-type': 'application/json' }, body, fields: {}, lists: {}, files: [], status: null, abandoned: false, params: {} };
      const reply = await opts.answer(req);
      const status = reply.kind === 'json' ? (reply.status ?? 200) : 500;
      const entry = JSON.stringify({ id, custom_id: line.custom_id, response: { status_code: status, request_id: id, body: reply.kind === 'json' ? reply.body : null }, error: null });
      (status === 200 ? out : err).push(entry);
    }
    b.counts = { total: lines.length, completed: out.length, failed: err.length };
    if (out.length > 0) b.outputFileId = putFile('batch_output', 'output.jsonl', Buffer.from(out.join('\n') + '\n')).id;
    if (err.length > 0) b.errorFileId = putFile('batch_output', 'errors.jsonl', Buffer.from(err.join('\n') + '\n')).id;
    b.status = end.state;
  }

  loop.route('POST /v1/files', (r) => {
    const file = r.files.find((f) => f.field === 'file');
    if (!file) return json({ error: { message: 'file is required', type: 'invalid_request_error', param: 'file', code: null } }, 400);
    const f = putFile(r.fields['purpose'] ?? '', file.name, file.bytes);
    if (f.purpose === 'batch') sent.set(f.id, f.bytes.toString('utf8'));
    return json(fileObject(f));
  });
  loop.route('GET /v1/files/:id/content', (r) => {
    const f = files.get(r.params['id'] ?? '');
    return f ? { kind: 'text', body: f.bytes.toString('utf8'), headers: { 'content-type': 'application/octet-stream' } } : notFound('file');
  });
  loop.route('DELETE /v1/files/:id', (r) => {
    const id = r.params['id'] ?? '';
    if (deleteFailing) return json({ error: { message: 'loopback fault 500', type: 'server_error', param: null, code: 'server_error' } }, 500);
    if (!files.delete(id)) return notFound('file');
    deleted.push(id);
    return json({ id, object: 'file', deleted: true });
  });
  loop.route('POST /v1/batches', (r) => {
    if (createFailures > 0) {
      createFailures -= 1;
      return json({ error: { message: 'loopback fault 500', type: 'server_error', param: null, code: 'server_error' } }, 500);
    }
    const body = JSON.parse(r.body.toString('utf8')) as { input_file_id: string; endpoint: string; completion_window: string; metadata?: Record<string, string> };
    const input = files.get(body.input_file_id);
    if (!input || input.purpose !== 'batch') return notFound('input file');
    const total = input.bytes.toString('utf8').split('\n').filter(Boolean).length;
    const b: StoredBatch = {
      id: `batch_${randomUUID().slice(0, 12)}`,
      n: batches.length,
      createdAt: Date.now(),
      inputFileId: input.id,
      endpoint: body.endpoint,
      completionWindow: body.completion_window,
      metadata: body.metadata ?? null,
      status: 'validating',
      outputFileId: null,
      errorFileId: null,
      counts: { total, completed: 0, failed: 0 },
      errors: null,
      cancelled: false,
    };
    batches.push(b);
    return json(batchObject(b));
  });
  // newest first, one page (what a test makes fits in it)
  loop.route('GET /v1/batches', () => {
    const data = [...batches].reverse().map(batchObject);
    return json({ object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: false });
  });
  loop.route('GET /v1/batches/:id', async (r) => {
    const faulted = pollFailures.n > 0 ? pollFailures.status : pollFault?.fn(pollFault.nth++);
    if (pollFailures.n > 0) pollFailures.n -= 1;
    if (faulted !== undefined) return json({ error: { message: `loopback fault ${faulted}`, type: 'invalid_request_error', param: null, code: 'loopback_fault' } }, faulted);
    const b = batches.find((x) => x.id === r.params['id']);
    if (!b) return notFound('batch');
    await settle(b);
    return json(batchObject(b));
  });
  loop.route('POST /v1/batches/:id/cancel', (r) => {
    const b = batches.find((x) => x.id === r.params['id']);
    if (!b) return notFound('batch');
    if (!['completed', 'expired', 'cancelled', 'failed'].includes(b.status)) Object.assign(b, { cancelled: true, status: 'cancelling' });
    return json(batchObject(b));
  });
  return {
    files,
    batches,
    deleted,
    failCreates: (n) => {
      createFailures = n;
    },
    failPolls: (n, status) => {
      pollFailures = { n, status };
    },
    faultPolls: (fn) => {
      pollFault = fn ? { fn, nth: 0 } : undefined;
    },
    failDeletes: (on) => {
      deleteFailing = on;
    },
    filesOf: (batchId) => {
      const b = batches.find((x) => x.id === batchId);
      return b ? [b.inputFileId, b.outputFileId, b.errorFileId].filter((f): f is string => f !== null && files.has(f)) : [];
    },
    uploads: () => [...sent.values()],
    uploadOf: (id) => sent.get(id),
  };
}
