/** A session with only a recording, end to end through `honne run`: ffmpeg prepares it, the real
 * `openai` client sends it to a loopback server speaking the OpenAI audio API, the diarised answer
 * gets its roles from consultant_speaker, and the run shows what it sent and cost. A second run
 * pays nothing (the transcript cache); `honne erase` removes the cached transcript; a set-up that
 * cannot transcribe is a configuration error before the store is touched. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { makeRecording } from '../adapters/ffmpeg/testing/fixtures.js';
import { startLoopback, type Loopback } from '../adapters/openai/testing/loopback.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-transcribe-'));
let server: Loopback;
const SAID = { consultant: '本日はよろしくお願いします。最近いかがですか。', client: '上司との関係に悩んでいて、転職も考えています。' };

beforeAll(async () => {
  server = await startLoopback({
    routes: {
      // consultant first (A), then the employee (B), within the piece
      'POST /v1/audio/transcriptions': () => ({
        kind: 'json',
        body: {
          task: 'transcribe', duration: 11, text: `${SAID.consultant} ${SAID.client}`,
          segments: [
            { type: 'transcript.text.segment', id: 'seg_0', start: 0, end: 5, speaker: 'A', text: SAID.consultant },
            { type: 'transcript.text.segment', id: 'seg_1', start: 6, end: 11, speaker: 'B', text: SAID.client },
          ],
          usage: { type: 'duration', seconds: 12 },
        },
      }),
    },
  });
  writeFileSync(join(root, 'companies.csv'), 'company_id,name,industry,employee_count\nC001,株式会社サンプル,IT,1000\n');
  makeRecording(join(root, 's-rec.m4a'), [{ tone: 5 }, { silence: 8 }, { tone: 5, freq: 330 }]);
  const row = { session_id: 's-rec', company_id: 'C001', employee_id: 'E-rec', consultant_id: 'CNS-1', started_at: '2026-09-01T10:00:00+09:00', language: 'ja', recording_uri: 's-rec.m4a', consultant_speaker: 'A' };
  writeFileSync(join(root, 'sessions.jsonl'), `${JSON.stringify(row)}\n`);
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const args = (out: string, ...more: string[]) => ['run', '--companies', join(root, 'companies.csv'), '--manifest', join(root, 'sessions.jsonl'), '--out', join(root, out), '--format', 'csv', ...more];
const env = (data: string, over: Record<string, string> = {}) => ({ HONNE_DATA_DIR: join(root, data), HONNE_PSEUDONYM_KEY: 'transcribe-test-key-0123456789', OPENAI_API_KEY: 'sk-loopback', OPENAI_BASE_URL: server.baseURL, ...over });

interface Summary {
  processed: number;
  failed: unknown[];
  usage: { calls: number; cachedCalls: number; audioSeconds: number; trimmedSeconds: number; costUsd: number };
}

describe('honne run with HONNE_TRANSCRIBER=openai (the default when OPENAI_API_KEY is set)', () => {
  it('transcribes a recording-only session, analyses the employee\'s speech, reports usage; the re-run pays nothing; erase removes the cached transcript', async () => {
    const first = await runCli([...args('out', '--json')], env('data'));
    expect(first.code, first.err).toBe(0);
    const summary = JSON.parse(first.out) as Summary;
    expect(summary).toMatchObject({ processed: 1, failed: [] });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models', 'POST /v1/audio/transcriptions']);
    const uploads = server.requests.filter((r) => r.path === '/v1/audio/transcriptions');
    expect(uploads.map((r) => [r.files[0]?.name, r.fields.model, r.fields.response_format, r.fields.language, r.headers.authorization])).toEqual([
      ['piece-0.mp3', 'gpt-4o-transcribe-diarize', 'diarized_json', 'ja', 'Bearer sk-loopback'],
    ]);
    // the 8 s pause is trimmed to 1 s; the server billed 12 s
    expect(summary.usage).toEqual({ calls: 2, cachedCalls: 0, inputTokens: 0, outputTokens: 0, audioSeconds: 12, trimmedSeconds: expect.closeTo(7, 0) as unknown as number, costUsd: expect.closeTo(0.0012, 6) as unknown as number });

    // roles from consultant_speaker A: only B's words were analysed as the employee's
    const store = await DuckDbStore.open(join(root, 'data', 'honne.duckdb'), keyBinding({ pseudonymKey: env('data').HONNE_PSEUDONYM_KEY, demoKey: false }));
    try {
      expect(await store.query('SELECT session_id, segments, client_chars, transcript_format FROM sessions')).toEqual([{ session_id: 's-rec', segments: 2, client_chars: SAID.client.length, transcript_format: 'json' }]);
      // the run's usage, stored with its lineage (the transcriber's settings beside the provider's)
      expect(await store.query('SELECT provider, transcriber, calls, cached_calls, audio_sec, round(trimmed_sec) AS trimmed_sec, round(cost_usd, 6) AS cost_usd FROM runs')).toEqual([
        { provider: 'local', transcriber: expect.stringMatching(/^openai@127\.0\.0\.1:\d+;model=gpt-4o-transcribe-diarize;format=diarized_json;ffmpeg:mp3-32000-16k-mono;piece=1380s;/) as unknown, calls: 2, cached_calls: 0, audio_sec: 12, trimmed_sec: 7, cost_usd: 0.0012 },
      ]);
    } finally {
      store.close();
    }

    // the cached transcript: the object store, named as retention and erase know it
    const cached = readdirSync(join(root, 'data', 'objects', 'sessions'));
    expect(cached).toEqual([expect.stringMatching(/^tx-[0-9a-f]{64}\.transcript\.json$/)]);
    expect(readFileSync(join(root, 'data', 'objects', 'sessions', cached[0]!), 'utf8')).toContain(SAID.client);

    // again, re-analysed: the transcript comes from the cache, nothing is sent
    const sent = () => server.requests.filter((r) => r.path === '/v1/audio/transcriptions').length;
    const before = sent();
    const again = await runCli([...args('out2', '--reprocess')], env('data'));
    expect(again.code, again.err).toBe(0);
    expect(sent()).toBe(before);
    // what it did ask: the configuration check's GET /v1/models (with the key), before the run
    expect(again.out).toMatch(/usage: 0\.0 min of audio sent, 0\.0 min of silence trimmed \(not billed\), 1 answer\(s\) reused from the cache, estimated cost 0\.0000 USD/);

    const erased = await runCli(['erase', '--employee', 'E-rec', '--company', 'C001'], env('data'));
    expect(erased.code, erased.err).toBe(0);
    expect(readdirSync(join(root, 'data', 'objects', 'sessions'))).toEqual([]);
  }, 180_000);

  it('the human summary says the minutes sent and trimmed and the estimated cost', async () => {
    const r = await runCli(args('out3'), env('data-human'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/usage: 0\.2 min of audio sent, 0\.1 min of silence trimmed \(not billed\), estimated cost 0\.0012 USD/);
  }, 120_000);

  it('a transcription server that cannot be reached, or a model without speaker labels, is a configuration error before the store is touched', async () => {
    const closed = await freePort();
    const down = await runCli(args('out4'), env('data-down', { OPENAI_BASE_URL: `http://127.0.0.1:${closed}/v1` }));
    expect(down.code).toBe(2);
    expect(down.err).toMatch(new RegExp(`the transcription server http://127\\.0\\.0\\.1:${closed}/v1 cannot be reached \\(ECONNREFUSED\\): check OPENAI_BASE_URL`));
    const whisper = await runCli(args('out5'), env('data-down', { HONNE_TRANSCRIBE_MODEL: 'whisper-1' }));
    expect(whisper.code).toBe(2);
    expect(whisper.err).toMatch(/HONNE_TRANSCRIBE_MODEL=whisper-1 labels no speakers/);
    expect(existsSync(join(root, 'data-down'))).toBe(false);
    expect(existsSync(join(root, 'out4'))).toBe(false);
  });
});

/** A port nothing listens on. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
