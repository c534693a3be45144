/** Whether a manifest has a session that only a transcriber can hear (a `recording_uri` and no
 * `transcript_uri`): only then does a run check the transcription set-up before it starts
 * (app/preflight.ts). Streams the file and stops at the first such row. */
import { streamRecords } from './records.js';

const given = (v: unknown) => typeof v === 'string' && v.trim() !== '';

export async function manifestNeedsTranscription(file: string): Promise<boolean> {
  for await (const item of streamRecords(file)) {
    const r = item.record?.record;
    if (r !== undefined && given(r.recording_uri) && !given(r.transcript_uri)) return true;
  }
  return false;
}
