/** The per-session stages, pure over zod-typed records with their I/O passed in, so the same
 * code runs in `honne run` and in a queue worker:
 *   transcript (read + parse, or transcribe a recording) → redact → analyze → result. */
import { fuseRisk } from './analyze/fuse.js';
import type { JaTokenizer, TokenizedText } from './analyze/tokenizer.js';
import { ConfigError, HonneError, TranscriptError } from './errors.js';
import { cutNamePieces, namePieces, openKnownNames, sealKnownNames } from './ingest/known-names.js';
import { withoutContacts } from './ingest/manifest.js';
import type { AnalysisProvider, AnalyzeInput } from './ports/analysis-provider.js';
import type { Transcriber } from './ports/transcriber.js';
import { redactSegments } from './redact/redact.js';
import {
  AnalysisSchema,
  SessionResultSchema,
  TranscriptionSchema,
  UsageSchema,
  type Segment,
  type Session,
  type SessionResult,
  type Transcript,
  type Transcription,
  type Usage,
} from './schemas.js';
import type { ObjectStore } from './ports/object-store.js';
import type { SourceOpener, SourceReader } from './ports/transcript-source.js';
import { cacheTranscription, cachedTranscription, recordingDigest, transcriptCacheKey } from './transcripts/cache.js';
import { NO_USAGE } from './usage.js';
import { UNKNOWN_SPEAKER } from './transcripts/formats/common.js';
import { affirmedTurns } from './analyze/affirm.js';
import { parseTranscript, tidySegments } from './transcripts/parse.js';

/** Speaker labels that name a role, not a person: never treated as names to redact. */
const ROLE_LABELS = new Set(['cc', 'consultant', 'コンサルタント', 'client', 'employee', '相談者', 'unknown', 'speaker', 'a', 'b']);

export interface SessionDeps {
  read: SourceReader;
  /** Streams a recording to the transcriber (never whole in memory). */
  openRecording: SourceOpener;
  /** Hears the recording of a session that has no transcript file (`none`: such a session fails
   * with NO_TRANSCRIBER). */
  transcriber: Transcriber;
  /** Where transcriptions are kept for reuse (transcripts/cache.ts); absent: none is kept. */
  transcripts?: ObjectStore;
  provider: AnalysisProvider;
  /** Told what each outside call used (a transcription, an analysis); `honne run` totals it. */
  onUsage?: (usage: Usage) => void;
  /** Ends a transcription early (`honne run` stopped by a signal, a queue worker stopping): the
   * upload is cancelled and the session fails, retryable. */
  signal?: AbortSignal;
  tokenizer?: JaTokenizer;
  companyName?: (companyId: string) => string | undefined;
  /** The company's other spellings (the companies file's `aliases`), redacted like its name. */
  companyAliases?: (companyId: string) => readonly string[] | undefined;
  /** The session's known names (employee, consultant), opened from its sealed `known_names`
   * (ingest/known-names.ts); used for redaction only. */
  knownNames?: (session: Session) => readonly string[];
  /** Seals `Redacted.spared` where it is stored (queue mode's redacted object) and opens it
   * again: names under the pseudonym key, never in the clear (`sparedNamesSeal`). */
  sparedNames?: SparedNamesSeal;
}

export interface SparedNamesSeal {
  seal: (sessionId: string, names: readonly string[]) => string | undefined;
  open: (sessionId: string, sealed: string) => string[];
}

/** Seals and opens a session's spared names under the pseudonym key (every process has the same;
 * another key cannot open them: a configuration error). The seal is deterministic (its IV is a
 * MAC of what it holds), so it holds the session's id too: two sessions that left the same names
 * standing would otherwise carry the same seal, and the words their texts share would say which
 * is the name. A seal opened for another session is refused. */
export function sparedNamesSeal(pseudonymKey: string): SparedNamesSeal {
  const tag = (sessionId: string) => `session:${sessionId}`;
  return {
    seal: (sessionId, names) => (names.length === 0 ? undefined : sealKnownNames(pseudonymKey, [tag(sessionId), ...names], 'spared')),
    open: (sessionId, sealed) => {
      const [first, ...names] = openKnownNames(pseudonymKey, sealed, 'spared');
      // a seal made before it held the session's id: names only
      if (first === undefined || !first.startsWith('session:')) return first === undefined ? [] : [first, ...names];
      if (first !== tag(sessionId)) throw new ConfigError('the redacted transcript holds the sealed names of another session', { sessionId });
      return names;
    },
  };
}

/** Opens sessions' sealed known names with the pseudonym key (every process has the same). */
export function knownNamesOpener(pseudonymKey: string): (session: Session) => readonly string[] {
  return (session) => (session.known_names === undefined ? [] : openKnownNames(pseudonymKey, session.known_names));
}

/** A session's failure never spells a name: a transcript or recording path it names may
 * (operators name files after people: `tx/鷲尾遥斗_10.vtt`, also after people the manifest names
 * nowhere), and failures are kept and shown beside the employee's pseudonym (failed.jsonl, the
 * queue's failure records, `batch status`, the run's summary). So the session's own locations
 * give way to their field's name (`[transcript_uri]`: the failure row's manifest file and line,
 * or its session id, say which file), as a whole and by file name; then every piece of every
 * known name and every contact is cut from what is left (a path the error reached otherwise).
 * Cut in place, so the error keeps its class, code, context and cause. */
export function withoutNamesOrPaths(err: unknown, session: Session, knownNames: SessionDeps['knownNames']): unknown {
  if (!(err instanceof Error)) return err;
  let pieces: string[] = [];
  try {
    if (knownNames !== undefined) pieces = namePieces(knownNames(session));
  } catch {
    // names sealed under another key: the error says so, and holds none of them
  }
  const locations = ownLocations(session);
  // and an e-mail address or phone number the file's name may hold (k.tanaka@corp.example.vtt)
  const cut = (text: string) => {
    let out = text;
    for (const [spelling, field] of locations) out = out.split(spelling).join(field);
    return withoutContacts(pieces.length > 0 ? cutNamePieces(out, pieces) : out);
  };
  err.message = cut(err.message);
  // a stack already read holds the message it had (BullMQ keeps stacks in the job record)
  if (err.stack !== undefined) err.stack = cut(err.stack);
  if (err instanceof HonneError && err.context.file !== undefined) err.context.file = cut(err.context.file);
  return err;
}

/** How an error may spell the session's transcript and recording locations (as given and
 * by file name), longest first, each with its field's placeholder. */
function ownLocations(session: Session): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const field of ['transcript_uri', 'recording_uri'] as const) {
    const uri = session[field];
    if (uri === undefined || uri === '') continue;
    // ingest resolved it (a file URI is a path by then); an error may quote its file name alone
    const name = uri.split(/[\\/]/u).pop() ?? '';
    for (const s of new Set([uri, ...(/[\p{L}\p{N}]/u.test(name) ? [name] : [])])) out.push([s, `[${field}]`]);
  }
  return out.sort((a, b) => b[0].length - a[0].length);
}

export type TranscriptDeps = Pick<SessionDeps, 'read' | 'openRecording' | 'transcriber' | 'transcripts' | 'onUsage' | 'signal' | 'knownNames'> & {
  /** Told where a recording's transcription is kept in `transcripts` (its cache key): queue
   * mode hands it to the redact job, which reads it there instead of transcribing again. */
  onTranscriptKey?: (key: string) => void;
};

/** The session's transcript file, read and parsed; a session with only a recording is heard by
 * the transcriber instead. */
export async function transcriptStage(session: Session, deps: TranscriptDeps): Promise<Transcript> {
  try {
    if (!session.transcript_uri) return await transcribeRecording(session, deps);
    const buf = await deps.read(session.transcript_uri, { sessionId: session.session_id, root: session.source.root });
    return parseTranscript(buf, { file: session.transcript_uri, ...(session.consultant_speaker ? { consultantSpeaker: session.consultant_speaker } : {}) });
  } catch (err) {
    throw withoutNamesOrPaths(err, session, deps.knownNames);
  }
}

/** The transcriber's segments get their roles as a transcript file's do (`consultant_speaker`);
 * the transcript carries what hearing it used, with the transcriber's settings, to the result. */
async function transcribeRecording(session: Session, deps: TranscriptDeps): Promise<Transcript> {
  const uri = session.recording_uri ?? '';
  const sessionId = session.session_id;
  const ctx = { sessionId, root: session.source.root };
  const recording = {
    uri,
    size: null,
    // Opened only when read (`none` never does), streamed, afresh each time.
    open: async () => (await deps.openRecording(uri, ctx)).stream,
  };
  const { transcriber, transcripts } = deps;
  // The same recording heard with the same settings before: reused, not paid for again.
  const key = transcripts === undefined ? undefined : transcriptCacheKey(await recordingDigest(recording), transcriber.settings, session.language);
  const cached = transcripts !== undefined && key !== undefined ? await cachedTranscription(transcripts, key) : undefined;
  let transcription: Transcription;
  if (cached !== undefined) {
    transcription = { ...cached, usage: { ...NO_USAGE, cached: true } };
  } else {
    const signal = deps.signal ? { signal: deps.signal } : {};
    transcription = TranscriptionSchema.parse(await transcriber.transcribe({ sessionId, language: session.language, recording, ...signal }));
    if (transcripts !== undefined && key !== undefined) await cacheTranscription(transcripts, key, session, transcriber.settings, transcription);
  }
  if (key !== undefined) deps.onTranscriptKey?.(key);
  deps.onUsage?.(transcription.usage);
  return recordingTranscript(session, transcription, { transcriber: transcriber.settings, usage: transcription.usage });
}

/** A recording's transcription as the session's transcript: its segments get their roles as a
 * transcript file's do (`consultant_speaker`); one without speech fails, TRANSCRIPT_EMPTY.
 * `transcribed`: what hearing it used, with the transcriber's settings (stored on its row). */
export function recordingTranscript(session: Session, transcription: Transcription, transcribed?: Transcript['transcribed']): Transcript {
  const segments = tidySegments(transcription.segments, session.consultant_speaker);
  if (segments.length === 0) {
    throw new TranscriptError('TRANSCRIPT_EMPTY', 'the transcription of the recording contains no speech', { file: session.recording_uri ?? '', sessionId: session.session_id });
  }
  return { format: transcription.format, encoding: transcription.encoding, segments, ...(transcribed ? { transcribed } : {}) };
}

export interface Redacted {
  segments: Segment[];
  redactions: number;
  /** Per segment (same order), the morphemes of its redacted text from redaction's single
   * tokenization, or null; analysis uses them instead of tokenizing again. Optional: a stage
   * given segments without tokens tokenizes them itself. */
  tokens?: Array<TokenizedText | null>;
  /** Per segment, where in its original text the placeholders went (offsets only): what
   * `honne eval` reads to tell redactions of labelled PII from the others. Never stored; queue
   * mode does not carry it. */
  spans?: Array<ReadonlyArray<{ start: number; end: number }>>;
  /** Names the session redacts elsewhere but left standing here and there (桜の件で beside
   * 桜さん: one kanji is also a word): no keyword of the session. Words of the redacted text. */
  spared?: string[];
}

export function redactStage(session: Session, transcript: Transcript, deps: Pick<SessionDeps, 'tokenizer' | 'companyName' | 'companyAliases' | 'knownNames'>): Redacted {
  const speakerNames = [...new Set(transcript.segments.map((s) => s.speaker.trim()))].filter(
    (name) => name !== '' && !ROLE_LABELS.has(name.toLowerCase()),
  );
  const companyName = deps.companyName?.(session.company_id);
  const companyAliases = deps.companyAliases?.(session.company_id) ?? [];
  if (session.known_names !== undefined && deps.knownNames === undefined) {
    // Redacting without them would let the names through: refuse rather than guess.
    throw new ConfigError('this session has known names but the stage was given no way to open them', { sessionId: session.session_id });
  }
  const knownNames = deps.knownNames?.(session) ?? [];
  return redactSegments(transcript.segments, {
    language: session.language,
    speakerNames,
    ...(companyName ? { companyName } : {}),
    ...(companyAliases.length > 0 ? { companyAliases } : {}),
    ...(knownNames.length > 0 ? { knownNames } : {}),
    ...(deps.tokenizer ? { tokenizer: deps.tokenizer } : {}),
  });
}

/** A transcript in which no segment names its speaker (SRT or plain text without `NAME:`,
 * OpenAI verbose_json) cannot tell the employee from the consultant: analysing it would make the
 * consultant's questions the employee's themes and signals, and a guess would be silent. The
 * session fails instead, saying why; a diarised transcript (speaker labels, diarized_json) runs
 * when one of its speakers is the consultant, or when it has one voice (the employee's side alone). */
export function requireSpeakers(session: Session, transcript: Transcript, knownNames?: SessionDeps['knownNames']): void {
  try {
    speakersKnown(session, transcript);
  } catch (err) {
    throw withoutNamesOrPaths(err, session, knownNames);
  }
}

function speakersKnown(session: Session, transcript: Transcript): void {
  const context = { file: session.transcript_uri ?? session.recording_uri ?? '', sessionId: session.session_id };
  if (!transcript.segments.some((s) => s.speaker !== UNKNOWN_SPEAKER)) {
    throw new TranscriptError(
      'TRANSCRIPT_NO_SPEAKERS',
      'the transcript names no speaker, so the employee cannot be told from the consultant: supply it with speaker labels (NAME: text, <v NAME>, or diarized_json)',
      context,
    );
  }
  // Two voices or more (A and B, two names, a labelled line and an unlabelled one) of which none
  // is the consultant's (no consultant label, consultant_speaker unset or heard nowhere): one of
  // them is the consultant, and analysing every line as the employee's is the silent guess
  // refused above.
  if (transcript.segments.some((s) => s.role === 'consultant')) return;
  const voices = new Set(transcript.segments.map((s) => s.speaker));
  if (voices.size < 2) return;
  throw new TranscriptError(
    'TRANSCRIPT_NO_SPEAKERS',
    `the transcript has ${voices.size} speakers and none is the consultant (consultant, コンサルタント, CC or the label consultant_speaker names), so the employee cannot be told from the consultant: set or correct consultant_speaker`,
    context,
  );
}

/** What a provider is given of a session: its client's redacted speech (and its morphemes), the
 * redacted consultant turns the client only said yes to (`affirmed`, analyze/affirm.ts), the
 * employee's pseudonym as the owner of cached answers. Also what a batch API's requests are
 * built from (jobs/openai-batch.ts), so they are the synchronous call's. */
export function analyzeInputOf(session: Session, redacted: Redacted): AnalyzeInput {
  const clientIndexes = redacted.segments.flatMap((s, i) => (s.role === 'client' ? [i] : []));
  const client = clientIndexes.map((i) => (redacted.segments[i] as Segment).text);
  const tokens = redacted.tokens === undefined ? undefined : clientIndexes.map((i) => redacted.tokens?.[i] ?? null);
  const affirmed = affirmedTurns(redacted.segments, session.language);
  return {
    sessionId: session.session_id, language: session.language, client, owner: session.employee_pid,
    ...(affirmed.length > 0 ? { affirmed } : {}),
    ...(tokens !== undefined ? { tokens } : {}),
    ...(redacted.spared !== undefined && redacted.spared.length > 0 ? { notKeywords: redacted.spared } : {}),
  };
}

export async function analyzeStage(
  session: Session,
  transcript: Transcript,
  redacted: Redacted,
  provider: AnalysisProvider,
  onUsage?: (usage: Usage) => void,
): Promise<SessionResult> {
  requireSpeakers(session, transcript);
  const input = analyzeInputOf(session, redacted);
  const { client } = input;
  const response = await provider.analyze(input);
  const analysis = AnalysisSchema.parse(response.analysis);
  const usage = UsageSchema.parse(response.usage);
  onUsage?.(usage);
  const { source: _source, ...stored } = session;
  return SessionResultSchema.parse({
    session: stored,
    themes: analysis.themes,
    keywords: analysis.keywords,
    retention_risk: fuseRisk(analysis.retention_risk, session.consultant_assessment?.retention_risk),
    mental_health_risk: fuseRisk(analysis.mental_health_risk, session.consultant_assessment?.mental_health_concern),
    sentiment: analysis.sentiment,
    lineage: { ...provider.lineage, prompt_hash: provider.promptHash(session.language) },
    usage: { transcription: transcript.transcribed ?? null, analysis: usage },
    stats: {
      segments: transcript.segments.length,
      client_chars: client.reduce((n, t) => n + t.length, 0),
      redactions: redacted.redactions,
      transcript_format: transcript.format,
      transcript_encoding: transcript.encoding,
    },
  });
}

export async function processSession(session: Session, deps: SessionDeps): Promise<SessionResult> {
  try {
    const transcript = await transcriptStage(session, deps);
    const redacted = redactStage(session, transcript, deps);
    return await analyzeStage(session, transcript, redacted, deps.provider, deps.onUsage);
  } catch (err) {
    throw withoutNamesOrPaths(err, session, deps.knownNames);
  }
}
