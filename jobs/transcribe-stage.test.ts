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
import type { SessionJobData } from './schemas.js';
import { Handoff, SESSION_STAGE_RUNNERS, type SessionStageDeps } from './session-stages.js';

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
  };
}

const dataOf = (s: Session): SessionJobData => ({ batchId: 'b-test', sessionId: s.session_id, companyId: s.company_id, key: workKey(s) });

describe('the transcribe job of a session with only a recording', () => {
  it('goes through the transcriber, and the redact and analyze jobs then give what honne run gives', async () => {
    const s = recordingSession('s-rec', ROOT);
    const [transcriber, provider] = [fakeTranscriber(SEGMENTS, USAGE), fakeProvider(ANALYSIS, USAGE)];
    const deps = stageDeps('queued', { read: recordingReader(ROOT), openRecording: recordingReader(ROOT).open, transcriber, provider }, s);
    expect(await SESSION_STAGE_RUNNERS.transcribe(dataOf(s), deps)).toEqual({ segments: 2 });
    expect(await SESSION_STAGE_RUNNERS.redact(dataOf(s), deps)).toEqual({ redactions: 1 });
    await SESSION_STAGE_RUNNERS.analyze(dataOf(s), deps);
    const result = await getJson(deps.objects, objectKeys(dataOf(s).key).result, SessionResultSchema);
    const inRun: SessionDeps = { read: recordingReader(ROOT), openRecording: recordingReader(ROOT).open, transcriber: fakeTranscriber(SEGMENTS, USAGE), provider: fakeProvider(ANALYSIS, USAGE), companyName: () => company.name };
    expect(result).toEqual(await processSession(s, inRun));
    // transcribed once; only the employee's speech, redacted, analysed
    expect(transcriber.heard.map((h) => h.uri)).toEqual(['rec/s-rec.m4a']);
    expect(provider.seen.map((i) => i.client)).toEqual([['[ORG]は残業が多くて、残業代も出ません。']]);
  });

  it('fails permanently with NO_TRANSCRIBER under the none transcriber, leaving nothing behind', async () => {
    const s = recordingSession('s-none', ROOT);
    const read = recordingReader(ROOT);
    const deps = stageDeps('none', { read, openRecording: read.open, transcriber: noTranscriber, provider: fakeProvider(ANALYSIS, USAGE) }, s);
    const err = await SESSION_STAGE_RUNNERS.transcribe(dataOf(s), deps).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(HonneError);
    expect(err).toMatchObject({ code: 'NO_TRANSCRIBER', retryable: false, context: { sessionId: 's-none', file: 'rec/s-none.m4a' } });
    expect(read.reads).toEqual([]);
    expect(await deps.objects.list()).toEqual([]);
  });
});
