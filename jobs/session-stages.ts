/** The session stages of queue mode — transcribe, redact, analyze — as functions of a job's
 * data and the object store: each reads its input object, calls the same stage function
 * `honne run` calls, writes its output object and returns a small typed result, on the
 * worker's own thread. Every stage is idempotent — a job run twice (a stalled job picked up
 * again after its worker died) finds its output already there and does nothing more. */
import { z } from 'zod';
import { LANGUAGES } from '../pipeline/analyze/language.js';
import { InputError, TransientError } from '../pipeline/errors.js';
import { SegmentSchema, SessionSchema, TranscribedSchema, TranscriptFormatSchema, type Company, type Session, type Transcript } from '../pipeline/schemas.js';
import { analyzeStage, redactStage, requireSpeakers, transcriptStage, type Redacted, type SessionDeps } from '../pipeline/session.js';
import { cachedSessionRecords, readCompanies } from './context.js';
import { objectKeys, type SessionStage } from './ids.js';
import { recentlyUsed, setRecent } from './recent.js';
import { getJson, putJson } from '../pipeline/objects.js';
import type { ObjectStore } from '../pipeline/ports/object-store.js';
import type { AnalyzeReturn, SessionJobData } from './schemas.js';
import { CompactTokensSchema, decodeTokens, encodeTokens } from './tokens.js';

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
export function sessionStageDeps(objects: ObjectStore, session: SessionDeps): SessionStageDeps {
  const companies = recentlyUsed(async (batchId: string) => new Map((await readCompanies(objects, batchId)).map((c) => [c.company_id, c])), 16);
  return { objects, session, companies, sessions: cachedSessionRecords(objects), handoff: new Handoff() };
}

/** `signal`: the job's, aborted when its worker stops (a transcription's upload ends). */
export type SessionStageRunner = (data: SessionJobData, deps: SessionStageDeps, signal?: AbortSignal) => Promise<unknown>;

/** The redacted transcript as the redact job leaves it for the analyze job. */
export const RedactedObjectSchema = z.object({
  session: SessionSchema,
  format: TranscriptFormatSchema,
  encoding: z.string(),
  segments: z.array(SegmentSchema),
  redactions: z.number().int(),
  /** A recording's: what hearing it used, for the session's result (stored with it). */
  transcribed: TranscribedSchema.optional(),
  /** Redaction's morphemes of the redacted segments (jobs/tokens.ts), so analysis does not
   * tokenize again. Optional: an object written without them is tokenized by analysis. */
  tokens: CompactTokensSchema.optional(),
});

async function sessionOf(deps: SessionStageDeps, data: SessionJobData): Promise<Session> {
  const session = (await deps.sessions(data.batchId, data.companyId)).get(data.sessionId);
  if (!session) throw new InputError(`the session record is missing from the object store (batch ${data.batchId}); resubmit the batch`, { sessionId: data.sessionId });
  return session;
}

/** Reads and parses the session's transcript (fails permanently on a broken one), or has the
 * configured transcriber hear a session that has only a recording — the same transcriptStage
 * `honne run` calls (with HONNE_TRANSCRIBER=none such a session fails here, NO_TRANSCRIBER). A
 * session's own transcript file IS its transcript: no copy of the raw text goes to the object
 * store, the redact job reads the file again (cheaper than writing, reading and validating a
 * copy, and no raw text is left behind) unless this thread still has it.
 * TODO(#14, a real transcriber): write its transcript here as the one transcript object
 * (`sessions/<key>.transcript.json`, see objectKeys) and have redact read that, so that a redact
 * job on another thread or worker does not transcribe (and pay) again. */
const transcribe: SessionStageRunner = async (data, deps, signal) => {
  const k = objectKeys(data.key);
  const { objects } = deps;
  if ((await objects.exists(k.redacted)) || (await objects.exists(k.result))) return { skipped: true };
  const session = await sessionOf(deps, data);
  const transcript = await transcriptStage(session, signal ? { ...deps.session, signal } : deps.session);
  requireSpeakers(session, transcript); // fail before anything is redacted or stored
  deps.handoff.put(data.key, { transcript: { session, transcript } });
  return { segments: transcript.segments.length };
};

const redact: SessionStageRunner = async (data, deps) => {
  const k = objectKeys(data.key);
  const { objects } = deps;
  const handed = deps.handoff.take(data.key);
  if ((await objects.exists(k.redacted)) || (await objects.exists(k.result))) return { skipped: true };
  const session = handed?.transcript?.session ?? (await sessionOf(deps, data));
  const transcript = handed?.transcript?.transcript ?? (await transcriptStage(session, deps.session));
  const companies = await deps.companies(data.batchId);
  const redacted = redactStage(session, transcript, {
    ...deps.session,
    companyName: (id) => companies.get(id)?.name,
    companyAliases: (id) => companies.get(id)?.aliases,
  });
  const normalize = LANGUAGES[session.language].normalize;
  const tokens = redacted.tokens === undefined ? undefined : encodeTokens(redacted.tokens, (i) => normalize(redacted.segments[i]?.text ?? ''));
  await putJson(objects, k.redacted, {
    session,
    format: transcript.format,
    encoding: transcript.encoding,
    segments: redacted.segments,
    redactions: redacted.redactions,
    ...(transcript.transcribed ? { transcribed: transcript.transcribed } : {}),
    ...(tokens !== undefined ? { tokens } : {}),
  });
  deps.handoff.put(data.key, { redacted: { session, transcript, redacted } });
  return { redactions: redacted.redactions };
};

/** The redaction of a session: as this worker left it, or from the object store. */
async function redactedOf(deps: SessionStageDeps, data: SessionJobData): Promise<{ session: Session; transcript: Transcript; redacted: Redacted }> {
  const handed = deps.handoff.take(data.key)?.redacted;
  if (handed) return handed;
  const red = await getJson(deps.objects, objectKeys(data.key).redacted, RedactedObjectSchema);
  if (!red) {
    // The same job run twice at once (a stalled job picked up while its first run went on):
    // the other run finished and cleaned up. Retry: the next attempt finds its result.
    if (await deps.objects.exists(objectKeys(data.key).result)) throw new TransientError('analyze ran twice at once; the other run has the result', { sessionId: data.sessionId });
    throw new InputError('the redacted transcript object is missing (its work was cleaned up); retry the session', { sessionId: data.sessionId });
  }
  const normalize = LANGUAGES[red.session.language].normalize;
  const tokens = red.tokens === undefined ? undefined : decodeTokens(red.tokens, (i) => normalize(red.segments[i]?.text ?? ''));
  return {
    session: red.session,
    transcript: { format: red.format, encoding: red.encoding, segments: red.segments, ...(red.transcribed ? { transcribed: red.transcribed } : {}) },
    redacted: { segments: red.segments, redactions: red.redactions, ...(tokens !== undefined ? { tokens } : {}) },
  };
}

const analyze: SessionStageRunner = async (data, deps): Promise<AnalyzeReturn> => {
  const k = objectKeys(data.key);
  const { objects } = deps;
  const ret = { sessionId: data.sessionId, companyId: data.companyId, key: data.key };
  if (await objects.exists(k.result)) {
    deps.handoff.take(data.key);
    await objects.delete(k.redacted);
    return ret;
  }
  const { session, transcript, redacted } = await redactedOf(deps, data);
  const result = await analyzeStage(session, transcript, redacted, deps.session.provider);
  await putJson(objects, k.result, result);
  await objects.delete(k.redacted);
  return ret;
};

export const SESSION_STAGE_RUNNERS: Record<SessionStage, SessionStageRunner> = { transcribe, redact, analyze };
