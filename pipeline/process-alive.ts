/** Whether a process of this machine still runs: what tells a temporary file or folder a killed
 * process left (named by its process id) from one still being written. */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, under another user
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
