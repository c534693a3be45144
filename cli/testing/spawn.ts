/** Runs the command line as users do — `node bin/honne.mjs …`, the compiled dist/ (rebuilt by
 * vitest.global-setup.ts when stale) — in a child process; for tests of start-up, exit codes,
 * signals and `.env`. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const HONNE_BIN = join(import.meta.dirname, '..', '..', 'bin', 'honne.mjs');
/** `honne` with the tests' fault injection in its workers (HONNE_TEST_FAULTS), from the sources. */
export const HONNE_WITH_FAULTS = [join(import.meta.dirname, '..', '..', 'bin', 'run-ts.mjs'), join(import.meta.dirname, 'honne-with-faults.ts')];

export interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  cwd: string;
  /** Added to this process's environment ('' unsets a variable for honne: empty counts as unset). */
  env?: Record<string, string>;
  /** Run cli/testing/honne-with-faults.ts instead of the production entry. */
  faults?: boolean;
}

/** The child and a promise of how it ended. */
export function startHonne(args: string[], o: SpawnOptions): { child: ChildProcess; done: Promise<Spawned>; stderrSoFar: () => string; stdoutSoFar: () => string } {
  const child = spawn(process.execPath, [...(o.faults ? HONNE_WITH_FAULTS : [HONNE_BIN]), ...args], { cwd: o.cwd, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (b: Buffer) => out.push(b));
  child.stderr!.on('data', (b: Buffer) => err.push(b));
  const done = new Promise<Spawned>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
  return { child, done, stderrSoFar: () => Buffer.concat(err).toString('utf8'), stdoutSoFar: () => Buffer.concat(out).toString('utf8') };
}

export function runHonne(args: string[], o: SpawnOptions): Promise<Spawned> {
  return startHonne(args, o).done;
}

/** Resolves once the child's stderr matches `re` (rejects if it ends first). */
export async function waitForStderr(h: ReturnType<typeof startHonne>, re: RegExp): Promise<void> {
  await waitForOutput(h, re, h.stderrSoFar);
}

/** The first match of `re` on the child's stdout, once it appears (rejects if the child ends first). */
export async function waitForStdout(h: ReturnType<typeof startHonne>, re: RegExp): Promise<RegExpExecArray> {
  return waitForOutput(h, re, h.stdoutSoFar);
}

async function waitForOutput(h: ReturnType<typeof startHonne>, re: RegExp, soFar: () => string): Promise<RegExpExecArray> {
  for (;;) {
    const m = re.exec(soFar());
    if (m) return m;
    if (h.child.exitCode !== null) throw new Error(`honne exited (${h.child.exitCode}) before printing ${re}:\n${h.stdoutSoFar()}${h.stderrSoFar()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
