/** The transcript cache: a recording transcribed once is never paid for twice. Keyed by the
 * recording's content (SHA-256, streamed: the recording is read once more, never whole in
 * memory), the transcriber's settings (service, model, response format, audio preparation) and
 * the language, so the same bytes under another name or in another session are a hit, and
 * another model or preparation is not. Kept in the object store (a folder or S3, shared by
 * every worker) as `sessions/tx-<hash>.transcript.json`:
 * - it holds raw speech, so it is the `transcripts` retention class (pipeline/retention.ts
 *   `objectClass`, HONNE_RETENTION_TRANSCRIPTS_DAYS);
 * - it carries the session record of who it was made for (`session.employee_pid`), like every
 *   work object (pipeline/erase/objects.ts), so `honne erase` removes it and `honne key rotate`
 *   re-pseudonymises it.
 * Only successes are stored. */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { getJson, putJson } from '../objects.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { Recording } from '../ports/transcriber.js';
import { TranscriptionSchema, type Session, type Transcription } from '../schemas.js';

export const CachedTranscriptSchema = z.object({
  /** Who it was made for: what erase and key rotation find it by. */
  session: z.object({ session_id: z.string(), company_id: z.string(), employee_pid: z.string() }),
  settings: z.string(),
  language: z.string(),
  transcription: TranscriptionSchema,
});

/** SHA-256 of the recording's bytes, read as a stream. */
export async function recordingDigest(recording: Recording): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await recording.open()) hash.update(chunk);
  return hash.digest('hex');
}

export function transcriptCacheKey(digest: string, settings: string, language: string): string {
  const id = createHash('sha256').update(JSON.stringify(['honne-transcript-v1', digest, settings, language])).digest('hex');
  return `sessions/tx-${id}.transcript.json`;
}

export async function cachedTranscription(objects: ObjectStore, key: string): Promise<Transcription | undefined> {
  return (await getJson(objects, key, CachedTranscriptSchema))?.transcription;
}

export async function cacheTranscription(objects: ObjectStore, key: string, session: Session, settings: string, transcription: Transcription): Promise<void> {
  const { session_id, company_id, employee_pid } = session;
  await putJson(objects, key, { session: { session_id, company_id, employee_pid }, settings, language: session.language, transcription });
}
