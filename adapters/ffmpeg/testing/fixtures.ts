/** Fixture recordings made by ffmpeg's own test sources at test time (never downloaded):
 * "speech" is a 220 Hz tone whose loudness wobbles three times a second, silence is digital zero. */
import { spawnSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import type { Recording } from '../../../pipeline/ports/transcriber.js';

export type Part = { tone: number; freq?: number } | { silence: number };

const toneExpr = (freq: number) => `0.5*sin(2*PI*${freq}*t)*(0.6+0.4*sin(2*PI*3*t))`;

/** `parts` one after the other, stereo 44.1 kHz (as a recorder writes it), into `path`, whose
 * extension picks the container; `video` adds a test picture (an .mp4 or .mkv). */
export function makeRecording(path: string, parts: readonly Part[], opts: { video?: boolean } = {}): void {
  const inputs = parts.flatMap((p) => ['-f', 'lavfi', '-i', 'tone' in p ? `aevalsrc='${toneExpr(p.freq ?? 220)}':s=44100:d=${p.tone}` : `aevalsrc=0:s=44100:d=${p.silence}`]);
  const total = parts.reduce((n, p) => n + ('tone' in p ? p.tone : p.silence), 0);
  const concat = `${parts.map((_, i) => `[${i}:a]`).join('')}concat=n=${parts.length}:v=0:a=1,pan=stereo|c0=c0|c1=c0[a]`;
  const video = opts.video ? ['-f', 'lavfi', '-i', `testsrc=size=320x240:rate=10:duration=${total}`] : [];
  const maps = opts.video ? ['-map', '[a]', '-map', `${parts.length}:v`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'] : ['-map', '[a]'];
  ffmpegSync([...inputs, ...video, '-filter_complex', concat, ...maps, '-c:a', 'aac', '-b:a', '96k', path]);
}

/** `minutes` of speech with a pause every minute: `pauseSec` of silence ending each minute. */
export function makeLongRecording(path: string, minutes: number, pauseSec: number): void {
  const expr = `if(lt(mod(t,60),${60 - pauseSec}),${toneExpr(220)},0)`;
  ffmpegSync(['-f', 'lavfi', '-i', `aevalsrc='${expr}':s=44100:d=${minutes * 60}`, '-ac', '2', '-c:a', 'aac', '-b:a', '96k', path]);
}

export function ffmpegSync(args: string[]): string {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')}: ${r.stderr}`);
  return r.stderr;
}

/** A recording read from a file in 64 KB chunks, as the local opener streams it. */
export function fileRecording(path: string): Recording {
  return { uri: path, size: statSync(path).size, open: async () => createReadStream(path, { highWaterMark: 64 * 1024 }) };
}

/** ffprobe's answer for the first audio stream. */
export function probe(path: string): { codec: string; sampleRate: number; channels: number; duration: number } {
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=codec_name,sample_rate,channels:format=duration', '-of', 'json', path], { encoding: 'utf8' });
  const j = JSON.parse(r.stdout) as { streams: Array<{ codec_name: string; sample_rate: string; channels: number }>; format: { duration: string } };
  const s = j.streams[0]!;
  return { codec: s.codec_name, sampleRate: Number(s.sample_rate), channels: s.channels, duration: Number(j.format.duration) };
}

/** The silences of an audio file as [start, end] pairs (the same detector the preparer uses). */
export function silencesOf(path: string, minSec = 0.5): Array<[number, number]> {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-nostdin', '-nostats', '-i', path, '-af', `silencedetect=noise=-35dB:duration=${minSec}`, '-f', 'null', '-'], { encoding: 'utf8' });
  const out: Array<[number, number]> = [];
  let open: number | null = null;
  for (const m of r.stderr.matchAll(/silence_(start|end): (-?[\d.]+)/g)) {
    if (m[1] === 'start') open = Number(m[2]);
    else if (open !== null) {
      out.push([open, Number(m[2])]);
      open = null;
    }
  }
  return out;
}
