/** A worker and its Redis: how long Redis has been unreachable (a worker gives up after
 * HONNE_REDIS_UNREACHABLE_MS instead of retrying forever), and a stop that cannot hang (after
 * HONNE_STOP_TIMEOUT_MS the process exits; its jobs' locks lapse and any worker's stalled check
 * puts them back in the queue). */
import type { Redis } from 'ioredis';
import type { Logger } from './log.js';

export class RedisUnreachableError extends Error {
  override readonly name = 'RedisUnreachableError';
}

export interface RedisWatch {
  /** Resolves once Redis has been unreachable for longer than the limit (never otherwise). */
  readonly lost: Promise<void>;
  /** Redis cannot be reached now. */
  down(): boolean;
  close(): void;
}

/** Unreachable from the first failed connection attempt (or from the start, before the first
 * connection) until the connection is ready again. */
export function watchRedis(redis: Redis, log: Logger, limitMs: number, now: () => number = Date.now): RedisWatch {
  let downSince: number | null = redis.status === 'ready' ? null : now();
  let give: () => void = () => {};
  const lost = new Promise<void>((resolve) => (give = resolve));
  const onReady = () => {
    if (downSince !== null && now() - downSince > 1_000) log.info({ downMs: now() - downSince }, 'redis reachable again');
    downSince = null;
  };
  const onDown = () => {
    downSince ??= now();
  };
  redis.on('ready', onReady);
  redis.on('error', onDown);
  redis.on('close', onDown);
  const timer = setInterval(() => {
    if (downSince !== null && now() - downSince >= limitMs) give();
  }, Math.max(50, Math.min(1_000, limitMs / 4)));
  timer.unref();
  return {
    lost,
    down: () => downSince !== null,
    close() {
      clearInterval(timer);
      redis.off('ready', onReady);
      redis.off('error', onDown);
      redis.off('close', onDown);
    },
  };
}

export interface StopDeadline {
  /** Starts the clock (once; later calls do nothing). */
  start(): void;
  /** The stop finished in time: the process exits on its own, or at the deadline with the exit
   * code already decided if a closing connection still holds it (a reconnect timer, say). */
  done(): void;
}

export function stopWithin(timeoutMs: number, log: Logger, exit: (code: number) => void = (code) => process.exit(code)): StopDeadline {
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  return {
    start() {
      timer ??= setTimeout(() => {
        if (finished) return exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
        log.error({ timeoutMs }, 'could not stop in time (HONNE_STOP_TIMEOUT_MS): exiting; the jobs in hand go back to the queue when their locks lapse');
        exit(1);
      }, timeoutMs);
    },
    done() {
      finished = true;
      timer?.unref();
    },
  };
}
