/** How a long step reports how far it is (cli/progress.ts draws it): the sessions of a run,
 * then its reports. */
export interface Progress {
  start(total: number): void;
  /** `info`: the sessions step's failed and skipped counts. */
  tick(done: number, info?: { failed: number; skipped: number }): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };
