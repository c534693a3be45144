import { readFileSync } from 'node:fs';

/** Whether a process of this machine still runs: what tells a temporary file or folder a killed
 * process left (named by its process id) from one still being written. */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, under another user
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Linux's clock ticks per second for /proc (USER_HZ: 100 on every architecture Node runs on). */
const USER_HZ = 100;

/** The machine's boot time in seconds since the epoch (/proc/stat's btime), read once: it does
 * not change while this process runs. */
let boot: number | undefined | null = null;
function bootTime(): number | undefined {
  if (boot === null) {
    try {
      const seconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
      boot = Number.isFinite(seconds) ? seconds : undefined;
    } catch {
      boot = undefined;
    }
  }
  return boot;
}

/** When a process started, in ms since the epoch, from /proc (Linux); undefined where /proc
 * cannot tell (another system, a process gone). */
function processStartedAt(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after "pid (comm) ": state is the 3rd field, starttime the 22nd
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = bootTime();
    return Number.isFinite(ticks) && boot !== undefined ? boot * 1000 + (ticks * 1000) / USER_HZ : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process a temporary file is named after may still be writing it: it runs and
 * started before the file was last written. A process id is reused — in a container honne is
 * process 1 on every start — so a file written before its process started was left by another,
 * killed one. (Boot time is kept in whole seconds: a second's slack.) */
export function mayStillWrite(pid: number, lastWrittenMs: number): boolean {
  if (!processAlive(pid)) return false;
  const started = processStartedAt(pid);
  return started === undefined || started <= lastWrittenMs + 1000;
}
