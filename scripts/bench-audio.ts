/** `npm run bench:audio`: numbers, never assertions. Prepares a generated recording (AAC, stereo
 * 44.1 kHz, like a phone's; speech-like tone with a pause at the end of every minute) through the
 * ffmpeg preparer, read as a stream, and prints the time per hour of audio, peak memory (this
 * process and the largest ffmpeg child, sampled from /proc) and the share trimmed.
 *   node bin/run-ts.mjs scripts/bench-audio.ts [--minutes 60] [--pause 10] [--max-piece-mb 25] */
import { readdirSync, readFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createFfmpegPreparer } from '../adapters/ffmpeg/preparer.js';
import { fileRecording, makeLongRecording } from '../adapters/ffmpeg/testing/fixtures.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '60' },
    pause: { type: 'string', default: '10' },
    'max-piece-mb': { type: 'string', default: '25' },
  },
});
const minutes = Number(values.minutes);
const pause = Number(values.pause);
const dir = mkdtempSync(join(tmpdir(), 'honne-bench-audio-'));
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** The peak resident set (VmHWM, kB) of each child process seen. */
function sampleChildren(peaks: Map<number, number>): void {
  try {
    for (const task of readdirSync(`/proc/${process.pid}/task`)) {
      const children = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      for (const pid of children.map(Number)) {
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (hwm) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(hwm[1])));
      }
    }
  } catch {
    // a child that ended between listing and reading
  }
}

try {
  const file = join(dir, 'session.m4a');
  let t = performance.now();
  makeLongRecording(file, minutes, pause);
  console.log(`fixture: ${minutes} min, a ${pause} s pause a minute, ${mb(statSync(file).size)} MB AAC, made in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const peaks = new Map<number, number>();
  const timer = setInterval(() => sampleChildren(peaks), 100);
  const preparer = createFfmpegPreparer({ maxPieceBytes: Number(values['max-piece-mb']) * 1_000_000, tmpDir: dir });
  t = performance.now();
  const audio = await preparer.prepare(fileRecording(file), async (a) => a);
  const seconds = (performance.now() - t) / 1000;
  clearInterval(timer);

  const hours = audio.durationSec / 3600;
  console.log(`prepared: ${seconds.toFixed(1)} s, ${(seconds / hours).toFixed(1)} s per hour of audio`);
  console.log(`pieces: ${audio.pieces.map((p) => `${mb(p.bytes)} MB / ${(p.durationSec / 60).toFixed(1)} min`).join(', ')}`);
  console.log(`trimmed: ${(audio.trimmedSec / 60).toFixed(1)} of ${(audio.durationSec / 60).toFixed(1)} min (${((100 * audio.trimmedSec) / audio.durationSec).toFixed(1)} % of billed minutes saved)`);
  console.log(`peak RSS: node ${mb(process.resourceUsage().maxRSS * 1024)} MB, largest ffmpeg ${mb(Math.max(0, ...peaks.values()) * 1024)} MB (${peaks.size} children seen)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
