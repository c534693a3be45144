/** A loopback "speech-to-text" route for tests: it knows what was said when in the recording
 * (`Utterance`s, recording time) and which piece an upload is (its file name `piece-N.mp3` and the
 * pieces the test's preparer made), and answers each upload as the API would: the utterances the
 * piece holds, on the piece's clock, in the model's response format. Diarised labels are per
 * upload (`A`, `B` in the order of first speech), unless known speakers are sent and `honourKnown`:
 * then each reference clip's voice is recognised by its pitch (the fixtures' voices are tones of
 * different frequencies) and answered with its known name. */
import { spawnSync } from 'node:child_process';
import type { AudioPiece } from '../../../pipeline/ports/audio.js';
import type { RecordedRequest, Reply } from './loopback.js';

export interface Utterance {
  start: number;
  end: number;
  /** The true speaker, e.g. `consultant`, with its voice's pitch. */
  who: string;
  hz: number;
  text: string;
}

export interface SpeechServerOptions {
  utterances: readonly Utterance[];
  /** The pieces the preparer made, read when an upload arrives. */
  pieces: () => readonly AudioPiece[];
  honourKnown: boolean;
}

export function speechRoute(o: SpeechServerOptions): (req: RecordedRequest) => Reply {
  return (req) => {
    const file = req.files.find((f) => f.field === 'file');
    const index = Number(/piece-(\d+)\./.exec(file?.name ?? '')?.[1]);
    const piece = o.pieces()[index];
    if (!file || !piece) return { kind: 'json', status: 400, body: { error: { message: 'no such piece', type: 'invalid_request_error', code: 'invalid_file' } } };
    const held = o.utterances.flatMap((u) => {
      const start = Math.max(u.start, piece.startSec);
      const end = Math.min(u.end, piece.endSec);
      return end - start > 0.05 ? [{ ...u, start: pieceTime(piece, start), end: pieceTime(piece, end) }] : [];
    });
    const format = req.fields.response_format ?? 'json';
    const duration = piece.durationSec;
    if (format === 'verbose_json') {
      return json({ task: 'transcribe', language: req.fields.language, duration, text: held.map((u) => u.text).join(' '), segments: held.map((u, id) => ({ id, start: u.start, end: u.end, text: u.text })), usage: { type: 'duration', seconds: Math.ceil(duration) } });
    }
    if (format !== 'diarized_json') return json({ text: held.map((u) => u.text).join(' '), usage: { type: 'tokens', input_tokens: 50, output_tokens: 20, total_tokens: 70 } });
    const known = new Map<string, string>(); // true speaker → known name
    const names = req.lists['known_speaker_names[]'] ?? [];
    const refs = req.lists['known_speaker_references[]'] ?? [];
    if (o.honourKnown) {
      names.forEach((name, i) => {
        const hz = pitchOf(Buffer.from((refs[i] ?? '').replace(/^data:audio\/mpeg;base64,/, ''), 'base64'));
        const who = o.utterances.find((u) => Math.abs(u.hz - hz) < u.hz * 0.1)?.who;
        if (who !== undefined) known.set(who, name);
      });
    }
    const local = new Map<string, string>();
    const label = (who: string) => known.get(who) ?? local.get(who) ?? (local.set(who, String.fromCharCode(65 + local.size)), local.get(who)!);
    const segments = held.map((u, i) => ({ type: 'transcript.text.segment', id: `seg_${i}`, start: u.start, end: u.end, speaker: label(u.who), text: u.text }));
    return json({ task: 'transcribe', duration, text: held.map((u) => u.text).join(' '), segments, usage: { type: 'duration', seconds: Math.ceil(duration) } });
  };
}

const json = (body: unknown): Reply => ({ kind: 'json', body });

/** Recording time → the piece's time (a time in a trimmed gap: the next kept stretch's start). */
export function pieceTime(piece: AudioPiece, t: number): number {
  for (const s of piece.spans) {
    if (t < s.from) return s.at;
    if (t <= s.from + s.duration) return s.at + (t - s.from);
  }
  const last = piece.spans.at(-1)!;
  return last.at + last.duration;
}

/** The pitch of a tone clip (MP3 bytes): zero crossings of the decoded samples per second / 2. */
export function pitchOf(mp3: Buffer): number {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-ac', '1', '-ar', '16000', '-f', 's16le', 'pipe:1'], { input: mp3, maxBuffer: 64 << 20 });
  const pcm = r.stdout;
  let crossings = 0;
  let prev = 0;
  const n = Math.floor(pcm.length / 2);
  for (let i = 0; i < n; i++) {
    const v = pcm.readInt16LE(i * 2);
    if (v !== 0 && prev !== 0 && Math.sign(v) !== Math.sign(prev)) crossings++;
    if (v !== 0) prev = v;
  }
  return crossings / 2 / (n / 16000);
}
