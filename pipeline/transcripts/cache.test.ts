/** The transcript cache through the session stage: a recording heard once is reused (same bytes,
 * same settings, same language), never for other settings; erase and retention reach it. */
import { describe, expect, it } from 'vitest';
import { eraseWorkObjects, findErased, repseudonymiseObjects } from '../erase/objects.js';
import { objectClass } from '../retention.js';
import type { Usage } from '../schemas.js';
import { transcriptStage, type TranscriptDeps } from '../session.js';
import { fakeTranscriber, recordingReader, recordingSession } from '../testing/fake-ports.js';
import { MemoryObjectStore } from '../testing/memory-objects.js';

const HEARD: Usage = { inputTokens: 0, outputTokens: 0, audioSeconds: 60, trimmedSeconds: 12, costUsd: 0.006, cached: false };
const SEGMENTS = [
  { start: 0, end: 2, speaker: 'A', text: '今日はどうされましたか' },
  { start: 2, end: 5, speaker: 'B', text: '転職を考えています' },
];

function deps(objects: MemoryObjectStore, settings = 'fake-v1') {
  const read = recordingReader('/in');
  const transcriber = { ...fakeTranscriber(SEGMENTS, HEARD), settings };
  const used: Usage[] = [];
  const d: TranscriptDeps = { read, openRecording: read.open, transcriber, transcripts: objects, onUsage: (u) => used.push(u) };
  return { d, used, heard: transcriber.heard };
}

describe('transcript cache', () => {
  it('a second hearing of the same recording with the same settings is answered from the store: nothing sent, nothing paid', async () => {
    const objects = new MemoryObjectStore();
    const first = deps(objects);
    const a = await transcriptStage(recordingSession('s-1', '/in'), first.d);
    const second = deps(objects);
    // another session with the same bytes (the fake reader gives every recording the same)
    const b = await transcriptStage(recordingSession('s-2', '/in'), second.d);
    // the same transcript; what hearing it used differs: the second was answered by the cache
    const { transcribed: paid, ...heardA } = a;
    const { transcribed: unpaid, ...heardB } = b;
    expect(heardB).toEqual(heardA);
    expect([paid?.usage, unpaid?.usage]).toEqual([HEARD, { inputTokens: 0, outputTokens: 0, audioSeconds: 0, trimmedSeconds: 0, costUsd: 0, cached: true }]);
    expect([first.heard.length, second.heard.length]).toEqual([1, 0]);
    expect(first.used).toEqual([HEARD]);
    expect(second.used).toEqual([{ inputTokens: 0, outputTokens: 0, audioSeconds: 0, trimmedSeconds: 0, costUsd: 0, cached: true }]);
    const keys = (await objects.list('sessions/')).map((o) => o.key);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^sessions\/tx-[0-9a-f]{64}\.transcript\.json$/);
  });

  it('other settings (model, preparation) or another language transcribe again', async () => {
    const objects = new MemoryObjectStore();
    await transcriptStage(recordingSession('s-1', '/in'), deps(objects, 'model=x').d);
    const other = deps(objects, 'model=y');
    await transcriptStage(recordingSession('s-1', '/in'), other.d);
    const english = deps(objects, 'model=x');
    await transcriptStage({ ...recordingSession('s-1', '/in'), language: 'en' }, english.d);
    expect([other.heard.length, english.heard.length]).toEqual([1, 1]);
    expect(await objects.list('sessions/')).toHaveLength(3);
  });

  it('is raw speech: the transcripts retention class, erased with its employee, re-pseudonymised by key rotation', async () => {
    const objects = new MemoryObjectStore();
    const session = recordingSession('s-1', '/in');
    await transcriptStage(session, deps(objects).d);
    const [key] = (await objects.list('sessions/')).map((o) => o.key);
    expect(objectClass(key!)).toBe('transcripts');
    expect((await objects.get(key!))!.toString()).toContain('転職を考えています');

    expect(await repseudonymiseObjects(objects, new Map([[session.employee_pid, 'b'.repeat(64)]]))).toBe(1);
    expect(await findErased(objects, new Set([session.employee_pid]))).toMatchObject({ workObjects: [] });
    const found = await findErased(objects, new Set(['b'.repeat(64)]));
    expect(found.workObjects).toEqual([key]);
    await eraseWorkObjects(objects, found);
    expect(await objects.list()).toEqual([]);
    // erased: the next hearing pays again
    const again = deps(objects);
    await transcriptStage(session, again.d);
    expect(again.heard).toHaveLength(1);
  });

  it('a failed transcription is not kept', async () => {
    const objects = new MemoryObjectStore();
    const read = recordingReader('/in');
    const failing = { name: 'fake', settings: 'x', transcribe: () => Promise.reject(new Error('boom')) };
    await expect(transcriptStage(recordingSession('s-1', '/in'), { read, openRecording: read.open, transcriber: failing, transcripts: objects })).rejects.toThrow('boom');
    expect(await objects.list()).toEqual([]);
  });
});
