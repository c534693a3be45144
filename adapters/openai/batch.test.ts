/** The OpenAI Batch API adapter against the loopback server (files and batches APIs) with the
 * real `openai` client, and the analysis provider taking its answers: a round trip where one
 * line fails (that part is asked synchronously), an expired batch (its answered lines kept),
 * a failed batch, and the uploaded file holding exactly the synchronous requests' bodies. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPrompt } from '../../pipeline/analyze/prompt.js';
import type { AnalyzeInput, BatchAnswer } from '../../pipeline/ports/analysis-provider.js';
import type { BatchAnalysis, BatchSnapshot } from '../../pipeline/ports/batch-analysis.js';
import { ENDED_STATES } from '../../pipeline/ports/batch-analysis.js';
import { LocalModelCache } from '../local-folder/model-cache.js';
import { createOpenAiProvider } from './analysis.js';
import { createOpenAiBatch, lineResult } from './batch.js';
import { createOpenAiClient } from './client.js';
import { BATCH_DISCOUNT } from './prices.js';
import { addBatchApi, type BatchApi, type BatchEnd } from './testing/batches.js';
import { analysisRoute, CHAT_ROUTE, chatRequest, completion } from './testing/chat.js';
import { estimateCost, priceOf } from './prices.js';
import { ProviderError } from '../../pipeline/errors.js';
import { startLoopback, type Loopback } from './testing/loopback.js';

let server: Loopback;
let api: BatchApi;
let ends: BatchEnd[] = [];
let failing = new Set<string>();
const dirs: string[] = [];
beforeAll(async () => {
  server = await startLoopback({ routes: { [CHAT_ROUTE]: analysisRoute() } });
  api = addBatchApi(server, { answer: analysisRoute(), delayMs: 30, end: () => ends.shift() ?? { state: 'completed' }, failLine: (id) => failing.has(id) });
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(() => {
  server.requests.length = 0;
  [ends, failing] = [[], new Set()];
});

const client = () => createOpenAiClient({ openaiApiKey: 'sk-test', openaiBaseUrl: server.baseURL, openaiTimeoutMs: 5000, openaiMaxRetries: 0 }, 'test');
const CANDIDATES = [{ keyword: '転職', count: 3 }, { keyword: '残業', count: 2 }];
function provider(cache = true) {
  const dir = mkdtempSync(join(tmpdir(), 'honne-batch-cache-'));
  dirs.push(dir);
  return createOpenAiProvider({ client: client(), prompt: loadPrompt('analysis', undefined, '/nowhere'), keywords: async () => CANDIDATES, server: 'loopback', ...(cache ? { cache: new LocalModelCache(dir) } : {}) });
}
const batchApi = (): BatchAnalysis => createOpenAiBatch({ client: client(), server: 'loopback' });
const input = (id: string, client: string[]): AnalyzeInput => ({ sessionId: id, language: 'ja', client, owner: 'e'.repeat(64) });
const SESSIONS = [input('s-1', ['[ORG]を辞めて転職したいです。']), input('s-2', ['残業が多くて眠れない日もあります。']), input('s-3', ['[PERSON]さんとの関係に悩んでいます。上司です。'])];

async function untilEnded(b: BatchAnalysis, id: string): Promise<BatchSnapshot> {
  for (;;) {
    const s = await b.poll(id);
    if (ENDED_STATES.has(s.state)) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the OpenAI Batch API adapter', () => {
  it('round trip: uploads the synchronous bodies, polls, reads output and error files; the failed line is asked synchronously, the rest cost half', async () => {
    const p = provider();
    const requests = await Promise.all(SESSIONS.map((s) => p.batchRequests!(s)));
    expect(requests.map((r) => r.length)).toEqual([1, 1, 1]);
    const lines = requests.flatMap((rs, i) => rs.map((r) => ({ customId: `s${i}.${r.key.slice(0, 8)}`, body: r.body })));
    failing = new Set([lines[1]!.customId]);
    const b = batchApi();
    const id = await b.submit(lines, 'b-test');
    const created = api.batches.at(-1)!;
    expect(created).toMatchObject({ endpoint: '/v1/chat/completions', completionWindow: '24h', metadata: { honne_batch: 'b-test' } });
    expect(api.files.get(created.inputFileId)?.purpose).toBe('batch');
    const snap = await untilEnded(b, id);
    expect(snap).toMatchObject({ state: 'completed', counts: { total: 3, completed: 2, failed: 1 } });
    expect(snap.results?.find((r) => r.customId === lines[1]!.customId)).toEqual({ customId: lines[1]!.customId, error: 'HTTP 500 server_error' });
    expect(server.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(0);

    const byId = new Map(snap.results!.map((r) => [r.customId, r]));
    const results = [];
    for (const [i, s] of SESSIONS.entries()) {
      const answered: Record<string, BatchAnswer> = {};
      for (const r of requests[i]!) {
        const got = byId.get(`s${i}.${r.key.slice(0, 8)}`)!;
        answered[r.key] = got.error !== undefined ? { error: got.error } : { response: got.response };
      }
      results.push(await p.analyze({ ...s, answered }));
    }
    // only the failed line went to the synchronous API, with the very body the batch sent
    const sync = server.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(sync).toHaveLength(1);
    expect(chatRequest(sync[0]!)).toEqual(JSON.parse(JSON.stringify(requests[1]![0]!.body)));
    // the same analyses as synchronous calls give, batch lines at half the price
    const plain = provider(false);
    for (const [i, s] of SESSIONS.entries()) {
      const alone = await plain.analyze(s);
      expect(results[i]!.analysis).toEqual(alone.analysis);
      expect(results[i]!.usage.inputTokens).toBe(alone.usage.inputTokens);
      expect(results[i]!.usage.costUsd).toBeCloseTo(i === 1 ? alone.usage.costUsd : BATCH_DISCOUNT * alone.usage.costUsd, 12);
      expect(results[i]!.usage.cached).toBe(false);
    }
    // the model cache is filled: a re-run sends nothing and costs nothing
    expect((await Promise.all(SESSIONS.map((s) => p.batchRequests!(s)))).flat()).toEqual([]);
    const again = await p.analyze(SESSIONS[0]!);
    expect(again.usage).toMatchObject({ costUsd: 0, cached: true });
  });

  it('the uploaded file holds the synchronous requests, one line each, and nothing else', async () => {
    const p = provider(false);
    const [r] = await p.batchRequests!(SESSIONS[0]!);
    const b = batchApi();
    await b.submit([{ customId: 'x1', body: r!.body }], 'b-pii');
    const uploaded = api.uploads().at(-1)!.trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(uploaded).toEqual([{ custom_id: 'x1', method: 'POST', url: '/v1/chat/completions', body: JSON.parse(JSON.stringify(r!.body)) }]);
    await p.analyze(SESSIONS[0]!);
    expect(chatRequest(server.requests.at(-1)!)).toEqual((uploaded[0] as { body: unknown }).body);
  });

  it('an expired batch: the lines answered before it expired are results, the rest say batch_expired', async () => {
    ends = [{ state: 'expired', answered: 2 }];
    const p = provider(false);
    const lines = (await Promise.all(SESSIONS.map((s) => p.batchRequests!(s)))).flat().map((r, i) => ({ customId: `l${i}`, body: r.body }));
    const b = batchApi();
    const snap = await untilEnded(b, await b.submit(lines, 'b-exp'));
    expect(snap.state).toBe('expired');
    expect(snap.counts).toEqual({ total: 3, completed: 2, failed: 1 });
    expect(snap.results?.filter((r) => r.response !== undefined).map((r) => r.customId).sort()).toEqual(['l0', 'l1']);
    expect(snap.results?.find((r) => r.customId === 'l2')).toEqual({ customId: 'l2', error: 'batch_expired' });
  });

  it('a failed batch says why (codes only), a cancelled one ends cancelled', async () => {
    ends = [{ state: 'failed', reason: 'the file is not valid JSONL' }];
    const p = provider(false);
    const [r] = await p.batchRequests!(SESSIONS[0]!);
    const b = batchApi();
    const failed = await untilEnded(b, await b.submit([{ customId: 'a', body: r!.body }], 'b-f'));
    expect(failed).toMatchObject({ state: 'failed', reason: 'invalid_request at line 1', results: [] });
    const id = await b.submit([{ customId: 'a', body: r!.body }], 'b-c');
    await b.cancel(id);
    const cancelled = await untilEnded(b, id);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.results).toEqual([{ customId: 'a', error: 'batch_cancelled' }]);
  });

  it('an invalid batch answer is asked again synchronously once: a good answer is used (batch tokens at half price), a second bad one fails the session with both reasons', async () => {
    const p = provider(false);
    const [r] = await p.batchRequests!(SESSIONS[0]!);
    const bad = JSON.parse(JSON.stringify(completion(chatRequest({ body: Buffer.from(JSON.stringify(r!.body)) } as never), '{"themes": "not a list"}'))) as { body: { usage: { prompt_tokens: number; completion_tokens: number } } };
    const answered: Record<string, BatchAnswer> = { [r!.key]: { response: bad.body } };
    const good = await p.analyze({ ...SESSIONS[0]!, answered });
    expect(server.requests.filter((q) => q.path === '/v1/chat/completions')).toHaveLength(1);
    const alone = await provider(false).analyze(SESSIONS[0]!);
    expect(good.analysis).toEqual(alone.analysis);
    const batchCost = BATCH_DISCOUNT * estimateCost(priceOf('gpt-4.1-mini'), { inputTokens: bad.body.usage.prompt_tokens, outputTokens: bad.body.usage.completion_tokens });
    expect(good.usage.costUsd).toBeCloseTo(alone.usage.costUsd + batchCost, 12);
    expect(good.usage.inputTokens).toBe(alone.usage.inputTokens + bad.body.usage.prompt_tokens);

    server.requests.length = 0;
    server.route(CHAT_ROUTE, analysisRoute((req) => completion(req, 'not json')));
    try {
      const err = await p.analyze({ ...SESSIONS[0]!, answered }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect((err as ProviderError).code).toBe('PROVIDER_INVALID_OUTPUT');
      expect((err as Error).message).toBe("analysis of part 1 of 1: the model's answer was unusable twice (batch API: the answer does not fit the output schema (themes: Invalid input: expected array, received string); then the answer is not JSON)");
      expect(server.requests.filter((q) => q.path === '/v1/chat/completions')).toHaveLength(1);
    } finally {
      server.route(CHAT_ROUTE, analysisRoute());
    }
  });

  it('attack: no redacted speech or model quote stays at the provider: cleanup deletes a finished batch\'s input, output and error files, and refuses while it runs', async () => {
    const p = provider(false);
    const lines = (await Promise.all(SESSIONS.map((s) => p.batchRequests!(s)))).flat().map((r, i) => ({ customId: `c${i}`, body: r.body }));
    failing = new Set(['c1']);
    const b = batchApi();
    const id = await b.submit(lines, 'b-clean');
    const created = api.batches.find((x) => x.id === id)!;
    expect(await b.cleanup(id)).toBe(false); // still running: its output is yet to come
    expect(api.filesOf(id)).toEqual([created.inputFileId]);
    await untilEnded(b, id);
    const held = api.filesOf(id);
    expect(held).toHaveLength(3); // input, output (2 answers), error (1 line)
    const quoted = '[ORG]を辞めて転職したいです。';
    const holding = () => [...api.files.values()].filter((f) => held.includes(f.id) && f.bytes.toString('utf8').includes(quoted));
    expect(holding().length).toBeGreaterThan(0);
    expect(await b.cleanup(id)).toBe(true);
    expect(api.filesOf(id)).toEqual([]);
    expect(holding()).toEqual([]);
    expect(api.deleted).toEqual(expect.arrayContaining(held));
    expect(await b.cleanup(id)).toBe(true); // again: the files already gone is no error
  });

  it('attack: an upload whose batch could not be created is deleted, not left holding the speech', async () => {
    const p = provider(false);
    const [r] = await p.batchRequests!(SESSIONS[1]!);
    const before = api.batches.length;
    const filesBefore = new Set(api.files.keys());
    api.failCreates(1);
    const err = await batchApi().submit([{ customId: 'z', body: r!.body }], 'b-orphan').catch((e: unknown) => e);
    expect((err as Error).message).toContain('creating a batch');
    expect(api.batches.length).toBe(before);
    // it was uploaded, then deleted: the server holds no new file
    const uploaded = server.requests.filter((q) => q.method === 'POST' && q.path === '/v1/files');
    expect(uploaded.at(-1)!.files[0]!.bytes.toString('utf8')).toContain('残業が多くて眠れない');
    expect([...api.files.keys()].filter((k) => !filesBefore.has(k))).toEqual([]);
    expect(api.deleted.at(-1)).toMatch(/^file-/);
  });

  it('a run cut off after submitting finds its batch by label and chunk instead of paying twice', async () => {
    const p = provider(false);
    const [r] = await p.batchRequests!(SESSIONS[2]!);
    const b = batchApi();
    const id = await b.submit([{ customId: 'f', body: r!.body }], 'b-find', 1);
    await b.submit([{ customId: 'g', body: r!.body }], 'b-other', 1);
    expect(api.batches.find((x) => x.id === id)?.metadata).toEqual({ honne_batch: 'b-find', chunk: '1' });
    expect(await b.find('b-find', 1)).toBe(id);
    expect(await b.find('b-find', 0)).toBeUndefined();
    expect(await b.find('b-none', 1)).toBeUndefined();
  });

  it('reads result lines: a 200, a non-200 with its code, an error line, and skips what is not a line', () => {
    expect(lineResult('{"custom_id":"a","response":{"status_code":200,"body":{"x":1}},"error":null}')).toEqual({ customId: 'a', response: { x: 1 } });
    expect(lineResult('{"custom_id":"b","response":{"status_code":400,"body":{"error":{"code":"invalid_value","message":"quotes the text"}}},"error":null}')).toEqual({ customId: 'b', error: 'HTTP 400 invalid_value' });
    expect(lineResult('{"custom_id":"c","response":null,"error":{"code":"batch_expired","message":"m"}}')).toEqual({ customId: 'c', error: 'batch_expired' });
    expect(lineResult('not json')).toBeUndefined();
    expect(lineResult('{"id":"x"}')).toBeUndefined();
  });
});
