import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, RecordingError } from '../../pipeline/errors.js';
import type { PreparedAudio } from '../../pipeline/ports/audio.js';
import { originalTime } from '../../pipeline/transcripts/audio-plan.js';
import { createFfmpegPreparer } from './preparer.js';
import { ffmpegSync, fileRecording, makeRecording, probe, silencesOf } from './testing/fixtures.js';

let dir: string;
const at = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'honne-audio-test-'));
  ffmpegSync(['-version']);
  // a video: speech 0–10 s, 30 s of silence, speech 40–50 s (another pitch)
  makeRecording(at('talk.mp4'), [{ tone: 10 }, { silence: 30 }, { tone: 10, freq: 330 }], { video: true });
  // 96 s: six times 15 s of speech and a 1 s pause
  makeRecording(at('long.m4a'), Array.from({ length: 6 }, () => [{ tone: 15 }, { silence: 1 }]).flat());
  makeRecording(at('silent.m4a'), [{ silence: 30 }]);
  // speech 0–20 s, 30 s of silence, speech 50–70 s
  makeRecording(at('two.m4a'), [{ tone: 20 }, { silence: 30 }, { tone: 20, freq: 330 }]);
});

const messages: string[] = [];
afterAll(() => {
  if (process.env.SHOW_MESSAGES) console.log(messages.join('\n'));
  rmSync(dir, { recursive: true, force: true });
});

/** Each test's own spool folder, so "nothing left behind" is checked exactly. */
function preparer(maxPieceBytes = 25_000_000, extra: { ffmpeg?: string } = {}) {
  const tmp = mkdtempSync(join(dir, 'spool-'));
  return { tmp, p: createFfmpegPreparer({ maxPieceBytes, tmpDir: tmp, ...extra }) };
}

/** Runs `prepare` and keeps what the pieces held while they existed. */
async function prepared(p: ReturnType<typeof createFfmpegPreparer>, file: string) {
  return p.prepare(fileRecording(file), async (audio: PreparedAudio) => ({
    audio,
    probes: audio.pieces.map((x) => probe(x.path)),
    silences: audio.pieces.map((x) => silencesOf(x.path)),
  }));
}

describe('ffmpeg audio preparer', () => {
  it('extracts a video\'s audio as mono 16 kHz MP3, trims the long silence and maps times back to the recording', async () => {
    const { tmp, p } = preparer();
    const { audio, probes, silences } = await prepared(p, at('talk.mp4'));
    expect(audio.pieces).toHaveLength(1);
    expect(probes[0]).toMatchObject({ codec: 'mp3', sampleRate: 16000, channels: 1 });
    expect(audio.durationSec).toBeCloseTo(50, 1);
    // 30 s of silence less 0.5 s of margin either side
    expect(audio.trimmedSec).toBeGreaterThan(28.8);
    expect(audio.trimmedSec).toBeLessThan(29.2);
    expect(audio.keptSec + audio.trimmedSec).toBeCloseTo(audio.durationSec, 1);
    expect(probes[0]!.duration).toBeCloseTo(audio.keptSec, 0);
    // the one silence left in the piece is the two margins; the tone after it began at 40 s
    expect(silences[0]).toHaveLength(1);
    const [, toneAgain] = silences[0]![0]!;
    expect(Math.abs(originalTime(audio.pieces[0]!.spans, toneAgain) - 40)).toBeLessThan(0.1);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('splits a long recording under the byte limit at its pauses, overlapping, covering all of it', async () => {
    const limit = 100_000; // ~23 s of audio a piece
    const { tmp, p } = preparer(limit);
    const { audio, probes } = await prepared(p, at('long.m4a'));
    const pieces = audio.pieces;
    expect(pieces.length).toBeGreaterThanOrEqual(5);
    expect(audio.trimmedSec).toBe(0); // 1 s pauses are kept, only cut at
    for (const [i, piece] of pieces.entries()) {
      expect(piece.bytes).toBeLessThanOrEqual(limit);
      expect(Math.abs(probes[i]!.duration - piece.durationSec)).toBeLessThan(0.15);
      expect(probes[i]).toMatchObject({ codec: 'mp3', sampleRate: 16000, channels: 1 });
    }
    expect(pieces[0]!.startSec).toBe(0);
    expect(pieces[pieces.length - 1]!.endSec).toBeCloseTo(audio.durationSec, 1);
    for (const [i, piece] of pieces.slice(1).entries()) {
      const before = pieces[i]!;
      expect(piece.overlapSec).toBe(2);
      expect(piece.startSec).toBeCloseTo(before.endSec - 2, 5);
      // the seam (the overlap's middle) lies in a pause: 15–16, 31–32, 47–48, …
      const seam = originalTime(piece.spans, 1);
      expect(seam % 16).toBeGreaterThanOrEqual(15);
    }
    const covered = pieces.reduce((n, x) => n + x.durationSec - x.overlapSec, 0);
    expect(covered).toBeCloseTo(audio.keptSec, 5);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('maps a later piece\'s times back to the recording', async () => {
    const { p } = preparer(100_000);
    const { audio, silences } = await prepared(p, at('two.m4a'));
    // kept: 0–20.5 and 49.5–70; cut at the trimmed silence, so the second piece starts 1 s
    // before it and holds 1 s of margins before the second speech
    expect(audio.pieces).toHaveLength(2);
    const second = audio.pieces[1]!;
    expect(silences[1]).toHaveLength(1);
    const [, speech] = silences[1]![0]!;
    expect(Math.abs(originalTime(second.spans, speech) - 50)).toBeLessThan(0.1);
  });

  it('deletes its temporary files when the caller fails', async () => {
    const { tmp, p } = preparer();
    await expect(p.prepare(fileRecording(at('talk.mp4')), async () => Promise.reject(new Error('upload failed')))).rejects.toThrow('upload failed');
    expect(readdirSync(tmp)).toEqual([]);
  });

  /** A process that holds a recording's spool when it dies: `exit` ends it as a second Ctrl-C or
   * a worker's stop deadline do (process.exit: no `finally` runs), `kill` as SIGKILL or the OOM
   * killer do (nothing of it runs). */
  function dieWhilePreparing(tmp: string, how: 'exit' | 'kill'): { status: number | null; signal: string | null } {
    const child = join(dir, `die-${how}.mts`);
    writeFileSync(child, [
      `const { createFfmpegPreparer } = await import(${JSON.stringify(pathToFileURL(resolve('adapters/ffmpeg/preparer.ts')).href)});`,
      `const { fileRecording } = await import(${JSON.stringify(pathToFileURL(resolve('adapters/ffmpeg/testing/fixtures.ts')).href)});`,
      `const p = createFfmpegPreparer({ maxPieceBytes: 25_000_000, tmpDir: ${JSON.stringify(tmp)} });`,
      `await p.prepare(fileRecording(${JSON.stringify(at('talk.mp4'))}), async () => { ${how === 'exit' ? 'process.exit(130)' : "process.kill(process.pid, 'SIGKILL')"}; await new Promise(() => {}); });`,
    ].join('\n'));
    const r = spawnSync(process.execPath, ['bin/run-ts.mjs', child], { encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, signal: r.signal };
  }

  it('leaves no copy of the recording when the process exits in the middle (a second signal, a stop deadline)', () => {
    const tmp = mkdtempSync(join(dir, 'spool-'));
    expect(dieWhilePreparing(tmp, 'exit')).toEqual({ status: 130, signal: null });
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('removes the spool of a process that was killed outright, at the next preparation on the machine', async () => {
    const tmp = mkdtempSync(join(dir, 'spool-'));
    expect(dieWhilePreparing(tmp, 'kill')).toEqual({ status: null, signal: 'SIGKILL' });
    const [left] = readdirSync(tmp);
    // the killed process's copy of the recording is there …
    expect(existsSync(join(tmp, left!, 'recording'))).toBe(true);
    // … and a spool of a live process (this one, busy elsewhere) must survive the sweep
    const p = createFfmpegPreparer({ maxPieceBytes: 25_000_000, tmpDir: tmp });
    const seen = await p.prepare(fileRecording(at('two.m4a')), async () => readdirSync(tmp));
    expect(seen).toHaveLength(1);
    expect(seen).not.toContain(left);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('removes the spool of a killed process whose id this process has since taken (a container starts as process 1 each time)', async () => {
    const tmp = mkdtempSync(join(dir, 'spool-'));
    const left = join(tmp, `honne-audio-${process.pid}-left`);
    mkdirSync(left);
    writeFileSync(join(left, 'recording'), 'raw audio');
    const before = new Date(Date.now() - process.uptime() * 1000 - 3_600_000);
    utimesSync(left, before, before);
    const p = createFfmpegPreparer({ maxPieceBytes: 25_000_000, tmpDir: tmp });
    const seen = await p.prepare(fileRecording(at('two.m4a')), async () => readdirSync(tmp));
    expect(seen).toHaveLength(1);
    expect(seen).not.toContain(`honne-audio-${process.pid}-left`);
    expect(readdirSync(tmp)).toEqual([]);
  });

  const bad: Array<[string, () => string, RecordingError['code'], RegExp]> = [
    ['a truncated MP4', () => {
      writeFileSync(at('cut.mp4'), readFileSync(at('talk.mp4')).subarray(0, 20_000));
      return at('cut.mp4');
    }, 'RECORDING_UNREADABLE', /cannot be read as audio/],
    ['random bytes', () => {
      writeFileSync(at('noise.m4a'), randomBytes(50_000));
      return at('noise.m4a');
    }, 'RECORDING_UNREADABLE', /cannot be read as audio/],
    ['an empty file', () => {
      writeFileSync(at('empty.mp3'), '');
      return at('empty.mp3');
    }, 'RECORDING_UNREADABLE', /the file is empty/],
    ['a text file', () => {
      writeFileSync(at('notes.wav'), 'consultant: hello\nclient: hi\n'.repeat(100));
      return at('notes.wav');
    }, 'RECORDING_UNREADABLE', /cannot be read as audio/],
    ['a video without sound', () => {
      ffmpegSync(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=5:duration=3', '-c:v', 'libx264', '-preset', 'ultrafast', at('mute.mp4')]);
      return at('mute.mp4');
    }, 'RECORDING_UNREADABLE', /no audio stream/],
    ['silence only', () => at('silent.m4a'), 'RECORDING_SILENT', /only silence/],
  ];
  it.each(bad)('fails %s permanently with a clear code, leaving nothing behind', async (_name, make, code, message) => {
    const { tmp, p } = preparer();
    const err = await p.prepare(fileRecording(make()), async () => 'used').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordingError);
    expect(err).toMatchObject({ code, retryable: false });
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain(tmp);
    messages.push(`${code}: ${(err as Error).message}`);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('is a configuration error when ffmpeg is missing', async () => {
    const { tmp, p } = preparer(25_000_000, { ffmpeg: join(dir, 'no-ffmpeg-here') });
    const err = await p.prepare(fileRecording(at('talk.mp4')), async () => 'used').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', retryable: false });
    expect(readdirSync(tmp)).toEqual([]);
  });
});
