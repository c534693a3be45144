/** The transcriber port: a session's recording (audio) → segments with timestamps and speakers,
 * with what the transcription used. An adapter (adapters/<name>/) implements it and the
 * composition root picks one by HONNE_TRANSCRIBER; `none` (pipeline/transcripts/none.ts) is the
 * default. Interfaces only: stages import this, never an adapter. */
import type { Transcription } from '../schemas.js';

/** A recording as the transcriber sees it: where it is, how large, and a way to read it. */
export interface Recording {
  /** The session's `recording_uri`, for messages and the audio format (its extension). */
  readonly uri: string;
  /** Its size in bytes when known before reading it, else null. */
  readonly size: number | null;
  /** Opens the audio from its start; each call opens it afresh (a retried upload reads again). */
  open(): Promise<AsyncIterable<Uint8Array>>;
}

export interface TranscribeRequest {
  sessionId: string;
  /** The session's language, a hint for speech recognition. */
  language: 'ja' | 'en';
  recording: Recording;
  /** Ends the transcription early (a worker shutting down): it fails, retryable. */
  signal?: AbortSignal;
}

export interface Transcriber {
  /** The HONNE_TRANSCRIBER value that chose it, for messages. */
  readonly name: string;
  /** What decides its output besides the audio and the language (service, model, response
   * format, audio preparation), as one string: with the recording's digest and the language it
   * keys the transcript cache (pipeline/transcripts/cache.ts), so a change transcribes again. */
  readonly settings: string;
  /** A transcript (segments with start, end, speaker label and text; roles are assigned by the
   * stage from the session's `consultant_speaker`) and its usage. Throws `TransientError` for what a
   * retry can mend (429, 5xx, timeouts), another `HonneError` for what it cannot. */
  transcribe(request: TranscribeRequest): Promise<Transcription>;
}
