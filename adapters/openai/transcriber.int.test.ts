/** The OpenAI transcriber with the real `openai` client and the real ffmpeg preparer against the
 * loopback server: pieces, stitching, speakers across pieces, retries (Retry-After, the buffer
 * rule), timeouts, malformed answers, usage and cost; never the network. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, ProviderError, TransientError } from '../../pipeline/errors.js';
import type { AudioPiece, AudioPreparer } from '../../pipeline/ports/audio.js';
import type { Transcriber } from '../../pipeline/ports/transcriber.js';
import { createFfmpegPreparer } from '../ffmpeg/preparer.js';
import { fileRecording, makeRecording, type Part } from '../ffmpeg/testing/fixtures.js';
import { createOpenAiClient } from './client.js';
import { createOpenAiTranscriber } from './transcriber.js';
import { faults, startLoopback, type Loopback } from './testing/loopback.js';
import { speechRoute, type Utterance } from './testing/speech-server.js';

const CONSULTANT = { who: 'consultant', hz: 220 };
const CLIENT = { who: 'client', hz: 330 };
/** Turns of a conversation (voice, seconds) with 1 s pauses, and one long silence (trimmed). */
const TURNS: Array<[typeof CONSULTANT, number] | 'long silence'> = [
  [CONSULTANT, 12], [CLIENT, 14], [CONSULTANT, 9], [CLIENT, 13], 'long silence',
  [CONSULTANT, 11], [CLIENT, 15], [CONSULTANT, 10], [CLIENT, 12], [CONSULTANT, 8], [CLIENT, 14],
];
const LONG_SILENCE = 20;

let dir: string;
let server: Loopback;
let utterances: Utterance[];
let long: string;
let short: string;
/** The pieces of the preparation under way, and each piece's bytes as they were on disk. */
let current: AudioPiece[] = [];
let pieceBytes: Buffer[] = [];

/** The ffmpeg preparer, watched: the test's route reads the pieces it made. */
function watched(maxPieceSec?: number): AudioPreparer {
  const real = createFfmpegPreparer({ maxPieceBytes: 25_000_000, tmpDir: dir, ...(maxPieceSec !== undefined ? { maxPieceSec } : {}) });
  return {
    settings: real.settings,
    clip: (p, from, d) => real.clip(p, from, d),
    prepare: (recording, use) =>
      real.prepare(recording, (audio) => {
        current = audio.pieces;
        pieceBytes = audio.pieces.map((p) => readFileSync(p.path));
        return use(audio);
      }),
  };
}

function transcriber(o: { model?: string; maxPieceSec?: number; timeoutMs?: number; maxRetries?: number } = {}): Transcriber {
  const client = createOpenAiClient({ openaiApiKey: 'sk-test', openaiBaseUrl: server.baseURL, openaiTimeoutMs: o.timeoutMs ?? 20_000, openaiMaxRetries: o.maxRetries ?? 2 }, 'the test');
  return createOpenAiTranscriber({ client, model: o.model ?? 'gpt-4o-transcribe-diarize', audio: watched(o.maxPieceSec), server: '127.0.0.1' });
}

const request = (file: string, signal?: AbortSignal) => ({ sessionId: 's-1', language: 'ja' as const, recording: fileRecording(file), ...(signal ? { signal } : {}) });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'honne-openai-test-'));
  const parts: Part[] = [];
  utterances = [];
  let t = 0;
  TURNS.forEach((turn, i) => {
    if (turn === 'long silence') {
      parts.push({ silence: LONG_SILENCE });
      t += LONG_SILENCE;
      return;
    }
    const [voice, sec] = turn;
    parts.push({ tone: sec, freq: voice.hz }, { silence: 1 });
    utterances.push({ start: t, end: t + sec, ...voice, text: `turn ${i} of the ${voice.who}, said in full` });
    t += sec + 1;
  });
  long = join(dir, 'long.m4a');
  makeRecording(long, parts);
  short = join(dir, 'short.m4a');
  makeRecording(short, [{ tone: 6 }, { silence: 1 }, { tone: 5, freq: 330 }]);
  server = await startLoopback();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.requests.length = 0;
  server.route('POST /v1/audio/transcriptions', speechRoute({ utterances: shortOrLong(), pieces: () => current, honourKnown: true }));
});

let which: 'long' | 'short' = 'long';
const shortOrLong = (): Utterance[] =>
  which === 'long'
    ? utterances
    : [
        { start: 0, end: 6, ...CONSULTANT, text: 'はじめまして、本日はよろしくお願いします' },
        { start: 7, end: 12, ...CLIENT, text: '転職を考えています' },
      ];
const useShort = () => {
  which = 'short';
  server.route('POST /v1/audio/transcriptions', speechRoute({ utterances: shortOrLong(), pieces: () => current, honourKnown: true }));
};

const expected = (labels: Record<string, string>) => utterances.map((u) => [labels[u.who], u.text]);

describe('OpenAI transcriber: a long recording in pieces', () => {
  it('uploads each piece whole, stitches the segments on the recording clock, each turn once, one label per voice across pieces (known speakers)', async () => {
    which = 'long';
    const t0 = performance.now();
    const result = await transcriber({ maxPieceSec: 50 }).transcribe(request(long));
    const wallMs = performance.now() - t0;
    const pieces = current;
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    // one request per piece, each the piece's whole bytes, as MP3, with the diarisation parameters
    expect(server.requests.map((r) => [r.status, r.files[0]?.name, r.fields.model, r.fields.response_format, r.fields.chunking_strategy, r.fields.language])).toEqual(
      pieces.map((p) => [200, `piece-${p.index}.mp3`, 'gpt-4o-transcribe-diarize', 'diarized_json', 'auto', 'ja']),
    );
    server.requests.forEach((r, i) => expect(sha(r.files[0]!.bytes)).toBe(sha(pieceBytes[i]!)));
    // from the second piece on, the voices heard so far go along as known speakers (their clips' pitch is theirs)
    expect(server.requests.slice(1).every((r) => (r.lists['known_speaker_names[]'] ?? []).join() === 'speaker_A,speaker_B')).toBe(true);
    expect(result.segments.map((s) => [s.speaker, s.text])).toEqual(expected({ consultant: 'A', client: 'B' }));
    result.segments.forEach((s, i) => {
      expect(s.start).toBeCloseTo(utterances[i]!.start, 1);
      expect(s.end).toBeCloseTo(utterances[i]!.end, 1);
    });
    // seconds sent: the pieces (as the server billed them, whole seconds); trimmed: the long silence (and the pause before it) less its margins
    expect(result.usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      audioSeconds: pieces.reduce((n, p) => n + Math.ceil(p.durationSec), 0),
      trimmedSeconds: expect.closeTo(LONG_SILENCE + 1 - 1, 1) as unknown as number,
      costUsd: expect.closeTo((pieces.reduce((n, p) => n + Math.ceil(p.durationSec), 0) / 60) * 0.006, 6) as unknown as number,
      cached: false,
    });
    if (process.env.SHOW_NUMBERS) console.log(`long fixture: ${pieces.length} pieces, ${server.requests.length} requests, ${Math.round(wallMs)} ms (preparation + loopback transcription)`);
  });

  it('a server that ignores known speakers: labels matched through the overlap the pieces share', async () => {
    which = 'long';
    server.route('POST /v1/audio/transcriptions', speechRoute({ utterances, pieces: () => current, honourKnown: false }));
    const result = await transcriber({ maxPieceSec: 50 }).transcribe(request(long));
    expect(result.segments.map((s) => [s.speaker, s.text])).toEqual(expected({ consultant: 'A', client: 'B' }));
  });
});

describe('OpenAI transcriber: retries, faults, formats', () => {
  beforeEach(useShort);

  it('429 with Retry-After: waits as told, retries, one result', async () => {
    server.script(faults.rateLimited(1));
    const result = await transcriber().transcribe(request(short));
    expect(server.requests.map((r) => r.status)).toEqual([429, 200]);
    // the SDK's own backoff would be under 0.5 s: the second request came after the second asked for
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(result.segments.map((s) => [s.speaker, s.text])).toEqual([['A', 'はじめまして、本日はよろしくお願いします'], ['B', '転職を考えています']]);
  });

  it('500 then 200: the whole audio arrives again on the retry (a buffer, not a stream)', async () => {
    server.script(faults.serverError());
    await transcriber().transcribe(request(short));
    expect(server.requests.map((r) => r.status)).toEqual([500, 200]);
    expect(server.requests.map((r) => sha(r.files[0]!.bytes))).toEqual([sha(pieceBytes[0]!), sha(pieceBytes[0]!)]);
    expect(pieceBytes[0]!.length).toBeGreaterThan(10_000);
  });

  it('429 and 500 every time: TransientError, retryable, after the client\'s retries (a 429 as RateLimitedError, for the queue)', async () => {
    server.script(faults.rateLimited(0), faults.rateLimited(0));
    await expect(transcriber({ maxRetries: 1 }).transcribe(request(short))).rejects.toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: 0, context: { sessionId: 's-1', file: short } });
    server.script(faults.serverError(), faults.serverError());
    const err = await transcriber({ maxRetries: 1 }).transcribe(request(short)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).message).toMatch(/^transcription of piece 1 of 1 at 127\.0\.0\.1 failed \(HTTP 500 server_error, request req_loopback_\d+\)/);
  });

  it('a server that never answers: the request timeout, TransientError', async () => {
    server.script(faults.hang());
    await expect(transcriber({ timeoutMs: 500, maxRetries: 0 }).transcribe(request(short))).rejects.toMatchObject({ code: 'TRANSIENT', message: expect.stringContaining('timed out') as unknown });
  });

  it('an abort signal ends it, retryable', async () => {
    server.script(faults.hang());
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 300);
    await expect(transcriber().transcribe(request(short, ctl.signal))).rejects.toMatchObject({ code: 'TRANSIENT', message: expect.stringContaining('aborted') as unknown });
  });

  it('malformed JSON and a schema violation are permanent (PROVIDER_INVALID_OUTPUT); no message holds the transcript', async () => {
    server.script(faults.malformed());
    const malformed = await transcriber().transcribe(request(short)).catch((e: unknown) => e);
    expect(malformed).toMatchObject({ code: 'PROVIDER_INVALID_OUTPUT', retryable: false });
    server.script({ kind: 'json', body: { segments: [{ start: 0, end: 1, text: '転職を考えています 山田太郎' }] } });
    const violation = await transcriber().transcribe(request(short)).catch((e: unknown) => e);
    expect(violation).toBeInstanceOf(ProviderError);
    expect((violation as Error).message).toBe('transcription of piece 1 of 1 at 127.0.0.1 answered without the diarized_json the API promises (segments.0.speaker: invalid_type)');
    server.script({ kind: 'json', status: 400, body: { error: { message: 'cannot hear 転職を考えています', type: 'invalid_request_error', code: 'invalid_value' } } });
    const refused = await transcriber().transcribe(request(short)).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'PROVIDER_REJECTED', retryable: false });
    for (const err of [malformed, violation, refused]) expect((err as Error).message).not.toMatch(/転職|山田|unterminated/);
  });

  it('401: a configuration error naming OPENAI_API_KEY', async () => {
    server.script(faults.status(401, 'invalid_api_key'));
    const err = await transcriber().transcribe(request(short)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toMatchObject({ context: { variable: 'OPENAI_API_KEY' } });
  });

  it('whisper-1: verbose_json with segment timestamps, no speakers', async () => {
    const result = await transcriber({ model: 'whisper-1' }).transcribe(request(short));
    expect(server.requests.map((r) => [r.fields.response_format, r.lists['timestamp_granularities[]'], r.fields.chunking_strategy])).toEqual([['verbose_json', ['segment'], undefined]]);
    expect(result.segments.map((s) => [s.speaker, s.text])).toEqual([['unknown', 'はじめまして、本日はよろしくお願いします'], ['unknown', '転職を考えています']]);
    expect(result.usage.costUsd).toBeCloseTo((Math.ceil(current[0]!.durationSec) / 60) * 0.006, 6);
  });

  it('gpt-4o-transcribe: json, the text as one segment over the piece, token usage kept', async () => {
    const result = await transcriber({ model: 'gpt-4o-transcribe' }).transcribe(request(short));
    expect(server.requests.map((r) => r.fields.response_format)).toEqual(['json']);
    expect(result.segments).toEqual([{ start: 0, end: expect.closeTo(current[0]!.durationSec, 1) as unknown as number, speaker: 'unknown', text: 'はじめまして、本日はよろしくお願いします 転職を考えています' }]);
    expect(result.usage).toMatchObject({ inputTokens: 50, outputTokens: 20, cached: false });
  });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
