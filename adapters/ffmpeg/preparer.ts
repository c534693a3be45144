/** The ffmpeg adapter of the audio-preparation port (pipeline/ports/audio.ts). A recording is
 * spooled to a private temporary folder (streamed: never whole in memory; a file, because MP4's
 * index may sit at its end and two passes read it), then:
 *   1. one ffmpeg pass takes the first audio stream (video is dropped), mixes it to mono 16 kHz
 *      PCM and finds its silences (`silencedetect`);
 *   2. `planAudio` (pipeline/transcripts/audio-plan.ts) trims the long silences and cuts the kept
 *      audio into pieces under the upload limit, at silences, with an overlap;
 *   3. one ffmpeg pass per piece selects its stretches and encodes MP3, mono 16 kHz, 32 kbit/s
 *      (every OpenAI-compatible server takes MP3; ~14 MB an hour, so a 25 MB limit holds ~1.7 h).
 * The folder is removed when the caller's callback settles or anything fails; when the process
 * exits in the middle (a second signal, a worker's stop deadline: `process.exit` runs no
 * `finally`) by an exit hook; and when it was killed outright (SIGKILL, the OOM killer, a crash)
 * by the next preparation in that folder: the folder is named by its process id, and a folder
 * whose process is gone holds a raw recording nobody will ever remove (`sweepOrphans`). */
import { spawn } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ConfigError, RecordingError } from '../../pipeline/errors.js';
import type { AudioPiece, AudioPreparer, PreparedAudio } from '../../pipeline/ports/audio.js';
import { processAlive } from '../../pipeline/process-alive.js';
import type { Recording } from '../../pipeline/ports/transcriber.js';
import { planAudio, type Interval, type PlannedPiece } from '../../pipeline/transcripts/audio-plan.js';

export interface FfmpegPreparerOptions {
  /** The largest piece uploaded, in bytes (OpenAI's audio API: 25 MB). */
  maxPieceBytes: number;
  /** The longest piece, in seconds, for a service that limits duration as well as bytes
   * (gpt-4o-transcribe-diarize: 1400 s); default: the byte limit alone decides. */
  maxPieceSec?: number;
  /** Silences at least this long are trimmed (default 2 s). */
  minTrimSec?: number;
  /** Seconds of a trimmed silence left on either side of speech (default 0.5 s). */
  marginSec?: number;
  /** Seconds neighbouring pieces share (default 2 s). */
  overlapSec?: number;
  /** Quieter than this is silence (default -35 dB). */
  noiseDb?: number;
  /** Where the temporary folder is made (default the OS's). */
  tmpDir?: string;
  /** The ffmpeg and ffprobe executables (default from the PATH). */
  ffmpeg?: string;
  ffprobe?: string;
}

/** MP3 at 32 kbit/s: 4000 bytes a second, and some room for frame headers and the Xing tag. */
const BITRATE = 32_000;
const BYTES_PER_SEC = BITRATE / 8;
const HEADROOM = 0.95;
/** The shortest silence reported: shorter ones are not worth cutting at. */
const MIN_SILENCE_SEC = 0.5;

export function createFfmpegPreparer(options: FfmpegPreparerOptions): AudioPreparer {
  const o = { minTrimSec: 2, marginSec: 0.5, overlapSec: 2, noiseDb: -35, tmpDir: tmpdir(), ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', ...options };
  const maxPieceSec = Math.min(Math.floor((o.maxPieceBytes * HEADROOM) / BYTES_PER_SEC), options.maxPieceSec ?? Infinity);
  return {
    settings: `ffmpeg:mp3-${BITRATE}-16k-mono;piece=${maxPieceSec}s;trim=${o.minTrimSec}s;margin=${o.marginSec}s;overlap=${o.overlapSec}s;noise=${o.noiseDb}dB`,
    async clip(piece: AudioPiece, fromSec: number, durationSec: number): Promise<Buffer> {
      const r = await run(o.ffmpeg, ['-hide_banner', '-nostdin', '-nostats', '-ss', fromSec.toFixed(2), '-t', durationSec.toFixed(2), '-i', piece.path,
        '-ac', '1', '-ar', '16000', '-c:a', 'libmp3lame', '-b:a', String(BITRATE), '-f', 'mp3', 'pipe:1'], 'buffer');
      if (r.code !== 0 || r.bytes.length === 0) throw new Error(`ffmpeg could not cut a clip of piece ${piece.index}: ${ffmpegReason(r.stderr)}`);
      return r.bytes;
    },
    async prepare<T>(recording: Recording, use: (audio: PreparedAudio) => Promise<T>): Promise<T> {
      await sweepOrphans(o.tmpDir);
      const dir = await mkdtemp(join(o.tmpDir, `${SPOOL}${process.pid}-`));
      holding(dir);
      try {
        const input = join(dir, 'recording');
        await pipeline(Readable.from(await recording.open()), createWriteStream(input, { mode: 0o600 }));
        if ((await stat(input)).size === 0) throw unreadable(recording, 'the file is empty');

        const wav = join(dir, 'audio.wav');
        const log = await run(o.ffmpeg, ['-hide_banner', '-nostdin', '-nostats', '-i', input, '-map', '0:a:0', '-vn', '-sn', '-dn',
          '-af', `aformat=channel_layouts=mono,aresample=16000,silencedetect=noise=${o.noiseDb}dB:duration=${MIN_SILENCE_SEC}`,
          '-c:a', 'pcm_s16le', '-f', 'wav', wav]);
        if (log.code !== 0) throw unreadable(recording, ffmpegReason(log.stderr));
        const durationSec = await probeDuration(o.ffprobe, wav);
        if (!(durationSec > 0)) throw unreadable(recording, 'it holds no audio');

        const plan = planAudio(durationSec, parseSilences(log.silences, durationSec), { ...o, maxPieceSec });
        if (plan === null) throw new RecordingError('RECORDING_SILENT', `recording ${recording.uri} holds only silence (nothing louder than ${o.noiseDb} dB)`);

        const pieces: AudioPiece[] = [];
        for (const [index, planned] of plan.pieces.entries()) {
          const path = join(dir, `piece-${index}.mp3`);
          const r = await run(o.ffmpeg, ['-hide_banner', '-nostdin', '-nostats', '-i', wav, '-af', selectFilter(planned),
            '-ac', '1', '-ar', '16000', '-c:a', 'libmp3lame', '-b:a', String(BITRATE), path]);
          if (r.code !== 0) throw new Error(`ffmpeg could not encode piece ${index}: ${ffmpegReason(r.stderr)}`);
          const bytes = (await stat(path)).size;
          if (bytes > o.maxPieceBytes) throw new Error(`piece ${index} is ${bytes} bytes, over the ${o.maxPieceBytes}-byte limit`);
          pieces.push({ index, path, format: 'mp3', bytes, ...planned });
        }
        return await use({ pieces, durationSec, keptSec: plan.keptSec, trimmedSec: plan.trimmedSec });
      } finally {
        await rm(dir, { recursive: true, force: true });
        spools.delete(dir);
      }
    },
  };
}

const SPOOL = 'honne-audio-';
/** The spool folders this process holds now: the exit hook removes them. */
const spools = new Set<string>();

function holding(dir: string): void {
  if (!process.listeners('exit').includes(removeSpools)) process.on('exit', removeSpools);
  spools.add(dir);
}

function removeSpools(): void {
  for (const dir of spools) rmSync(dir, { recursive: true, force: true });
  spools.clear();
}

/** Removes the spool folders (`honne-audio-<pid>-…`) in `tmpDir` whose process no longer runs on
 * this machine. A folder of a live process (another worker, this one) is left alone; so is one
 * whose id a new process has taken since, until that one ends. */
async function sweepOrphans(tmpDir: string): Promise<void> {
  const names = await readdir(tmpDir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = /^honne-audio-(\d+)-.+$/.exec(name)?.[1];
    if (pid !== undefined && !processAlive(Number(pid))) await rm(join(tmpDir, name), { recursive: true, force: true });
  }
}


function unreadable(recording: Recording, reason: string): RecordingError {
  return new RecordingError('RECORDING_UNREADABLE', `recording ${recording.uri} cannot be read as audio: ${reason}`);
}

/** The piece's stretches of the 16 kHz PCM, sample-exact: the piece's range (atrim, so the
 * expression runs on it alone) in 10 ms frames (160 samples), each kept when it starts inside a
 * span (the plan's times are on the same 10 ms grid). */
function selectFilter(piece: PlannedPiece): string {
  const terms = piece.spans.map((s) => `between(t,${(s.from - 0.002).toFixed(3)},${(s.from + s.duration - 0.005).toFixed(3)})`);
  return `atrim=start=${piece.startSec.toFixed(2)}:end=${piece.endSec.toFixed(2)},asetnsamples=n=160:p=0,aselect='${terms.join('+')}',asetpts=N/SR/TB`;
}

/** `silence_start: 12.3` / `silence_end: 45.6 | …` lines of silencedetect; a silence still open
 * at the end of the file ends there. */
export function parseSilences(log: string, durationSec: number): Interval[] {
  const silences: Interval[] = [];
  let open: number | null = null;
  for (const m of log.matchAll(/silence_(start|end): (-?[\d.]+)/g)) {
    const t = Math.max(0, Number(m[2]));
    if (m[1] === 'start') open = t;
    else if (open !== null) {
      silences.push({ start: open, end: t });
      open = null;
    }
  }
  if (open !== null) silences.push({ start: open, end: durationSec });
  return silences;
}

async function probeDuration(ffprobe: string, path: string): Promise<number> {
  const r = await run(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', path]);
  if (r.code !== 0) throw new Error(`ffprobe failed on the prepared audio: ${ffmpegReason(r.stderr)}`);
  return Number(r.stdout.trim());
}

/** The last lines ffmpeg wrote, which name the trouble ("Invalid data found when processing
 * input", "Stream map '0:a:0' matches no streams"), without our temporary paths. */
function ffmpegReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('[silencedetect'));
  const tail = lines.slice(-2).join('; ').replaceAll(/\/\S*honne-audio-[^/\s]*\//g, '').replaceAll(/\[[^\]]* @ 0x[0-9a-f]+\] /g, '');
  return tail.includes('matches no streams') ? 'it has no audio stream' : tail || 'ffmpeg failed';
}

interface Ran {
  code: number | null;
  stdout: string;
  /** stdout's bytes, when asked for (a clip: tens of KB). */
  bytes: Buffer;
  stderr: string;
  /** silencedetect's lines. */
  silences: string;
}

/** Runs a program to its end; its output is small (logs, a number), the audio goes to files.
 * A program that is not installed is a configuration error. */
function run(command: string, args: string[], out: 'text' | 'buffer' = 'text'): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const bytes: Buffer[] = [];
    let stderr = '';
    let silences = '';
    let partial = '';
    if (out === 'buffer') child.stdout.on('data', (d: Buffer) => bytes.push(d));
    else child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    // The log's tail names an error; silencedetect's lines are kept whole (a few per minute).
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.includes('silence_')) silences += line + '\n';
      stderr = (stderr + d).slice(-16_000);
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new ConfigError(`${command} not found on the PATH: recordings need it (apt-get install ffmpeg; \`honne doctor\` checks)`, {}, { cause: err }) : err),
    );
    child.on('close', (code) => resolve({ code, stdout, bytes: Buffer.concat(bytes), stderr, silences: silences + (partial.includes('silence_') ? partial : '') }));
  });
}
