/** The session stages of queue mode — transcribe, redact, analyze — as functions of a job's
 * data and the object store: each reads its input object, calls the same stage function
 * `honne run` calls, writes its output object and returns a small typed result, on the
 * worker's own thread. Every stage is idempotent — a job run twice (a stalled job picked up
 * again after its worker died) finds its output already there and does nothing more. */
import { z } from 'zod';
import { LANGUAGES } from '../pipeline/analyze/language.js';
import { ConfigError, InputError, TransientError } from '../pipeline/errors.js';
import { SegmentSchema, TranscribedSchema, TranscriptFormatSchema, type Company, type Session, type Transcript, type Usage } from '../pipeline/schemas.js';
import { analyzeStage, recordingTranscript, redactStage, requireSpeakers, transcriptStage, type Redacted, type SessionDeps, type SparedNamesSeal } from '../pipeline/session.js';
import { cachedTranscription } from '../pipeline/transcripts/cache.js';
import { cachedSessionRecords, readCompanies } from './context.js';
import { openRecord, SessionRecordSchema, sealRecord } from './record-seal.js';
import { UNKNOWN_SPEAKER } from '../pipeline/transcripts/formats/common.js';
import { objectKeys, type SessionStage } from './ids.js';
import { recentlyUsed, setRecent } from './recent.js';
import { getJson, putJson } from '../pipeline/objects.js';
import type { ObjectStore } from '../pipeline/ports/object-store.js';
import type { BatchAnalysis } from '../pipeline/ports/batch-analysis.js';
import type { AnalyzeReturn, SessionJobData, TranscribeReturn } from './schemas.js';
import { CompactTokensSchema, decodeTokens, encodeTokens } from './tokens.js';
import { batchAnswersFor } from './openai-batch-state.js';
import type { AnalyzeInput } from '../pipeline/ports/analysis-provider.js';

export interface SessionStageDeps {
  objects: ObjectStore;
  session: SessionDeps;
  /** Companies of a batch by id (cached per worker). */
  companies: (batchId: string) => Promise<ReadonlyMap<string, Company>>;
  /** Session records of a batch's company, by session id (cached per worker). */
  sessions: (batchId: string, companyId: string) => Promise<Map<string, Session>>;
  /** What this worker just made for a session, for its next stage when that runs here too.
   * Only a shortcut: the object store stays the record, and a stage that finds nothing here
   * (it ran on another worker, or before a restart) reads it from there. */
  handoff: Handoff;
  /** Seals the session's file locations and consultant label in the redacted object, as its
   * batch record keeps them (jobs/record-seal.ts). */
  pseudonymKey: string;
  /** The batch API the poll job of an `--openai-batch` batch uses (jobs/openai-batch.ts); absent
   * when the analysis provider has none. */
  batchApi?: BatchAnalysis;
}

/** A session's transcript after transcribe; its redaction after redact (tokens decoded). */
interface Handed {
  transcript?: { session: Session; transcript: Transcript };
  redacted?: { session: Session; transcript: Transcript; redacted: Redacted };
}

/** A small per-worker map from a session's work key to what its last stage here made. */
export class Handoff {
  private readonly items = new Map<string, Handed>();
  constructor(private readonly capacity = 512) {}

  take(key: string): Handed | undefined {
    const v = this.items.get(key);
    this.items.delete(key);
    return v;
  }

  put(key: string, value: Handed): void {
    setRecent(this.items, key, value, this.capacity);
  }
}

/** What session stages need, built once per worker. */
export function sessionStageDeps(objects: ObjectStore, session: SessionDeps, pseudonymKey: string, batchApi?: BatchAnalysis): SessionStageDeps {
  const companies = recentlyUsed(async (batchId: string) => new Map((await readCompanies(objects, batchId)).map((c) => [c.company_id, c])), 16);
  return { objects, session, companies, sessions: cachedSessionRecords(objects, pseudonymKey), handoff: new Handoff(), pseudonymKey, ...(batchApi ? { batchApi } : {}) };
}

/** Object keys a stage's earlier job returned (BullMQ children values, read by jobs/stages.ts):
 * for redact, where a recording's transcript is kept. */
export interface StageInputs {
  transcript?: string;
  /** What hearing that recording used, as the transcribe job returned it (a cache hit: unpaid). */
  usage?: Usage;
}

/** `signal`: the job's, aborted when its worker stops (a transcription's upload ends). */
export type SessionStageRunner = (data: SessionJobData, deps: SessionStageDeps, inputs?: StageInputs, signal?: AbortSignal) => Promise<unknown>;

/** The redacted transcript as the redact job leaves it for the analyze job. */
export const RedactedObjectSchema = z.object({
  /** The session as its batch record keeps it: transcript_uri, recording_uri and
   * consultant_speaker sealed (an object written before the seal holds them in the clear). */
  session: SessionRecordSchema,
  format: TranscriptFormatSchema,
  encoding: z.string(),
  segments: z.array(SegmentSchema),
  redactions: z.number().int(),
  /** A recording's: what hearing it used, for the session's result (stored with it). */
  transcribed: TranscribedSchema.optional(),
  /** Redaction's morphemes of the redacted segments (jobs/tokens.ts), so analysis does not
   * tokenize again. Optional: an object written without them is tokenized by analysis. */
  tokens: CompactTokensSchema.optional(),
  /** `Redacted.spared`, sealed under the pseudonym key (`SessionDeps.sparedNames`): names left
   * standing as words of `segments`, no keyword of the session. In the clear they would say which
   * word of the text is a person's name (桜 of 桜の件で), which nothing else here tells. */
  spared_sealed: z.string().optional(),
  /** The spared names as a worker before `spared_sealed` wrote them (redact@2), read so that a
   * batch submitted before the upgrade keeps them out of its keywords; never written. */
  spared: z.array(z.string()).optional(),
});

async function sessionOf(deps: SessionStageDeps, data: SessionJobData): Promise<Session> {
  const session = (await deps.sessions(data.batchId, data.companyId)).get(data.sessionId);
  if (!session) throw new InputError(`the session record is missing from the object store (batch ${data.batchId}); resubmit the batch`, { sessionId: data.sessionId });
  return session;
}

/** Hears a session that has only a recording through the configured transcriber — the same
 * transcriptStage `honne run` calls (with HONNE_TRANSCRIBER=none it fails here, NO_TRANSCRIBER),
 * which keeps the transcription in the transcript cache (pipeline/transcripts/cache.ts; in the
 * object store every worker shares) — and returns where it is kept: the redact job reads it
 * there, so a redact job on another worker or machine never transcribes (and pays) again, and
 * this job run twice finds it in the cache. Only such sessions have a transcribe job
 * (jobs/flow.ts), so the queue's rate limit counts calls to the transcription API. Returns the
 * transcription's usage too, which `runJob` records for `batch status`. (A session with a
 * transcript file is read and checked here too, keeping nothing: no copy of a transcript file
 * goes to the object store.) */
const transcribe: SessionStageRunner = async (data, deps, _inputs, signal): Promise<TranscribeReturn | { skipped: true }> => {
  const k = objectKeys(data.key);
  const { objects } = deps;
  if ((await objects.exists(k.redacted)) || (await objects.exists(k.result))) return { skipped: true };
  const session = await sessionOf(deps, data);
  let usage: Usage | undefined;
  let transcriptKey: string | undefined;
  const transcript = await transcriptStage(session, {
    ...deps.session,
    ...(transcriptsOf(deps) !== undefined ? { transcripts: transcriptsOf(deps) } : {}),
    ...(signal ? { signal } : {}),
    onTranscriptKey: (key) => (transcriptKey = key),
    onUsage: (u) => {
      usage = u;
      deps.session.onUsage?.(u);
    },
  });
  requireSpeakers(session, transcript, deps.session.knownNames); // fail before anything is redacted or stored
  deps.handoff.put(data.key, { transcript: { session, transcript } });
  return { segments: transcript.segments.length, ...(transcriptKey !== undefined ? { transcript: transcriptKey } : {}), ...(usage ? { usage } : {}) };
};

/** Where recordings' transcriptions are kept: the transcript cache the composition root gives,
 * else the object store (queue mode keeps them where every worker finds them); none with the
 * `none` transcriber, which hears nothing (and must not read the recording for a cache key). */
const transcriptsOf = (deps: SessionStageDeps): ObjectStore | undefined =>
  deps.session.transcripts ?? (deps.session.transcriber.name === 'none' ? undefined : deps.objects);

/** The transcript redact works on: as this worker's transcribe job left it, the session's own
 * transcript file, read and checked (a broken one fails here, permanently), or a recording's
 * transcription where its transcribe job left it (`inputs.transcript`). Undefined when the
 * session's redaction was finished meanwhile by the same job run twice at once. */
async function transcriptOf(deps: SessionStageDeps, data: SessionJobData, handed: Handed | undefined, inputs: StageInputs): Promise<{ session: Session; transcript: Transcript } | undefined> {
  if (handed?.transcript) return handed.transcript;
  const session = await sessionOf(deps, data);
  if (session.transcript_uri !== undefined) {
    const transcript = await transcriptStage(session, deps.session);
    requireSpeakers(session, transcript, deps.session.knownNames); // fail before anything is redacted or stored
    return { session, transcript };
  }
  const store = transcriptsOf(deps);
  const heard = inputs.transcript === undefined || store === undefined ? undefined : await cachedTranscription(store, inputs.transcript);
  if (heard) {
    const transcribed = inputs.usage ? { transcriber: deps.session.transcriber.settings, usage: inputs.usage } : undefined;
    return { session, transcript: recordingTranscript(session, heard, transcribed) };
  }
  const k = objectKeys(data.key);
  if ((await deps.objects.exists(k.redacted)) || (await deps.objects.exists(k.result))) return undefined;
  // Never transcribe (and pay) here: the session's transcribe job is the one place.
  throw new InputError('the transcript of the recording is missing from the object store (deleted since it was transcribed); retry the session', { sessionId: data.sessionId });
}

const redact: SessionStageRunner = async (data, deps, inputs = {}) => {
  const k = objectKeys(data.key);
  const { objects } = deps;
  const handed = deps.handoff.take(data.key);
  if ((await objects.exists(k.redacted)) || (await objects.exists(k.result))) return { skipped: true };
  const got = await transcriptOf(deps, data, handed, inputs);
  if (!got) return { skipped: true };
  const { session, transcript } = got;
  const companies = await deps.companies(data.batchId);
  const redacted = redactStage(session, transcript, {
    ...deps.session,
    companyName: (id) => companies.get(id)?.name,
    companyAliases: (id) => companies.get(id)?.aliases,
  });
  const normalize = LANGUAGES[session.language].normalize;
  const tokens = redacted.tokens === undefined ? undefined : encodeTokens(redacted.tokens, (i) => normalize(redacted.segments[i]?.text ?? ''));
  await putJson(objects, k.redacted, {
    session: sealRecord(deps.pseudonymKey, session),
    format: transcript.format,
    encoding: transcript.encoding,
    segments: withoutSpeakerLabels(redacted.segments),
    redactions: redacted.redactions,
    ...(transcript.transcribed ? { transcribed: transcript.transcribed } : {}),
    ...(tokens !== undefined ? { tokens } : {}),
    ...sealedSpared(redacted.spared, deps.session.sparedNames, session.session_id),
  });
  deps.handoff.put(data.key, { redacted: { session, transcript, redacted } });
  return { redactions: redacted.redactions };
};

/** The redaction of a session: as this worker left it, or from the object store. */
async function redactedOf(deps: SessionStageDeps, data: SessionJobData): Promise<{ session: Session; transcript: Transcript; redacted: Redacted }> {
  const handed = deps.handoff.take(data.key)?.redacted;
  if (handed) return handed;
  const red = await readRedacted(deps.objects, data.key, deps.session.sparedNames, deps.pseudonymKey);
  if (!red) {
    // The same job run twice at once (a stalled job picked up while its first run went on):
    // the other run finished and cleaned up. Retry: the next attempt finds its result.
    if (await deps.objects.exists(objectKeys(data.key).result)) throw new TransientError('analyze ran twice at once; the other run has the result', { sessionId: data.sessionId });
    throw new InputError('the redacted transcript object is missing (its work was cleaned up); retry the session', { sessionId: data.sessionId });
  }
  return red;
}

/** Segments with their speakers' labels as S1, S2… (unknown stays unknown): a label is most often
 * a person's name (松井：, <v 鷲尾>), which redaction cuts from the text but not from the label;
 * analysis needs only the roles and how many voices there are. */
function withoutSpeakerLabels<T extends { speaker: string }>(segments: readonly T[]): T[] {
  const labels = new Map<string, string>();
  return segments.map((seg) => {
    if (seg.speaker === UNKNOWN_SPEAKER) return seg;
    let label = labels.get(seg.speaker);
    if (label === undefined) labels.set(seg.speaker, (label = `S${labels.size + 1}`));
    return { ...seg, speaker: label };
  });
}

/** The redacted object's `spared_sealed`: empty without names; refused (never written in the
 * clear) without a seal. */
function sealedSpared(spared: readonly string[] | undefined, seal: SparedNamesSeal | undefined, sessionId: string): { spared_sealed?: string } {
  if (spared === undefined || spared.length === 0) return {};
  if (seal === undefined) throw new ConfigError('the session has names to keep out of its keywords but the stage was given no way to seal them (SessionDeps.sparedNames)', { sessionId });
  const sealed = seal.seal(sessionId, spared);
  return sealed === undefined ? {} : { spared_sealed: sealed };
}

/** A session's redaction as the redact job left it in the object store (tokens decoded, spared
 * names opened), or undefined. */
export async function readRedacted(objects: ObjectStore, key: string, seal: SparedNamesSeal | undefined, pseudonymKey: string): Promise<{ session: Session; transcript: Transcript; redacted: Redacted } | undefined> {
  const stored = await getJson(objects, objectKeys(key).redacted, RedactedObjectSchema);
  if (!stored) return undefined;
  const red = { ...stored, session: openRecord(pseudonymKey, stored.session) };
  if (red.spared_sealed !== undefined && seal === undefined) {
    // analysed without them, the names would become keywords: refuse rather than guess
    throw new ConfigError('the redacted transcript holds sealed names but the stage was given no way to open them (SessionDeps.sparedNames)', { sessionId: red.session.session_id });
  }
  const spared = red.spared_sealed === undefined || seal === undefined ? red.spared : seal.open(red.session.session_id, red.spared_sealed);
  const normalize = LANGUAGES[red.session.language].normalize;
  const tokens = red.tokens === undefined ? undefined : decodeTokens(red.tokens, (i) => normalize(red.segments[i]?.text ?? ''));
  return {
    session: red.session,
    transcript: { format: red.format, encoding: red.encoding, segments: red.segments, ...(red.transcribed ? { transcribed: red.transcribed } : {}) },
    redacted: { segments: red.segments, redactions: red.redactions, ...(tokens !== undefined ? { tokens } : {}), ...(spared !== undefined ? { spared } : {}) },
  };
}

const analyze: SessionStageRunner = async (data, deps): Promise<AnalyzeReturn> => {
  const k = objectKeys(data.key);
  const { objects } = deps;
  const ret = { sessionId: data.sessionId, companyId: data.companyId, key: data.key };
  if (await objects.exists(k.result)) {
    deps.handoff.take(data.key);
    await objects.delete(k.redacted);
    await objects.delete(k.batch);
    return ret;
  }
  // an --openai-batch batch's session waits for the batch API's answers (jobs/openai-batch.ts)
  // (what this worker's redact left in memory is dropped: the wait may be hours)
  if (data.openaiBatch) deps.handoff.take(data.key);
  const answered = data.openaiBatch ? await batchAnswersFor(objects, data) : undefined;
  const { session, transcript, redacted } = await redactedOf(deps, data);
  let usage: Usage | undefined;
  const { provider } = deps.session;
  const withAnswers = answered === undefined ? provider : { ...provider, analyze: (input: AnalyzeInput) => provider.analyze({ ...input, answered }) };
  const result = await analyzeStage(session, transcript, redacted, withAnswers, (u) => {
    usage = u;
    deps.session.onUsage?.(u);
  });
  await putJson(objects, k.result, result);
  await objects.delete(k.redacted);
  await objects.delete(k.batch);
  return { ...ret, ...(usage ? { usage } : {}) };
};

export const SESSION_STAGE_RUNNERS: Record<SessionStage, SessionStageRunner> = { transcribe, redact, analyze };
