/** A session with only a recording, end to end through `honne run`: ffmpeg prepares it, the real
 * `openai` client sends it to a loopback server speaking the OpenAI audio API, the diarised answer
 * gets its roles from consultant_speaker, and the run shows what it sent and cost. A second run
 * pays nothing (the transcript cache); `honne erase` removes the cached transcript; a set-up that
 * cannot transcribe is a configuration error before the store is touched. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../adapters/duckdb/store.js';
import { makeRecording } from '../adapters/ffmpeg/testing/fixtures.js';
import { startLoopback, type Loopback } from '../adapters/openai/testing/loopback.js';
import { keyBinding } from '../pipeline/pseudonym.js';
import { runCli } from './testing/run.js';
import { startHonne } from './testing/spawn.js';

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
      // and the session's own usage on its row, with the run as its lineage: what the loopback billed
      expect(await sessionUsage(store)).toEqual([TRANSCRIBED_ROW]);
    } finally {
      store.close();
    }
    // the operator's view: cost and minutes per company and month
    expect(await usageJson('data')).toEqual({
      rows: [{ company_id: 'C001', period: '2026-09', sessions: 1, recorded: 1, recordings: 1, transcriptCached: 0, audioSeconds: 12, trimmedSeconds: expect.closeTo(7, 0) as unknown, transcribeCostUsd: expect.closeTo(0.0012, 6) as unknown, analysisInputTokens: 0, analysisOutputTokens: 0, analysisCostUsd: 0, costUsd: expect.closeTo(0.0012, 6) as unknown }],
      total: expect.objectContaining({ sessions: 1, audioSeconds: 12 }) as unknown,
    });

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
    // the session's row now says what its latest processing used: the cache, nothing paid
    const reopened = await DuckDbStore.open(join(root, 'data', 'honne.duckdb'), keyBinding({ pseudonymKey: env('data').HONNE_PSEUDONYM_KEY, demoKey: false }));
    try {
      expect(await sessionUsage(reopened)).toEqual([{ ...TRANSCRIBED_ROW, transcribe_audio_sec: 0, transcribe_trimmed_sec: 0, transcribe_cost_usd: 0, transcribe_cached: true }]);
      // the runs keep what each spent: the first paid, the re-run did not
      expect(await reopened.query('SELECT round(cost_usd, 6) AS cost_usd, cached_calls FROM runs ORDER BY cached_calls')).toEqual([{ cost_usd: 0.0012, cached_calls: 0 }, { cost_usd: 0, cached_calls: 1 }]);
    } finally {
      reopened.close();
    }
    expect((await usageJson('data')).rows).toEqual([expect.objectContaining({ sessions: 1, recordings: 1, transcriptCached: 1, audioSeconds: 0, costUsd: 0 })]);

    // no report file says what a session used or which transcriber heard it
    for (const out of ['out', 'out2']) {
      const files = listFiles(join(root, out));
      expect(files.filter((f) => f.endsWith('.csv')).length).toBeGreaterThan(0);
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        expect(text, file).not.toMatch(/transcri(ber|be_)|analysis_(cost|cached|input)|cost_usd|audio_sec|openai@|0\.0012/i);
      }
    }

    const erased = await runCli(['erase', '--employee', 'E-rec', '--company', 'C001'], env('data'));
    expect(erased.code, erased.err).toBe(0);
    expect(readdirSync(join(root, 'data', 'objects', 'sessions'))).toEqual([]);
    // the session's usage went with its row
    expect((await usageJson('data')).rows).toEqual([]);
  }, 180_000);

  it('SIGINT stops a run mid-upload: the upload is aborted, its temporary audio removed, nothing loaded, exit 130', async () => {
    const hanging = await startLoopback({ routes: { 'POST /v1/audio/transcriptions': () => ({ kind: 'hang' }) } });
    const tmp = join(root, 'tmp-stop');
    mkdirSync(tmp);
    try {
      // a server that never answers, and a client that would wait for it for ten minutes
      const h = startHonne(args('out-stop'), { cwd: root, env: env('data-stop', { OPENAI_BASE_URL: hanging.baseURL, HONNE_OPENAI_TIMEOUT_SEC: '600', HONNE_OPENAI_MAX_RETRIES: '0', TMPDIR: tmp }) });
      while (!hanging.requests.some((r) => r.path === '/v1/audio/transcriptions')) {
        if (h.child.exitCode !== null) throw new Error(`honne ended before uploading: ${h.stderrSoFar()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(readdirSync(tmp)).toEqual([expect.stringMatching(/^honne-audio-/)]);
      h.child.kill('SIGINT');
      const done = await h.done;
      // exit 130 from the run's own stop (not the default kill, which leaves no code): the upload
      // that would have hung for ten minutes was aborted, the run unwound
      expect([done.code, done.signal], done.stderr).toEqual([130, null]);
      expect(done.stderr).toMatch(/stopped by SIGINT: the transcription in hand was cancelled and nothing was loaded/);
      expect(hanging.requests.filter((r) => r.path === '/v1/audio/transcriptions')).toEqual([expect.objectContaining({ status: null, abandoned: true })]);
      expect(readdirSync(tmp)).toEqual([]);
      const store = await DuckDbStore.open(join(root, 'data-stop', 'honne.duckdb'), keyBinding({ pseudonymKey: env('data').HONNE_PSEUDONYM_KEY, demoKey: false }));
      try {
        expect(await store.query('SELECT count(*) AS n FROM sessions')).toEqual([{ n: 0 }]);
        expect(await store.query('SELECT count(*) AS n FROM runs')).toEqual([{ n: 0 }]);
      } finally {
        store.close();
      }
    } finally {
      await hanging.close();
    }
  }, 120_000);

  it('the human summary says the minutes sent and trimmed and the estimated cost', async () => {
    const r = await runCli(args('out3'), env('data-human'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/usage: 0\.2 min of audio sent, 0\.1 min of silence trimmed \(not billed\), estimated cost 0\.0012 USD/);

    // honne usage: a table per company and month with a total; over a quarter or a year; one company
    const table = await runCli(['usage'], env('data-human'));
    expect(table.code, table.err).toBe(0);
    const lines = table.out.split('\n');
    expect(lines[0]).toMatch(/^company\s+period\s+sessions\s+recordings\s+cached\s+audio min\s+trimmed min\s+transcribe USD\s+analysis tokens\s+analysis USD\s+total USD$/);
    expect(lines[1]).toMatch(/^C001\s+2026-09\s+1\s+1\s+0\s+0\.2\s+0\.1\s+0\.0012\s+0\+0\s+0\.0000\s+0\.0012$/);
    expect(lines[2]).toMatch(/^total\s+1\s+1\s+0\s+0\.2\s+0\.1\s+0\.0012\s+0\+0\s+0\.0000\s+0\.0012$/);
    for (const period of ['2026-Q3', '2026']) {
      const over = await runCli(['usage', '--period', period, '--company', 'C001', '--json'], env('data-human'));
      expect(over.code, over.err).toBe(0);
      expect((JSON.parse(over.out) as { rows: unknown[] }).rows).toEqual([expect.objectContaining({ company_id: 'C001', period, sessions: 1, audioSeconds: 12 })]);
    }
    const empty = await runCli(['usage', '--period', '2026-10', '--json'], env('data-human'));
    expect(JSON.parse(empty.out)).toMatchObject({ rows: [], total: { sessions: 0, costUsd: 0 } });
    const badPeriod = await runCli(['usage', '--period', 'last-month'], env('data-human'));
    expect([badPeriod.code, badPeriod.err]).toEqual([2, expect.stringMatching(/--period must be YYYY-MM, YYYY-Qn or YYYY, got "last-month"/)]);
    const badCompany = await runCli(['usage', '--company', 'C999'], env('data-human'));
    expect([badCompany.code, badCompany.err]).toEqual([2, expect.stringMatching(/--company: unknown company "C999"/)]);
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

/** The usage columns of every session row. */
function sessionUsage(store: DuckDbStore) {
  return store.query(`SELECT session_id, transcriber, transcribe_audio_sec, round(transcribe_trimmed_sec) AS transcribe_trimmed_sec, round(transcribe_cost_usd, 6) AS transcribe_cost_usd,
    transcribe_cached, analysis_input_tokens, analysis_output_tokens, analysis_cost_usd, analysis_cached FROM sessions ORDER BY session_id`);
}

const TRANSCRIBED_ROW = {
  session_id: 's-rec',
  transcriber: expect.stringMatching(/^openai@127\.0\.0\.1:\d+;model=gpt-4o-transcribe-diarize;/) as unknown,
  transcribe_audio_sec: 12, transcribe_trimmed_sec: 7, transcribe_cost_usd: 0.0012, transcribe_cached: false,
  // the local analysis: nothing outside used
  analysis_input_tokens: 0, analysis_output_tokens: 0, analysis_cost_usd: 0, analysis_cached: false,
};

async function usageJson(data: string): Promise<{ rows: unknown[]; total: unknown }> {
  const r = await runCli(['usage', '--json'], env(data));
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as { rows: unknown[]; total: unknown };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
}

/** A port nothing listens on. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
