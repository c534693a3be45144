/** Queue mode hears a session that has only a recording through the same transcript stage as
 * `honne run`: the configured transcriber (a fake of the port here), then redact and analyze
 * jobs that give the very result `processSession` gives; with the `none` transcriber the
 * transcribe job fails permanently, NO_TRANSCRIBER. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HonneError } from '../pipeline/errors.js';
import { SessionResultSchema, type Analysis, type Company, type Session, type Usage } from '../pipeline/schemas.js';
import { processSession, type SessionDeps } from '../pipeline/session.js';
import { fakeProvider, fakeTranscriber, recordingReader, recordingSession } from '../pipeline/testing/fake-ports.js';
import { noTranscriber } from '../pipeline/transcripts/none.js';
import { objectKeys, workKey } from './ids.js';
import { LocalObjectStore } from '../adapters/local-folder/object-store.js';
import { getJson } from '../pipeline/objects.js';
import { TranscribeReturnSchema, type SessionJobData } from './schemas.js';
import { CachedTranscriptSchema } from '../pipeline/transcripts/cache.js';
import { NO_USAGE } from '../pipeline/usage.js';
import type { Transcriber } from '../pipeline/ports/transcriber.js';
import { eraseWorkObjects, findErased, repseudonymiseObjects } from '../pipeline/erase/objects.js';
import { objectClass } from '../pipeline/retention.js';
import { Handoff, RedactedObjectSchema, SESSION_STAGE_RUNNERS, type SessionStageDeps } from './session-stages.js';

const base = mkdtempSync(join(tmpdir(), 'honne-transcribe-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const ROOT = '/in';
const ANALYSIS: Analysis = {
  themes: [{ theme: 'workload', confidence: 0.7 }],
  keywords: [{ keyword: '残業', count: 2 }],
  retention_risk: { score: 0.2, level: 'low' },
  mental_health_risk: { score: 0.4, level: 'medium' },
  sentiment: -0.4,
};
const USAGE: Usage = { inputTokens: 10, outputTokens: 5, audioSeconds: 6, trimmedSeconds: 0, costUsd: 0.001, cached: false };
const SEGMENTS = [
  { start: 0, end: 2, speaker: 'A', text: '最近いかがですか。' },
  { start: 2, end: 6, speaker: 'B', text: '株式会社テストは残業が多くて、残業代も出ません。' },
];
const company: Company = { company_id: 'C1', name: '株式会社テスト', industry: 'IT', employee_count: 500 };

function stageDeps(dir: string, session: SessionDeps, s: Session): SessionStageDeps {
  return {
    objects: new LocalObjectStore(join(base, dir)),
    session,
    companies: async () => new Map([[company.company_id, company]]),
    sessions: async () => new Map([[s.session_id, s]]),
    handoff: new Handoff(),
    pseudonymKey: 'transcribe-stage-test-key-0123456789',
  };
}

const dataOf = (s: Session): SessionJobData => ({ batchId: 'b-test', sessionId: s.session_id, companyId: s.company_id, key: workKey(s) });

describe('the transcribe job of a session with only a recording', () => {
  it('goes through the transcriber, and the redact and analyze jobs then give what honne run gives', async () => {
    const s = recordingSession('s-rec', ROOT);
    const [transcriber, provider] = [fakeTranscriber(SEGMENTS, USAGE), fakeProvider(ANALYSIS, USAGE)];
    const deps = stageDeps('queued', { read: recordingReader(ROOT), openRecording: recordingReader(ROOT).open, transcriber, provider }, s);
    const heard = TranscribeReturnSchema.parse(await SESSION_STAGE_RUNNERS.transcribe(dataOf(s), deps));
    expect(heard).toEqual({ segments: 2, transcript: expect.stringMatching(/^sessions\/tx-[0-9a-f]{64}\.transcript\.json$/), usage: USAGE });
    expect(await SESSION_STAGE_RUNNERS.redact(dataOf(s), deps, { transcript: heard.transcript! })).toEqual({ redactions: 1 });
    await SESSION_STAGE_RUNNERS.analyze(dataOf(s), deps);
    const result = await getJson(deps.objects, objectKeys(dataOf(s).key).result, SessionResultSchema);
    const inRun: SessionDeps = { read: recordingReader(ROOT), openRecording: recordingReader(ROOT).open, transcriber: fakeTranscriber(SEGMENTS, USAGE), provider: fakeProvider(ANALYSIS, USAGE), companyName: () => company.name };
    expect(result).toEqual(await processSession(s, inRun));
    // transcribed once; only the employee's speech, redacted, analysed
    expect(transcriber.heard.map((h) => h.uri)).toEqual(['rec/s-rec.m4a']);
    expect(provider.seen.map((i) => i.client)).toEqual([['[ORG]は残業が多くて、残業代も出ません。']]);
    // what is left: the result (until its load), and the transcription in the transcript cache
    expect((await deps.objects.list()).map((o) => o.key).sort()).toEqual([heard.transcript, objectKeys(dataOf(s).key).result].sort());
  });

  it('keeps its transcript in the transcript cache, where a redact job on another worker reads it without transcribing (or paying) again', async () => {
    const s = recordingSession('s-apart', ROOT);
    const transcriber = fakeTranscriber(SEGMENTS, USAGE);
    const read = recordingReader(ROOT);
    const first = stageDeps('apart', { read, openRecording: read.open, transcriber, provider: fakeProvider(ANALYSIS, USAGE) }, s);
    const heard = TranscribeReturnSchema.parse(await SESSION_STAGE_RUNNERS.transcribe(dataOf(s), first));
    const kept = await getJson(first.objects, heard.transcript!, CachedTranscriptSchema);
    expect(kept).toMatchObject({ session: { session_id: s.session_id, employee_pid: s.employee_pid }, transcription: { segments: SEGMENTS, usage: USAGE } });
    // The same job run again (its worker died before BullMQ heard it finish): a cache hit, unpaid.
    const again = TranscribeReturnSchema.parse(await SESSION_STAGE_RUNNERS.transcribe(dataOf(s), { ...first, handoff: new Handoff() }));
    expect(again).toEqual({ ...heard, usage: { ...NO_USAGE, cached: true } });
    // Another worker: the same object store, nothing in memory, a transcriber that must not be called.
    const never: Transcriber = { name: 'never', settings: 'never', transcribe: () => Promise.reject(new Error('transcribed twice')) };
    const second: SessionStageDeps = { ...first, session: { ...first.session, transcriber: never }, handoff: new Handoff() };
    const reads = read.reads.length;
    expect(await SESSION_STAGE_RUNNERS.redact(dataOf(s), second, { transcript: heard.transcript! })).toEqual({ redactions: 1 });
    expect(transcriber.heard).toHaveLength(1);
    expect(read.reads).toHaveLength(reads); // nor read the recording again
    const redacted = await getJson(first.objects, objectKeys(dataOf(s).key).redacted, RedactedObjectSchema);
    expect(redacted?.segments.map((g) => [g.role, g.text])).toEqual([['consultant', '最近いかがですか。'], ['client', '[ORG]は残業が多くて、残業代も出ません。']]);
  });

  it('fails the redact job of a recording whose transcript is gone, without transcribing', async () => {
    const s = recordingSession('s-gone', ROOT);
    const never: Transcriber = { name: 'never', settings: 'never', transcribe: () => Promise.reject(new Error('transcribed in redact')) };
    const read = recordingReader(ROOT);
    const deps = stageDeps('gone', { read, openRecording: read.open, transcriber: never, provider: fakeProvider(ANALYSIS, USAGE) }, s);
    for (const inputs of [{}, { transcript: `sessions/tx-${'0'.repeat(64)}.transcript.json` }]) {
      const err = await SESSION_STAGE_RUNNERS.redact(dataOf(s), deps, inputs).then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ code: 'INPUT_INVALID', retryable: false, message: expect.stringContaining('transcript of the recording is missing') });
    }
    expect(read.reads).toEqual([]);
  });

  it('keeps raw speech only where honne erase, key rotation and retention reach it', async () => {
    const s = recordingSession('s-erase', ROOT);
    const read = recordingReader(ROOT);
    const deps = stageDeps('erase', { read, openRecording: read.open, transcriber: fakeTranscriber(SEGMENTS, USAGE), provider: fakeProvider(ANALYSIS, USAGE) }, s);
    const { transcript } = TranscribeReturnSchema.parse(await SESSION_STAGE_RUNNERS.transcribe(dataOf(s), deps));
    expect(objectClass(transcript!)).toBe('transcripts'); // HONNE_RETENTION_TRANSCRIPTS_DAYS
    expect(await repseudonymiseObjects(deps.objects, new Map([[s.employee_pid, 'b'.repeat(64)]]))).toBe(1);
    const found = await findErased(deps.objects, new Set(['b'.repeat(64)]));
    expect(found.workObjects).toEqual([transcript]);
    expect(await eraseWorkObjects(deps.objects, found)).toBe(1);
    expect(await deps.objects.list()).toEqual([]);
  });

  it('fails permanently with NO_TRANSCRIBER under the none transcriber, leaving nothing behind', async () => {
    const s = recordingSession('s-none', ROOT);
    const read = recordingReader(ROOT);
    const deps = stageDeps('none', { read, openRecording: read.open, transcriber: noTranscriber, provider: fakeProvider(ANALYSIS, USAGE) }, s);
    const err = await SESSION_STAGE_RUNNERS.transcribe(dataOf(s), deps).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(HonneError);
    expect(err).toMatchObject({ code: 'NO_TRANSCRIBER', retryable: false, context: { sessionId: 's-none', file: '[recording_uri]' } });
    expect(read.reads).toEqual([]);
    expect(await deps.objects.list()).toEqual([]);
  });
});
