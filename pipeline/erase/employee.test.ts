/** `eraseEmployee` over ports alone (an object store in memory, a store and a queue that record
 * what they are asked): what an attacker would look for afterwards is gone, and a queue that
 * cannot be reached stops the erasure before anything is removed. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../audit.js';
import type { AnalyticsStore } from '../ports/analytics-store.js';
import type { ModelCache } from '../ports/model-cache.js';
import type { QueueState } from '../ports/queue-state.js';
import { MemoryObjectStore } from '../testing/memory-objects.js';
import { eraseEmployee } from './employee.js';
import { erasedEmployeeTest } from './objects.js';

const rec = (id: string, pid: string) => ({ session_id: id, employee_pid: pid, company_id: 'C1' });
const who = { employeeId: 'E-1', companyIds: new Set(['C1']), pids: new Set(['p1']) };

async function setUp(queue: QueueState) {
  const objects = new MemoryObjectStore();
  await objects.put('sessions/a.result.json', JSON.stringify({ session: rec('s-a', 'p1') }));
  await objects.put('sessions/b.result.json', JSON.stringify({ session: rec('s-b', 'p2') }));
  await objects.put('batches/b-1/sessions/C1.json', JSON.stringify({ sessions: [rec('s-a', 'p1'), rec('s-b', 'p2')] }));
  const erasedFromStore: string[] = [];
  const audit: AuditEntry[] = [];
  // Only what erasure calls: anything else would throw, showing the erasure reached for more.
  const store = {
    eraseEmployee: async (pid: string) => (erasedFromStore.push(pid), ['s-a', 's-x']),
    pseudonyms: async () => new Set(['p1', 'p2']),
    runOutputDirs: async () => [],
    audit: async (...entries: AuditEntry[]) => void audit.push(...entries),
  } as unknown as AnalyticsStore;
  return { objects, store, erasedFromStore, audit, deps: { store, objects, queue, now: () => new Date('2026-12-01T00:00:00Z') } };
}

const holding = async (objects: MemoryObjectStore, text: string) => {
  const keys = [];
  for (const o of await objects.list()) if ((await objects.get(o.key))!.toString('utf8').includes(text)) keys.push(o.key);
  return keys;
};

describe('eraseEmployee', () => {
  it('erases from the queue, the store and the object store, counts it, and audits the counts only', async () => {
    const asked: Array<[string, string[]]> = [];
    const queue: QueueState = { eraseSessions: async (byBatch) => (asked.push(...[...byBatch].map(([b, s]): [string, string[]] => [b, [...s]])), { failures: 1, rejects: 2, outDirs: [] }) };
    const { objects, erasedFromStore, audit, deps } = await setUp(queue);
    const counts = await eraseEmployee(deps, who);
    expect(asked).toEqual([['b-1', ['s-a']]]);
    expect(erasedFromStore).toEqual(['p1']);
    expect(counts).toEqual({ sessions: 2, queued: 1, queueFailures: 1, queueRejects: 2, operatorRows: 0, cacheEntries: 0 });
    expect(await holding(objects, 'p1')).toEqual([]);
    expect(await holding(objects, 'p2')).toEqual(['batches/b-1/sessions/C1.json', 'sessions/b.result.json']);
    expect(audit.map((e) => e.action)).toEqual(['erase']);
    expect(JSON.stringify(audit)).not.toMatch(/E-1|p1|s-a/);
  });

  it("removes the employee's model-cache entries, filed under their pseudonyms", async () => {
    const queue: QueueState = { eraseSessions: async () => ({ failures: 0, rejects: 0, outDirs: [] }) };
    const { deps, audit } = await setUp(queue);
    const asked: string[] = [];
    const cache = { eraseOwners: async (owners: Iterable<string>) => (asked.push(...owners), 3) } as unknown as ModelCache;
    const counts = await eraseEmployee({ ...deps, cache }, who);
    expect(asked).toEqual(['p1']);
    expect(counts.cacheEntries).toBe(3);
    expect(audit[0]!.detail).toMatchObject({ cache_entries: 3 });
  });

  it('remembers as erased the id as asked and the other letter cases found — in the store or only in the queue — not every spelling tried', async () => {
    const queue: QueueState = { eraseSessions: async () => ({ failures: 0, rejects: 0, outDirs: [] }) };
    const { objects, erasedFromStore, deps } = await setUp(queue);
    // q1: the id in another case, in a batch the store never loaded; z1: a case nobody used
    await objects.put('batches/b-2/sessions/C1.json', JSON.stringify({ sessions: [rec('s-q', 'q1')] }));
    await eraseEmployee(deps, { ...who, pids: new Set(['p1', 'q1', 'z1']), remembered: new Set(['p1']) });
    expect(erasedFromStore).toEqual(['p1']);
    const erased = await erasedEmployeeTest(objects);
    expect(['p1', 'q1', 'z1'].map(erased)).toEqual([true, true, false]);
    expect(await holding(objects, 'q1')).toEqual([]);
  });

  it('removes nothing when the queue cannot be reached (so running it again finds everything)', async () => {
    const queue: QueueState = { eraseSessions: async () => { throw new Error('cannot reach Redis'); } };
    const { objects, erasedFromStore, audit, deps } = await setUp(queue);
    await expect(eraseEmployee(deps, who)).rejects.toThrow('cannot reach Redis');
    expect(erasedFromStore).toEqual([]);
    expect(audit).toEqual([]);
    expect(await holding(objects, 'p1')).toEqual(['batches/b-1/sessions/C1.json', 'sessions/a.result.json']);
  });
});
