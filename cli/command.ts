/** What every command module shares: its context (I/O, exit code) and the checks of options that
 * become usage errors (exit code 2). A leaf of cli/: main.ts registers the command modules, and
 * they import this, not main.ts. */
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import type { BeforeJob } from '../jobs/worker.js';
import type { ReportFormat } from '../reports/write.js';
import { REPORT_FORMATS } from './choices.js';
import type { Io } from './output.js';

export type { Io };

/** What `main` may be given besides argv and the I/O (tests: cli/testing/honne-with-faults.ts). */
export interface CommandHooks {
  /** Run by `honne worker` before each job's processor (jobs/worker.ts). */
  beforeJob?: BeforeJob;
}

/** What a command module receives: the I/O, a way to set the exit code, and the hooks. */
export interface CommandContext extends CommandHooks {
  io: Io;
  setExitCode: (code: number) => void;
}

export type RegisterCommands = (program: Command, ctx: CommandContext) => void;

export class UsageError extends Error {}

export function parseFormats(value: string): ReportFormat[] {
  const formats = value.split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of formats) {
    if (!(REPORT_FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`--format: unknown format "${f}" (available: ${REPORT_FORMATS.join(', ')})`);
    }
  }
  if (formats.length === 0) throw new UsageError('--format: give at least one format');
  return formats as ReportFormat[];
}

/** An input file named on the command line must exist: a usage error naming the flag and the file. */
export function requireFile(flag: string, path: string): void {
  if (!existsSync(path)) throw new UsageError(`${flag}: no such file "${path}"`);
  if (!statSync(path).isFile()) throw new UsageError(`${flag}: "${path}" is not a file`);
}
