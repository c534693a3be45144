/** TESTS AND BENCHMARKS ONLY: a stand-in for a transcription API with a rate limit, on a
 * loopback port. Every request is logged (arrival time, status); with `limit` set, a request
 * beyond `max` in the last `windowMs` (a sliding window, as an API's per-minute limit) is
 * answered 429 with `Retry-After` (seconds) and `retry-after-ms` (when the oldest request in
 * the window leaves it). An accepted request's body (the audio) is read whole, and the answer
 * is two diarised segments and the audio's length; `httpTranscriber` speaks to it. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RateLimitedError, TransientError } from '../../pipeline/errors.js';
import type { Transcriber } from '../../pipeline/ports/transcriber.js';
import type { Transcription } from '../../pipeline/schemas.js';

export interface ApiRequest {
  /** Arrival, ms since the epoch. */
  at: number;
  status: number;
}

export interface LimitedApi {
  url: string;
  readonly requests: readonly ApiRequest[];
  /** Forgets every request so far (the log and the window). */
  reset(): void;
  close(): Promise<void>;
}

export interface LimitedApiOptions {
  /** Enforced: at most `max` accepted requests in any `windowMs`. Without it every request is accepted. */
  limit?: { max: number; windowMs: number };
  /** How long an accepted request takes to answer (the API "transcribing"). */
  latencyMs?: number;
  /** Seconds of audio each answer says it heard, and seconds of silence it says were cut. */
  audioSeconds?: number;
  trimmedSeconds?: number;
}

/** What the API answers for an accepted request. */
export interface ApiAnswer {
  segments: Array<{ start: number; end: number; speaker: string; text: string }>;
  audioSeconds: number;
  trimmedSeconds: number;
}

const SEGMENTS: ApiAnswer['segments'] = [
  { start: 0, end: 2, speaker: 'A', text: '最近いかがですか。' },
  { start: 2, end: 6, speaker: 'B', text: '残業が多くて、少し疲れています。' },
];

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req) void _;
}

export async function startLimitedApi(opts: LimitedApiOptions = {}): Promise<LimitedApi> {
  const requests: ApiRequest[] = [];
  const accepted: number[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const at = Date.now();
    const { limit } = opts;
    if (limit) {
      while (accepted.length > 0 && accepted[0]! <= at - limit.windowMs) accepted.shift();
      if (accepted.length >= limit.max) {
        const waitMs = accepted[0]! + limit.windowMs - at;
        requests.push({ at, status: 429 });
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.ceil(waitMs / 1000)), 'retry-after-ms': String(waitMs) });
        res.end(JSON.stringify({ error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } }));
        req.resume();
        return;
      }
      accepted.push(at);
    }
    requests.push({ at, status: 200 });
    void drain(req).then(() =>
      setTimeout(() => {
        const answer: ApiAnswer = { segments: SEGMENTS, audioSeconds: opts.audioSeconds ?? 60, trimmedSeconds: opts.trimmedSeconds ?? 0 };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      }, opts.latencyMs ?? 0),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/audio/transcriptions`,
    requests,
    reset() {
      requests.length = 0;
      accepted.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** How long a 429 asks to wait: `retry-after-ms`, else `Retry-After` in seconds. */
function retryAfterMs(res: Response): number | undefined {
  const ms = Number(res.headers.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const s = Number(res.headers.get('retry-after'));
  return Number.isFinite(s) && s > 0 ? s * 1000 : undefined;
}

/** A transcriber that uploads the recording to `url` (one request, no retries of its own: a 429
 * is a `RateLimitedError` for the queue to handle) and prices its audio at `usdPerMinute`. */
export function httpTranscriber(url: string, usdPerMinute = 0.006): Transcriber & { calls: number } {
  const t = {
    name: 'http-test',
    settings: 'http-test',
    calls: 0,
    async transcribe({ sessionId, recording }: Parameters<Transcriber['transcribe']>[0]): Promise<Transcription> {
      t.calls += 1;
      const chunks: Uint8Array[] = [];
      for await (const c of await recording.open()) chunks.push(c);
      let res: Response;
      try {
        res = await fetch(url, { method: 'POST', body: Buffer.concat(chunks), headers: { 'content-type': 'application/octet-stream' } });
      } catch (err) {
        throw new TransientError('the transcription API cannot be reached', { sessionId }, { cause: err });
      }
      if (res.status === 429) {
        await res.body?.cancel();
        throw new RateLimitedError('the transcription API answered 429 (rate limit)', { sessionId }, { retryAfterMs: retryAfterMs(res) });
      }
      if (!res.ok) throw new TransientError(`the transcription API answered ${res.status}`, { sessionId });
      const answer = (await res.json()) as ApiAnswer;
      return {
        format: 'json',
        encoding: 'utf-8',
        segments: answer.segments,
        usage: { inputTokens: 0, outputTokens: 0, audioSeconds: answer.audioSeconds, trimmedSeconds: answer.trimmedSeconds, costUsd: (answer.audioSeconds / 60) * usdPerMinute, cached: false },
      };
    },
  };
  return t;
}
