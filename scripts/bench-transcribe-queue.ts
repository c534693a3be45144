/** `npm run bench:transcribe`: numbers, never assertions. Sustained transcription requests
 * against a loopback API that enforces a rate limit (at most `--limit` accepted requests in any
 * `--window-ms`, a sliding window as an API's per-minute limit; beyond it 429 with Retry-After),
 * from two honne worker processes running a batch of recording-only sessions end to end
 * (transcribe, redact, analyze, load, report). Each worker process is this script again
 * (BENCH_WORKER_API set): honne's workers with a transcriber that calls the API
 * (jobs/testing/limited-api.ts; the production CLI builds its transcriber from HONNE_TRANSCRIBER).
 * Starts its own redis-server. Cases:
 *   limiter   HONNE_RATE_LIMITS=transcribe=<limit>/<window + --margin-ms>, and 429s pause the queue;
 *   429-only  no limiter: the queue learns the limit from 429s alone;
 *   openai    as `limiter`, with honne's real OpenAI transcriber (HONNE_TRANSCRIBER=openai, the
 *             `openai` client, ffmpeg preparing a distinct 5 s recording per session, made first)
 *             against the OpenAI loopback server (adapters/openai/testing/loopback.ts) with the
 *             same limit (its Retry-After in whole seconds), the client's own retries off
 *             (HONNE_OPENAI_MAX_RETRIES=0: every 429 goes to the queue). Preparing audio takes CPU:
 *             give it a limit the machine can reach (`--cases openai --limit 8`).
 *   analyze   analysis instead (`npm run bench:analyze-queue`): sessions with transcript files of
 *             about `--chars` client characters each, HONNE_PROVIDER=openai (the real `openai`
 *             client, the client's retries off, the model cache off) against the OpenAI loopback
 *             server answering after `--latency-ms` and allowing `--limit` requests a window;
 *             HONNE_RATE_LIMITS=openai=<limit>/<window + --margin-ms>;
 *   analyze-tokens  as `analyze`, the server allowing `--token-limit` tokens a window instead
 *             (a request counts its prompt on arrival, its usage once answered) and honne's
 *             budget HONNE_RATE_LIMITS=openai.tokens=<token-limit>/<window + --margin-ms>.
 *             The worker processes are built as `honne worker` builds its own (app/compose.ts).
 * Prints, per case: requests (and tokens) the API accepted per window, sustained, as a share of
 * the limit (goal ≥ 90 % with 2 workers) — n per (span + one window), and over the whole windows
 * from the first request (`wholeWindows`) — 429s, failed sessions and wall time.
 * BENCH_TRACE=1 also prints every request's arrival (ms from the first; x: answered 429).
 *   node bin/run-ts.mjs scripts/bench-transcribe-queue.ts [--sessions 150] [--limit 20] [--window-ms 10000] [--latency-ms 300] [--concurrency 4] [--margin-ms 0] [--cases limiter,429-only]
 *   node bin/run-ts.mjs scripts/bench-transcribe-queue.ts --cases analyze,analyze-tokens [--sessions 150] [--chars 3000] [--token-limit 40000] */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyticsStore, objectStoreFor, queueContext, sessionStagesFor } from '../app/compose.js';
import { batchStatus } from '../jobs/batches.js';
import { loadQueueConfig } from '../jobs/config.js';
import { createQueueContext } from '../jobs/context.js';
import { createLogger } from '../jobs/log.js';
import { submitBatch } from '../jobs/submit.js';
import { httpTranscriber, startLimitedApi } from '../jobs/testing/limited-api.js';
import { sharedSessionDeps, startInProcessWorker, writeRecordingBatch, writeTranscriptBatch } from '../jobs/testing/recording-batch.js';
import { QUEUE_NAMES } from '../jobs/queues.js';
import { startWorkers } from '../jobs/worker.js';
import { analysisRoute, CHAT_ROUTE, chatRequest, promptTokens } from '../adapters/openai/testing/chat.js';
import { startTestRedis } from '../jobs/testing/redis.js';
import { loadConfig } from '../pipeline/config.js';
import { makeRecording } from '../adapters/ffmpeg/testing/fixtures.js';
import { startLoopback } from '../adapters/openai/testing/loopback.js';

const workerApi = process.env['BENCH_WORKER_API'];
if (workerApi === 'analyze') {
  // A worker process for the analysis cases, built as `honne worker` builds its own: the token
  // budget in Redis from HONNE_RATE_LIMITS, the OpenAI provider from the configuration.
  const config = loadConfig(process.env);
  const ctx = queueContext(config, loadQueueConfig(process.env), { role: 'worker', log: createLogger('silent') });
  const w = await startWorkers(ctx, await sessionStagesFor(config, ctx, true), { queues: QUEUE_NAMES, concurrency: Number(process.env['BENCH_TRANSCRIBE_CONCURRENCY'] ?? '4'), store: analyticsStore(config) });
  process.stdout.write('ready\n');
  await new Promise<void>((r) => process.once('SIGTERM', () => r()));
  await w.close();
  await ctx.close();
  process.exit(0);
} else if (workerApi !== undefined) {
  // A worker process: every queue, the transcriber calling the API, until SIGTERM.
  const config = loadConfig(process.env);
  const deps = await sharedSessionDeps(config);
  // `openai`: the transcriber the configuration builds; else the small one for the test API
  const w = await startInProcessWorker(config, loadQueueConfig(process.env), deps, workerApi === 'openai' ? deps.transcriber : httpTranscriber(workerApi), {
    concurrency: 2,
    transcribeConcurrency: Number(process.env['BENCH_TRANSCRIBE_CONCURRENCY'] ?? '4'),
  });
  process.stdout.write('ready\n');
  await new Promise<void>((r) => process.once('SIGTERM', () => r()));
  await w.close();
  process.exit(0);
}

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '150' },
    limit: { type: 'string', default: '20' },
    'window-ms': { type: 'string', default: '10000' },
    'latency-ms': { type: 'string', default: '300' },
    /** Transcribe jobs in hand per worker process. */
    concurrency: { type: 'string', default: '4' },
    /** How much longer honne's limiter window is than the API's (the `limiter` case). */
    'margin-ms': { type: 'string', default: '0' },
    cases: { type: 'string', default: 'limiter,429-only' },
    /** Client characters per transcript (the analysis cases). */
    chars: { type: 'string', default: '3000' },
    /** Tokens the API allows a window (the analyze-tokens case). */
    'token-limit': { type: 'string', default: '40000' },
  },
});
const [chars, tokenLimit] = [Number(values.chars), Number(values['token-limit'])];
const ANALYSIS_CASES = ['analyze', 'analyze-tokens'];
const [sessions, limit, windowMs, latencyMs, concurrency, marginMs] = [values.sessions, values.limit, values['window-ms'], values['latency-ms'], values.concurrency, values['margin-ms']].map(Number) as [number, number, number, number, number, number];
const cases = values.cases.split(',').map((c) => c.trim());
for (const c of cases) {
  if (c !== 'limiter' && c !== '429-only' && c !== 'openai' && !ANALYSIS_CASES.includes(c)) {
    console.error(`--cases: "${c}" is not limiter, 429-only, openai, analyze or analyze-tokens`);
    process.exit(2);
  }
}

const repo = resolve(import.meta.dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'honne-bench-transcribe-'));
const redis = await startTestRedis();
const procs = new Set<ChildProcess>();

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [join(repo, 'bin', 'run-ts.mjs'), join(repo, 'scripts', 'bench-transcribe-queue.ts')], { cwd: repo, env, stdio: ['ignore', 'pipe', 'inherit'] });
  procs.add(proc);
  proc.on('exit', () => procs.delete(proc));
  return new Promise((ok, fail) => {
    proc.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && ok(proc));
    proc.once('exit', (code) => fail(new Error(`a worker process exited (code ${code}) before it was ready`)));
  });
}

async function runCase(name: string): Promise<void> {
  if (ANALYSIS_CASES.includes(name)) return runAnalysisCase(name);
  const api = name === 'openai' ? await openAiApi() : await startLimitedApi({ limit: { max: limit, windowMs }, latencyMs, audioSeconds: 3600, trimmedSeconds: 240 });
  // real recordings for the real transcriber, each its own (the transcript cache keys by content)
  const record = (offset: number) => (path: string, i: number) => makeRecording(path, [{ tone: 2, freq: offset + i }, { silence: 1 }, { tone: 2, freq: 330 }]);
  const files = writeRecordingBatch(join(root, name, 'in'), sessions, name === 'openai' ? record(400) : undefined);
  const warm = writeRecordingBatch(join(root, name, 'warm-up'), 4, name === 'openai' ? record(200) : undefined);
  const { run, stop } = await startQueueCase(
    name,
    {
      ...(name !== '429-only' ? { HONNE_RATE_LIMITS: `transcribe=${limit}/${windowMs + marginMs}ms` } : {}),
      ...(name === 'openai' ? { HONNE_TRANSCRIBER: 'openai', OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: api.url, HONNE_OPENAI_MAX_RETRIES: '0' } : {}),
    },
    name === 'openai' ? 'openai' : api.url,
  );
  try {
    // A few sessions first, so that every stage has run once in each worker (modules and
    // dictionaries load on first use), then one window for the API to forget them.
    await run(warm, 'warm-out');
    await new Promise((r) => setTimeout(r, windowMs));
    api.reset();
    const t0 = performance.now();
    const status = await run(files, 'out');
    const wallS = (performance.now() - t0) / 1000;
    if (process.env["BENCH_TRACE"]) console.log(api.requests.map((r) => `${r.at - api.requests[0]!.at}${r.status === 429 ? "x" : ""}`).join(" "));
    const accepted = api.requests.filter((r) => r.status === 200).map((r) => r.at);
    const refused = api.requests.filter((r) => r.status === 429).length;
    // n requests at the limit take (n/limit − 1) windows from the first to the last: the rate
    // sustained is n per (span + one window).
    const span = Math.max(...accepted) - Math.min(...accepted);
    const perWindow = (accepted.length * windowMs) / (span + windowMs);
    const t = status.transcription;
    console.log(
      `${name.padEnd(9)} ${sessions} sessions, 2 worker processes × ${concurrency} transcribe jobs, API limit ${limit}/${windowMs / 1000} s (latency ${latencyMs} ms)` +
        `${name !== '429-only' ? `, limiter ${limit}/${(windowMs + marginMs) / 1000} s` : ''}${name === 'openai' ? ', the OpenAI transcriber' : ''}: ` +
        `sustained ${perWindow.toFixed(1)}/${windowMs / 1000} s = ${((100 * perWindow) / limit).toFixed(1)} % of the limit (over whole windows from the first request: ${((100 * wholeWindows(accepted.map((at) => ({ at, weight: 1 })))) / limit).toFixed(1)} %); ` +
        `${accepted.length} accepted, ${refused} answered 429; failed sessions ${status.failures.length}; ` +
        `batch ${status.state} in ${wallS.toFixed(1)} s (transcription: ${t.sessions} recordings, ${(t.audioSeconds / 60).toFixed(0)} audio min, ${(t.trimmedSeconds / 60).toFixed(0)} min trimmed, est. $${t.costUsd.toFixed(2)})`,
    );
  } finally {
    await stop();
    await api.close();
  }
}

/** The rate over whole windows from the first accepted request: what was accepted in the first
 * k windows (k as many as end before the last request) per window. Unlike n per (span + one
 * window), a last window the batch leaves half empty (it ran out of sessions, not of budget) does
 * not count; the API's sliding count keeps any window at or under the limit. */
function wholeWindows(accepted: ReadonlyArray<{ at: number; weight: number }>): number {
  const first = Math.min(...accepted.map((a) => a.at));
  const last = Math.max(...accepted.map((a) => a.at));
  const k = Math.max(1, Math.floor((last - first) / windowMs));
  return accepted.filter((a) => a.at < first + k * windowMs).reduce((n, a) => n + a.weight, 0) / k;
}

/** The analysis cases: the OpenAI loopback server enforcing a requests or a tokens limit, two
 * worker processes built as `honne worker` builds its own, a batch of transcript files. */
async function runAnalysisCase(name: string): Promise<void> {
  const byTokens = name === 'analyze-tokens';
  const server = await startLoopback({
    routes: {
      [CHAT_ROUTE]: async (r) => {
        await new Promise((ok) => setTimeout(ok, latencyMs));
        return analysisRoute()(r);
      },
    },
    ...(byTokens ? { tokenLimit: { perWindow: tokenLimit, windowMs, tokensOf: (r) => promptTokens(chatRequest(r)) } } : { rateLimit: { perWindow: limit, windowMs } }),
  });
  const chats = () => server.requests.filter((r) => r.path === '/v1/chat/completions');
  const window = windowMs + marginMs;
  const rateLimits = byTokens ? `openai.tokens=${tokenLimit}/${window}ms` : `openai=${limit}/${window}ms`;
  const files = writeTranscriptBatch(join(root, name, 'in'), sessions, chars);
  const warm = writeTranscriptBatch(join(root, name, 'warm-up'), 4, 200);
  const { run, stop } = await startQueueCase(name, {
    HONNE_PROVIDER: 'openai',
    HONNE_CACHE: 'off',
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: server.baseURL,
    HONNE_OPENAI_MAX_RETRIES: '0',
    HONNE_RATE_LIMITS: rateLimits,
  }, 'analyze');
  try {
    await run(warm, 'warm-out');
    await new Promise((r) => setTimeout(r, windowMs));
    server.requests.splice(0);
    const limitedBefore = server.limited;
    const t0 = performance.now();
    const status = await run(files, 'out');
    const wallS = (performance.now() - t0) / 1000;
    if (process.env['BENCH_TRACE']) console.log(chats().map((r) => `${r.at - chats()[0]!.at}${r.status === 429 ? 'x' : ''}`).join(' '));
    const ok = chats().filter((r) => r.status === 200);
    const refused = server.limited - limitedBefore;
    const at = ok.map((r) => r.at);
    const span = Math.max(...at) - Math.min(...at);
    // as above: n at the limit take (n/limit − 1) windows from the first to the last
    const perWindow = (ok.length * windowMs) / (span + windowMs);
    const tokens = ok.reduce((n, r) => n + (r.tokens ?? 0), 0);
    const tokensPerWindow = (tokens * windowMs) / (span + windowMs);
    const whole = wholeWindows(ok.map((r) => ({ at: r.at, weight: byTokens ? (r.tokens ?? 0) : 1 })));
    const max = byTokens ? tokenLimit : limit;
    const limitText = byTokens ? `${tokenLimit} tokens/${windowMs / 1000} s` : `${limit} requests/${windowMs / 1000} s`;
    const share =
      `sustained ${byTokens ? `${Math.round(tokensPerWindow)} tokens` : perWindow.toFixed(1)}/${windowMs / 1000} s = ${((100 * (byTokens ? tokensPerWindow : perWindow)) / max).toFixed(1)} % of the limit ` +
      `(over whole windows from the first request: ${((100 * whole) / max).toFixed(1)} %; ${byTokens ? `${perWindow.toFixed(1)} requests` : `${Math.round(tokensPerWindow)} tokens`}/${windowMs / 1000} s)`;
    console.log(
      `${name.padEnd(14)} ${sessions} sessions of ~${chars} client characters (${Math.round(tokens / Math.max(1, ok.length))} tokens a request), 2 worker processes × ${concurrency} analyze jobs, API limit ${limitText} (latency ${latencyMs} ms), ` +
        `honne ${rateLimits}: ${share}; ${ok.length} accepted, ${refused} answered 429; failed sessions ${status.failures.length}; batch ${status.state} in ${wallS.toFixed(1)} s; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    );
  } finally {
    await stop();
    await server.close();
  }
}

/** The OpenAI loopback server with the limit, answering every transcription with two speakers. */
async function openAiApi(): Promise<{ url: string; requests: readonly { at: number; status: number | null }[]; reset(): void; close(): Promise<void> }> {
  const server = await startLoopback({
    rateLimit: { perWindow: limit, windowMs },
    routes: {
      'POST /v1/audio/transcriptions': async () => {
        await new Promise((r) => setTimeout(r, latencyMs));
        return {
          kind: 'json',
          body: {
            task: 'transcribe', duration: 5, text: '最近いかがですか。 残業が多くて、少し疲れています。',
            segments: [
              { type: 'transcript.text.segment', id: 'seg_0', start: 0, end: 2, speaker: 'A', text: '最近いかがですか。' },
              { type: 'transcript.text.segment', id: 'seg_1', start: 3, end: 5, speaker: 'B', text: '残業が多くて、少し疲れています。' },
            ],
            usage: { type: 'duration', seconds: 5 },
          },
        };
      },
    },
  });
  return {
    url: server.baseURL,
    get requests() {
      return server.requests.filter((r) => r.path === '/v1/audio/transcriptions');
    },
    reset: () => void server.requests.splice(0),
    close: () => server.close(),
  };
}

try {
  for (const c of cases) await runCase(c);
} finally {
  for (const p of procs) p.kill('SIGKILL');
  await redis.stop();
  rmSync(root, { recursive: true, force: true });
}

/** Submits a batch of the files and waits until it is no longer running. */
async function submitAndWait(ctx: Parameters<typeof submitBatch>[1], analysis: Parameters<typeof submitBatch>[2], f: { companies: string; manifest: string }, outDir: string) {
  const { meta } = await submitBatch({ companiesFile: f.companies, manifestFile: f.manifest, outDir, lang: 'ja', formats: ['csv'] }, ctx, analysis);
  let status = await batchStatus(ctx, meta.id);
  while (status.state === 'running') {
    await new Promise((r) => setTimeout(r, 500));
    status = await batchStatus(ctx, meta.id);
  }
  return status;
}

/** What every case runs on: its environment (`extra` over the common one), a client context,
 * two worker processes (`workerApi`: what their transcriber or provider talks to) and a runner
 * that submits a batch and waits for it. Warm-up sessions are named like the batch's: another
 * folder makes them another batch. */
async function startQueueCase(name: string, extra: Record<string, string>, workerApi: string) {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HONNE_DATA_DIR: join(root, name, 'data'),
    HONNE_PSEUDONYM_KEY: 'bench-transcribe-key-0123456789',
    REDIS_URL: redis.url,
    HONNE_QUEUE_PREFIX: `bench-${name}`,
    HONNE_RETENTION_EVERY_MS: '0',
    ...extra,
  };
  const config = loadConfig(env);
  const ctx = createQueueContext(config, loadQueueConfig(env), { role: 'client', log: createLogger('silent'), objects: objectStoreFor(config) });
  const workerEnv = { ...env, BENCH_WORKER_API: workerApi, BENCH_TRANSCRIBE_CONCURRENCY: String(concurrency) };
  const workers = await Promise.all([startWorker(workerEnv), startWorker(workerEnv)]);
  const analysis = (await sharedSessionDeps(config)).provider;
  return {
    run: (f: { companies: string; manifest: string }, out: string) => submitAndWait(ctx, analysis, f, join(root, name, out)),
    stop: async () => {
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => (w.exitCode !== null ? undefined : new Promise((r) => w.once('exit', r)))));
      await ctx.close();
    },
  };
}
