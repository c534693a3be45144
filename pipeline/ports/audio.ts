/** The audio-preparation port: a recording (audio or video, any container ffmpeg reads) → mono
 * 16 kHz pieces in a compact codec, long silences trimmed, each piece under an upload limit and
 * cut at a silence, with the time map back to the recording. A transcriber adapter uses it
 * before uploading; the ffmpeg adapter (adapters/ffmpeg/) implements it. Types only. */
import type { Recording } from './transcriber.js';

/** A stretch of a piece that is a stretch of the original recording: `duration` seconds from
 * `at` seconds into the piece are `from` seconds into the recording onwards. A piece's spans are
 * in order and cover it without gaps; the gaps between them in the recording are trimmed silence. */
export interface AudioSpan {
  at: number;
  from: number;
  duration: number;
}

/** One piece of prepared audio, a temporary file deleted when `prepare`'s callback returns. */
export interface AudioPiece {
  index: number;
  path: string;
  /** The file's format, for the upload's file name (`piece-0.mp3`). */
  format: 'mp3';
  bytes: number;
  /** Seconds of audio in the piece. */
  durationSec: number;
  /** Where the piece starts and ends in the original recording, in seconds. */
  startSec: number;
  endSec: number;
  /** Seconds at the start of this piece that the previous piece also holds (0 for the first):
   * a word cut at the previous piece's end is whole here. `stitchPieces` removes the doubles. */
  overlapSec: number;
  spans: AudioSpan[];
}

export interface PreparedAudio {
  pieces: AudioPiece[];
  /** The recording's length, seconds. */
  durationSec: number;
  /** Seconds of audio kept (what is sent, and billed, without the overlaps). */
  keptSec: number;
  /** Seconds of long silence removed: billed minutes saved. */
  trimmedSec: number;
}

export interface AudioPreparer {
  /** What decides the pieces (limits, thresholds, codec), as one string: part of a transcript
   * cache key, so other settings transcribe again. */
  readonly settings: string;
  /** `durationSec` seconds of a piece from `fromSec` (piece time), encoded as the pieces are:
   * a speaker's voice sample for a later piece's diarisation. Only inside `prepare`'s callback. */
  clip(piece: AudioPiece, fromSec: number, durationSec: number): Promise<Buffer>;
  /** Prepares the recording, calls `use` with the pieces and deletes every temporary file when
   * `use` settles or preparation fails. Throws `RecordingError` (RECORDING_UNREADABLE: corrupt,
   * empty, no audio stream, not a media file; RECORDING_SILENT: no sound above the silence
   * threshold), both permanent; `ConfigError` when ffmpeg is missing. */
  prepare<T>(recording: Recording, use: (audio: PreparedAudio) => Promise<T>): Promise<T>;
}
