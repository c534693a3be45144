/** Erasure in the object store: the queue's work folders (`sessions/<key>/`) of an employee's
 * sessions, e.g. of sessions that failed and were never loaded. Each folder's session.json
 * names the pseudonymised employee. */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export async function eraseWorkFolders(objectStoreDir: string, employeePids: ReadonlySet<string>): Promise<number> {
  const root = join(objectStoreDir, 'sessions');
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let removed = 0;
  for (const entry of entries) {
    let pid: unknown;
    try {
      pid = (JSON.parse(await readFile(join(root, entry, 'session.json'), 'utf8')) as { employee_pid?: unknown }).employee_pid;
    } catch {
      continue; // a folder without a readable session.json holds nothing of a known employee
    }
    if (typeof pid === 'string' && employeePids.has(pid)) {
      await rm(join(root, entry), { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
