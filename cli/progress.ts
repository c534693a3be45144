/** Progress for long steps (a run's sessions, then its reports): a bar with rate and ETA on a
 * terminal, periodic log lines otherwise. */
import cliProgress from 'cli-progress';
import type { Progress } from '../pipeline/progress.js';
import { progressStream } from './output.js';

export type ProgressOf = 'sessions' | 'reports';

/** What each kind of step shows beside the count (the sessions' failed and skipped). */
const EXTRA: Record<ProgressOf, { bar: string; line: (info: { failed: number; skipped: number }) => string }> = {
  sessions: { bar: ' | failed {failed} skipped {skipped}', line: (info) => ` failed ${info.failed} skipped ${info.skipped}` },
  reports: { bar: '', line: () => '' },
};

export function createProgress(of: ProgressOf = 'sessions', stream: NodeJS.WriteStream = progressStream, intervalMs = 5000): Progress {
  const none = { failed: 0, skipped: 0 };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${of.padEnd(8)} |{bar}| {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted}${EXTRA[of].bar}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let t0 = 0;
    return {
      start(total) {
        t0 = performance.now();
        bar.start(total, 0, { rate: '0.0', ...none });
      },
      tick(done, info = none) {
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
      stream.write(of === 'sessions' ? `processing ${n} session(s)\n` : `writing ${n} report(s)\n`);
    },
    tick(done, info = none) {
      const now = performance.now();
      if (now - last < intervalMs && done !== total) return;
      last = now;
      const rate = done / Math.max(0.001, (now - t0) / 1000);
      const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
      stream.write(
        `${of === 'sessions' ? 'progress' : 'reports'} ${done}/${total} (${Math.round((100 * done) / Math.max(1, total))}%) ${rate.toFixed(1)}/s eta ${eta}s${EXTRA[of].line(info)}\n`,
      );
    },
    stop() {},
  };
}
