/** Progress for long runs: a bar with rate and ETA on a terminal, periodic log lines otherwise. */
import cliProgress from 'cli-progress';
import type { Progress } from '../pipeline/run.js';
import { progressStream } from './output.js';

export function createProgress(stream: NodeJS.WriteStream = progressStream, intervalMs = 5000): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: 'sessions |{bar}| {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted} | failed {failed} skipped {skipped}',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let t0 = 0;
    return {
      start(total) {
        t0 = performance.now();
        bar.start(total, 0, { rate: '0.0', failed: 0, skipped: 0 });
      },
      tick(done, info) {
        const rate = done / Math.max(0.001, (performance.now() - t0) / 1000);
        bar.update(done, { rate: rate.toFixed(1), ...info });
      },
      stop() {
        bar.stop();
      },
    };
  }
  let t0 = 0;
  let last = 0;
  let total = 0;
  return {
    start(n) {
      total = n;
      t0 = last = performance.now();
      stream.write(`processing ${n} session(s)\n`);
    },
    tick(done, info) {
      const now = performance.now();
      if (now - last < intervalMs && done !== total) return;
      last = now;
      const rate = done / Math.max(0.001, (now - t0) / 1000);
      const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
      stream.write(
        `progress ${done}/${total} (${Math.round((100 * done) / Math.max(1, total))}%) ${rate.toFixed(1)}/s eta ${eta}s failed ${info.failed} skipped ${info.skipped}\n`,
      );
    },
    stop() {},
  };
}
