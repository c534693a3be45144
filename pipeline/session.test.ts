import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError, TranscriptError } from './errors.js';
import { analyzeInputOf, processSession, redactStage, requireSpeakers, sparedNamesSeal, type SessionDeps } from './session.js';
import { sealKnownNames } from './ingest/known-names.js';
import type { Analysis, Session, Usage } from './schemas.js';
import { AUDIO, fakeProvider, fakeTranscriber, recordingReader, recordingSession } from './testing/fake-ports.js';
import { noTranscriber } from './transcripts/none.js';
import { parseTranscript } from './transcripts/parse.js';

const testdata = join(import.meta.dirname, 'transcripts', 'testdata');
const parse = (name: string) => parseTranscript(readFileSync(join(testdata, name)), { file: name, consultantSpeaker: 'A' });
const session = { session_id: 's-1', transcript_uri: 'in/s-1.json' } as Session;

describe('requireSpeakers', () => {
  it('refuses a transcript that names no speaker (OpenAI verbose_json), naming the field (not the path: a file name may name someone) and why', () => {
    let caught: unknown;
    try {
      requireSpeakers(session, parse('openai-verbose.json'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TranscriptError);
    expect(caught).toMatchObject({ code: 'TRANSCRIPT_NO_SPEAKERS', retryable: false, context: { file: '[transcript_uri]', sessionId: 's-1' } });
    expect((caught as TranscriptError).describe()).toMatch(/^\[transcript_uri\]: the transcript names no speaker/);
  });

  it('refuses two voices of which none is the consultant, also when consultant_speaker names a label heard nowhere (attack: the consultant analysed as the employee)', () => {
    const text = (lines: string, consultantSpeaker?: string, file = 'in/x.txt') =>
      parseTranscript(Buffer.from(lines), { file, ...(consultantSpeaker !== undefined ? { consultantSpeaker } : {}) });
    const codeOf = (s: Session, t: ReturnType<typeof text>) => {
      try {
        requireSpeakers(s, t);
        return 'ran';
      } catch (err) {
        return (err as TranscriptError).code;
      }
    };
    const twoNames = text('相良：お仕事の様子を聞かせてください。\n芦田：夜勤続きで体がもちません。\n');
    expect(codeOf(session, twoNames)).toBe('TRANSCRIPT_NO_SPEAKERS');
    // the manifest names the consultant 梶, whose label the transcript does not have
    const misnamed = text('相良：お仕事の様子を聞かせてください。\n芦田：夜勤続きで体がもちません。\n', '梶');
    expect(codeOf({ ...session, consultant_speaker: '梶' }, misnamed)).toBe('TRANSCRIPT_NO_SPEAKERS');
    // a WebVTT cue without a voice tag beside the employee's tagged ones
    const vtt = text('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n最近どうですか。\n\n00:00:03.000 --> 00:00:04.000\n<v 芦田>部署を移りたいです。\n', undefined, 'in/x.vtt');
    expect(codeOf(session, vtt)).toBe('TRANSCRIPT_NO_SPEAKERS');
    // the employee's side alone, no consultant_speaker: runs; the consultant named: runs
    expect(codeOf(session, text('芦田：夜勤続きで体がもちません。\n'))).toBe('ran');
    expect(codeOf({ ...session, consultant_speaker: '相良' }, text('相良：どうぞ。\n芦田：はい。\n', '相良'))).toBe('ran');
  });

  it('accepts transcripts with speakers, diarised or labelled', () => {
    for (const name of ['openai-diarized.json', 'colon-speakers.srt', 'voice-tags.vtt']) expect(() => requireSpeakers(session, parse(name))).not.toThrow();
  });
});

const ANALYSIS: Analysis = {
  themes: [{ theme: 'job_change', confidence: 0.9 }],
  keywords: [{ keyword: '転職', count: 1 }],
  retention_risk: { score: 0.8, level: 'high' },
  mental_health_risk: { score: 0.1, level: 'low' },
  sentiment: -0.2,
};
const TRANSCRIBED: Usage = { inputTokens: 0, outputTokens: 0, audioSeconds: 9.5, trimmedSeconds: 0, costUsd: 0.00095, cached: false };
const ANALYSED: Usage = { inputTokens: 412, outputTokens: 96, audioSeconds: 0, trimmedSeconds: 0, costUsd: 0.0021, cached: false };
describe('a session with only a recording', () => {
  const root = '/in';
  const recorded = recordingSession('s-rec', root);

  it('is transcribed by the configured transcriber, then redacted and analysed like a transcript file', async () => {
    const transcriber = fakeTranscriber(
      [
        { start: 0, end: 2.5, speaker: 'A', text: ' 山田さん、今日はどうされましたか。 ' },
        { start: 2.5, end: 8, speaker: 'B', text: 'サンプル商事を辞めて転職したいです。携帯は090-1234-5678です。' },
        { start: 8, end: 9.5, speaker: 'B', text: '   ' },
      ],
      TRANSCRIBED,
    );
    const provider = fakeProvider(ANALYSIS, ANALYSED);
    const read = recordingReader(root);
    const used: Usage[] = [];
    const deps: SessionDeps = { read, openRecording: read.open, transcriber, provider, companyName: () => 'サンプル商事', onUsage: (u) => used.push(u) };

    const result = await processSession(recorded, deps);

    // The transcriber read the recording through the session's reader, under its root.
    expect(transcriber.heard).toEqual([{ sessionId: 's-rec', language: 'ja', uri: 'rec/s-rec.m4a', size: null, audio: AUDIO }]);
    expect(read.reads).toEqual(['/in/rec/s-rec.m4a']);
    // Speaker A is the consultant (consultant_speaker): only B's speech, redacted, reaches analysis.
    expect(provider.seen.map((s) => s.client)).toEqual([['[ORG]を辞めて転職したいです。携帯は[PHONE]です。']]);
    // the result keeps neither the recording's location nor the consultant's label
    const { source: _source, recording_uri: _uri, consultant_speaker: _label, ...stored } = recorded;
    // three redactions: 山田 in the consultant's line too, the company and the number in B's
    expect(result).toEqual({
      session: stored,
      themes: ANALYSIS.themes,
      keywords: ANALYSIS.keywords,
      retention_risk: { model_score: 0.8, model_level: 'high', consultant_score: null, consultant_level: null, level: 'high' },
      mental_health_risk: { model_score: 0.1, model_level: 'low', consultant_score: null, consultant_level: null, level: 'low' },
      sentiment: -0.2,
      lineage: { provider: 'fake', model: 'fixed', version: 'v1', prompt_hash: 'fake-ja' },
      // what this session used, stored on its row: the transcription with its transcriber's settings, the analysis
      usage: { transcription: { transcriber: 'fake', usage: TRANSCRIBED }, analysis: ANALYSED },
      stats: { segments: 2, client_chars: '[ORG]を辞めて転職したいです。携帯は[PHONE]です。'.length, redactions: 3, transcript_format: 'json', transcript_encoding: 'utf-8' },
    });
    for (const said of ['サンプル商事', '090-1234-5678', '山田', '辞めて']) expect(JSON.stringify(result)).not.toContain(said);
    // What each outside call used, in order: the transcription, then the analysis.
    expect(used).toEqual([TRANSCRIBED, ANALYSED]);
  });

  it("keeps the provider's evidence (the prompt lab's quotes) out of the result, and files the call under the employee", async () => {
    const transcriber = fakeTranscriber([{ start: 0, end: 1, speaker: 'A', text: 'どうぞ。' }, { start: 1, end: 3, speaker: 'B', text: '転職したいです。' }], TRANSCRIBED);
    const base = fakeProvider(ANALYSIS, ANALYSED);
    const provider = { ...base, analyze: async (i: Parameters<typeof base.analyze>[0]) => ({ ...(await base.analyze(i)), evidence: { themes: { job_change: ['QUOTED-EVIDENCE 転職したい'] }, signals: {} } }) };
    const read = recordingReader(root);
    const result = await processSession(recorded, { read, openRecording: read.open, transcriber, provider });
    expect(JSON.stringify(result)).not.toContain('QUOTED-EVIDENCE');
    expect(base.seen[0]!.owner).toBe(recorded.employee_pid);
    expect(result.lineage.prompt_hash).toBe('fake-ja');
  });

  it('passes its abort signal to the transcriber (a stopped run or worker ends the upload)', async () => {
    const asked: Array<AbortSignal | undefined> = [];
    const transcriber = fakeTranscriber([{ start: 0, end: 2, speaker: 'B', text: '転職したいです。' }], TRANSCRIBED);
    const inner = transcriber.transcribe.bind(transcriber);
    transcriber.transcribe = (req) => {
      asked.push(req.signal);
      return inner(req);
    };
    const controller = new AbortController();
    const read = recordingReader(root);
    await processSession(recorded, { read, openRecording: read.open, transcriber, provider: fakeProvider(ANALYSIS, ANALYSED), signal: controller.signal });
    expect(asked).toEqual([controller.signal]);
  });

  it('fails with a named, permanent error when the transcriber hears no speech', async () => {
    const transcriber = fakeTranscriber([{ start: 0, end: 1, speaker: 'B', text: '  ' }], TRANSCRIBED);
    const provider = fakeProvider(ANALYSIS, ANALYSED);
    const err = await processSession(recorded, { read: recordingReader(root), openRecording: recordingReader(root).open, transcriber, provider }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TranscriptError);
    expect(err).toMatchObject({ code: 'TRANSCRIPT_EMPTY', retryable: false, context: { file: '[recording_uri]', sessionId: 's-rec' } });
    expect(provider.seen).toEqual([]);
  });

  it('fails NO_TRANSCRIBER with the none transcriber, reading nothing and analysing nothing', async () => {
    const provider = fakeProvider(ANALYSIS, ANALYSED);
    const read = recordingReader(root);
    const err = await processSession(recorded, { read, openRecording: read.open, transcriber: noTranscriber, provider }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ code: 'NO_TRANSCRIBER', retryable: false, context: { sessionId: 's-rec', file: '[recording_uri]' } });
    expect((err as SourceError).describe()).toBe(
      '[recording_uri]: this session has only a recording and no transcriber is configured (the local provider cannot transcribe audio)',
    );
    expect([read.reads, provider.seen]).toEqual([[], []]);
  });
});

describe('a failed session names no one (attack: files named after the employee)', () => {
  // the platform knows the employee as 鷲尾 遥斗 / Haruto Washio; the operator named the files so
  const knownNames = () => ['鷲尾 遥斗|Haruto Washio', '湊 一葉'];
  const pieces = /鷲尾|遥斗|washio|haruto|一葉/iu;
  const named = (uri: string) => ({ ...session, session_id: 's-9', transcript_uri: uri, source: { file: 'm.jsonl', line: 3, root: '/in' } }) as Session;
  const failure = async (s: Session, bytes: string) => {
    const read = Object.assign(async () => Buffer.from(bytes), { open: recordingReader('/in').open });
    const err = await processSession(s, { read, openRecording: read.open, transcriber: noTranscriber, provider: fakeProvider(ANALYSIS, ANALYSED), knownNames }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TranscriptError);
    return err as TranscriptError;
  };

  it('a broken transcript: its message and file keep the code, the path gives way to its field', async () => {
    const err = await failure(named('/in/tx/鷲尾遥斗_2026-10.vtt'), 'not a transcript at all');
    expect(err.code).toBe('TRANSCRIPT_UNREADABLE');
    expect(err.context.file).toBe('[transcript_uri]');
    expect(err.describe()).not.toMatch(pieces);
  });

  it('a file named after someone the manifest names nowhere (no employee_name): neither its path nor its file name is kept', async () => {
    const anonymous = (uri: string) => ({ ...named(uri), known_names: undefined }) as Session;
    const uri = '/in/tx/面談_真柴千景_2026-10.vtt';
    const read = Object.assign(async () => Promise.reject(new Error(`EACCES: permission denied, open '${uri}' (面談_真柴千景_2026-10.vtt)`)), { open: recordingReader('/in').open });
    const err = await processSession(anonymous(uri), { read, openRecording: read.open, transcriber: noTranscriber, provider: fakeProvider(ANALYSIS, ANALYSED) }).then(() => undefined, (e: unknown) => e);
    expect((err as Error).message).toBe("EACCES: permission denied, open '[transcript_uri]' ([transcript_uri])");
    expect(`${(err as Error).stack ?? ''}`).not.toMatch(/真柴|千景/u);
    const broken = await failure(anonymous('/in/tx/Chikage_Mashiba.vtt'), 'not a transcript at all');
    expect(broken.describe()).not.toMatch(/chikage|mashiba/iu);
    const recorded = { ...anonymous('/in/x.vtt'), transcript_uri: undefined, recording_uri: '/in/rec/Chikage Mashiba.m4a', consultant_speaker: 'first' } as Session;
    const unheard = await processSession(recorded, { read, openRecording: read.open, transcriber: noTranscriber, provider: fakeProvider(ANALYSIS, ANALYSED) }).then(() => undefined, (e: unknown) => e);
    expect((unheard as SourceError).describe()).toMatch(/^\[recording_uri\]: /u);
    expect((unheard as SourceError).describe()).not.toMatch(/chikage|mashiba/iu);
  });

  it('a file the system cannot read: its message and stack quote the path', async () => {
    const uri = '/in/tx/Haruto_WASHIO.vtt';
    const read = Object.assign(async () => Promise.reject(new Error(`EACCES: permission denied, open '${uri}'`)), { open: recordingReader('/in').open });
    const err = await processSession(named(uri), { read, openRecording: read.open, transcriber: noTranscriber, provider: fakeProvider(ANALYSIS, ANALYSED), knownNames }).then(() => undefined, (e: unknown) => e);
    expect((err as Error).message).toBe("EACCES: permission denied, open '[transcript_uri]'");
    expect((err as Error).stack).not.toMatch(pieces);
  });

  it('a transcript without speakers, named in romaji', async () => {
    const err = await failure(named('/in/tx/WASHIO-Haruto.srt'), '1\n00:00:01,000 --> 00:00:02,000\n最近は眠れません。\n');
    expect(err.code).toBe('TRANSCRIPT_NO_SPEAKERS');
    expect(err.describe()).not.toMatch(pieces);
    let caught: unknown;
    try {
      requireSpeakers(named('/in/tx/washio_haruto.srt'), parseTranscript(Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nはい。\n'), { file: 'x.srt' }), knownNames);
    } catch (e) {
      caught = e;
    }
    expect((caught as TranscriptError).describe()).toBe('[transcript_uri]: the transcript names no speaker, so the employee cannot be told from the consultant: supply it with speaker labels (NAME: text, <v NAME>, or diarized_json)');
  });
});

describe('analyzeInputOf: the consultant turns the client said yes to', () => {
  const ja = { ...session, language: 'ja', company_id: 'C1' } as Session;
  const lines = (text: string) => parseTranscript(Buffer.from(text), { file: 'in/y.txt', consultantSpeaker: 'CC' });

  it('hands the provider the affirmed consultant turn redacted, never its PII (attack: a contact said by the consultant)', () => {
    const transcript = lines('CC：先日 kasumi.oda@example.net に送った件ですが、夜勤が続いてきついのではないですか。\n本人：そう、まさにそれです。\n');
    const input = analyzeInputOf(ja, redactStage(ja, transcript, {}));
    expect(input.client).toEqual(['そう、まさにそれです。']);
    expect(input.affirmed).toHaveLength(1);
    expect(input.affirmed?.[0]).toContain('[EMAIL]');
    expect(JSON.stringify(input)).not.toContain('kasumi');
  });

  it('hands nothing for a denial, or for one voice', () => {
    const denied = lines('CC：夜勤が続いてきついのではないですか。\n本人：いや、そこまでは。\n');
    expect(analyzeInputOf(ja, redactStage(ja, denied, {})).affirmed).toBeUndefined();
    const alone = parseTranscript(Buffer.from('本人：そうなんです。\n'), { file: 'in/z.txt' });
    expect(analyzeInputOf(ja, redactStage(ja, alone, {})).affirmed).toBeUndefined();
  });
});

describe('sparedNamesSeal', () => {
  it('attack: two sessions that left the same name standing carry different seals (equal seals would let the words their texts share say which is the name), and one is not opened as the other', () => {
    const seal = sparedNamesSeal('spared-seal-test-key-0123456789');
    const a = seal.seal('s-a', ['楓']);
    const b = seal.seal('s-b', ['楓']);
    expect(a).toBeDefined();
    expect(a).not.toBe(b);
    expect(seal.open('s-a', a!)).toEqual(['楓']);
    expect(() => seal.open('s-b', a!)).toThrow(/another session/u);
    // a seal made before the session's id went in still opens
    expect(seal.open('s-a', sealKnownNames('spared-seal-test-key-0123456789', ['楓'], 'spared')!)).toEqual(['楓']);
  });

  it('attack: the seal\'s length says nothing of how long the names are (beside the redacted text, one kanji or a long name says which words they may be)', () => {
    const seal = sparedNamesSeal('spared-seal-test-key-0123456789');
    const lengths = [['楓'], ['楓', '遥'], ['長谷川'], ['Christopher', 'Alexandria', '勅使河原']].map((names) => seal.seal('s-a', names)!.length);
    expect(new Set(lengths).size).toBe(1);
    expect(seal.open('s-a', seal.seal('s-a', ['Christopher', 'Alexandria', '勅使河原'])!)).toEqual(['Christopher', 'Alexandria', '勅使河原']);
  });
});
