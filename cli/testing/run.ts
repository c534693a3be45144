/** Runs the command line in process, as `bin/honne.mjs` does, with its own environment and a
 * fixed clock; returns the exit code and what it printed. */
import { main, type Io } from '../main.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function runCli(args: string[], env: Record<string, string>, now = new Date('2026-11-25T00:00:00Z')): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env, now: () => now };
  const code = await main(['node', 'honne', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
