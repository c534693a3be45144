/** Fakes of the transcriber and analysis provider ports for tests of the session stages, and a
 * session that has only a recording. */
import { SourceError } from '../errors.js';
import type { AnalysisProvider, AnalyzeInput } from '../ports/analysis-provider.js';
import type { TranscribeRequest, Transcriber } from '../ports/transcriber.js';
import type { Analysis, Segment, Session, Usage } from '../schemas.js';
import type { SourceContext, SourceOpener, SourceReader } from '../ports/transcript-source.js';

/** What a fake transcriber was asked: the request without its `open`, and the bytes it read. */
export interface Heard {
  sessionId: string;
  language: TranscribeRequest['language'];
  uri: string;
  size: number | null;
  audio: string;
}

/** Hears every recording as the same diarised segments, after reading all of it (as an upload
 * would), and keeps what it was asked in `heard`. */
export function fakeTranscriber(segments: Array<Omit<Segment, 'role'>>, usage: Usage): Transcriber & { heard: Heard[] } {
  const heard: Heard[] = [];
  return {
    name: 'fake',
    settings: 'fake',
    heard,
    async transcribe({ sessionId, language, recording }) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of await recording.open()) chunks.push(chunk);
      heard.push({ sessionId, language, uri: recording.uri, size: recording.size, audio: Buffer.concat(chunks).toString('latin1') });
      return { format: 'json', encoding: 'utf-8', segments, usage };
    },
  };
}

/** Answers every session with the same analysis and usage, and keeps what it was given in `seen`. */
export function fakeProvider(analysis: Analysis, usage: Usage): AnalysisProvider & { seen: AnalyzeInput[] } {
  const seen: AnalyzeInput[] = [];
  return {
    lineage: { provider: 'fake', model: 'fixed', version: 'v1' },
    seen,
    analyze: async (input) => {
      seen.push(input);
      return { analysis, usage };
    },
  };
}

/** A session after ingest that has only a recording (`rec/<id>.m4a` under `root`). */
export function recordingSession(id: string, root: string): Session {
  return {
    session_id: id,
    company_id: 'C1',
    employee_pid: 'a'.repeat(64),
    consultant_id: 'CNS-1',
    started_at: '2026-10-01T10:00:00+09:00',
    period: '2026-10',
    language: 'ja',
    recording_uri: `rec/${id}.m4a`,
    consultant_speaker: 'A',
    fingerprint: 'f'.repeat(64),
    source: { file: 'sessions.jsonl', line: 1, root },
  };
}

/** The bytes of every fake recording. */
export const AUDIO = 'RIFF fake audio bytes';

/** Reads recordings `rec/*.m4a` under `root` (and nothing else); keeps every read in `reads`. */
export function recordingReader(root: string): SourceReader & { reads: string[]; open: SourceOpener } {
  const reads: string[] = [];
  const read = async (uri: string, ctx: SourceContext) => {
    reads.push(`${ctx.root}/${uri}`);
    if (!/^rec\/[\w-]+\.m4a$/.test(uri) || ctx.root !== root) throw new SourceError('SOURCE_NOT_FOUND', 'file not found', { file: uri, sessionId: ctx.sessionId });
    return Buffer.from(AUDIO, 'latin1');
  };
  // The recording streamed in two pieces, as a real opener hands it over.
  const open: SourceOpener = async (uri, ctx) => {
    const bytes = await read(uri, ctx);
    const half = Math.floor(bytes.length / 2);
    async function* pieces() {
      yield bytes.subarray(0, half);
      yield bytes.subarray(half);
    }
    return { size: bytes.length, stream: pieces() };
  };
  return Object.assign(read, { reads, open });
}
