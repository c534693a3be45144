/** A session's file locations and consultant label in the batch's session records
 * (`batches/<id>/sessions/…`), sealed as its known names are (pipeline/ingest/known-names.ts:
 * AES-256-GCM under a key derived from the pseudonym key for records alone, deterministic). Operators name
 * transcripts and recordings after people (`tx/鷲尾遥斗_10.vtt`, `Washio-Haruto.m4a`), and a record
 * sets that path beside the employee's pseudonym, department, age band and gender, in an object
 * store (often a bucket) that keeps batch records as long as results (three years by default):
 * whoever reads it could name the person behind a pseudonym and so every row of theirs in the
 * store. `consultant_speaker` is the consultant's label in the transcript, most often their name
 * (松井, Sakurai), which `consultant_name` already keeps sealed. Only a session stage, which reads
 * the file, opens them. Records written before this seal keep them in the clear and are read as
 * they are. Pure. */
import { z } from 'zod';
import { ConfigError } from '../pipeline/errors.js';
import { openKnownNames, sealKnownNames } from '../pipeline/ingest/known-names.js';
import { SessionSchema, type Session } from '../pipeline/schemas.js';

/** A session as its batch keeps it: `sealed` holds its transcript_uri, recording_uri and
 * consultant_speaker. */
export const SessionRecordSchema = SessionSchema.extend({ sealed: z.string().optional() });
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

const SealedSchema = SessionSchema.pick({ transcript_uri: true, recording_uri: true, consultant_speaker: true });

/** The record of a session: its locations and consultant label sealed, nothing else changed. */
export function sealRecord(pseudonymKey: string, session: Session): SessionRecord {
  const { transcript_uri, recording_uri, consultant_speaker, ...rest } = session;
  const fields = {
    ...(transcript_uri !== undefined ? { transcript_uri } : {}),
    ...(recording_uri !== undefined ? { recording_uri } : {}),
    ...(consultant_speaker !== undefined ? { consultant_speaker } : {}),
  };
  if (Object.keys(fields).length === 0) return session;
  return { ...rest, sealed: sealKnownNames(pseudonymKey, [JSON.stringify(fields)], 'record')! };
}

/** The session a record was made of (a record without `sealed` is one from before the seal). */
export function openRecord(pseudonymKey: string, record: SessionRecord): Session {
  const { sealed, ...rest } = record;
  if (sealed === undefined) return rest;
  let opened: z.infer<typeof SealedSchema>;
  try {
    opened = SealedSchema.parse(JSON.parse(openKnownNames(pseudonymKey, sealed, 'record')[0] ?? ''));
  } catch {
    throw new ConfigError(`the file locations and consultant label of session ${record.session_id} cannot be opened: its batch was submitted under another HONNE_PSEUDONYM_KEY (every process must use the same key)`, {
      variable: 'HONNE_PSEUDONYM_KEY',
      sessionId: record.session_id,
    });
  }
  return { ...rest, ...opened };
}
