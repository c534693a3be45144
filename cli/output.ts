/** The command line's output edge: every text a command prints reaches the terminal through
 * `safeIo`, which makes control characters visible (pipeline/terminal.ts). The only module
 * that writes to stdout and stderr itself (eslint.config.js). */
import { terminalSafe } from '../pipeline/terminal.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  now: () => Date;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
  env: process.env,
  now: () => new Date(),
};

/** Where progress bars draw (figures and our own labels only, never client text). */
export const progressStream: NodeJS.WriteStream = process.stderr;

/** `io` with every printed text made terminal-safe; `main()` hands only this to the commands. */
export function safeIo(io: Io): Io {
  return { ...io, out: (t) => io.out(terminalSafe(t)), err: (t) => io.err(terminalSafe(t)) };
}
