/** Erasure and retention reach a bucket through the object-store port, as an auditor would
 * check it: afterwards no object in the bucket (every page of the listing, every byte) holds
 * the erased employee's pseudonym, and objects past their lifetime are gone. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../../jobs/retention.js';
import { eraseEmployee } from '../../pipeline/erase/employee.js';
import type { AnalyticsStore } from '../../pipeline/ports/analytics-store.js';
import { DEFAULT_LIFETIMES } from '../../pipeline/retention.js';
import { S3ObjectStore } from './object-store.js';
import { startTestS3, type TestS3 } from './testing/s3rver.js';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
}, 30_000);
afterAll(async () => {
  await s3?.stop();
});

const rec = (id: string, pid: string) => ({ session_id: id, employee_pid: pid, company_id: 'C1' });
// Only what erasure and retention call of the analytics store: it is not what is tested here.
const store = {
  eraseEmployee: async () => [],
  pseudonyms: async () => new Set<string>(),
  runOutputDirs: async () => [],
  audit: async () => {},
  resultsBefore: async () => ({ sessions: 0, periods: 0, members: 0 }),
  deleteResultsBefore: async () => ({ sessions: 0, periods: 0, members: 0 }),
} as unknown as AnalyticsStore;

/** Every object in the whole bucket (not just the store's prefix) whose bytes hold `text`. */
async function holding(text: string): Promise<string[]> {
  const bucket = new S3ObjectStore(s3.config, { bucket: s3.bucket, prefix: '', pageSize: 7 });
  const keys: string[] = [];
  for (const o of await bucket.list()) if ((await bucket.get(o.key))!.toString('utf8').includes(text)) keys.push(o.key);
  return keys;
}

describe('privacy on S3', () => {
  it('eraseEmployee leaves no object holding the erased pseudonym, across listing pages', async () => {
    // Small pages: an erasure that stopped after the first page would leave most of them.
    const objects = new S3ObjectStore(s3.config, { bucket: s3.bucket, prefix: 'erase/objects', pageSize: 3 });
    for (let i = 0; i < 12; i++) {
      await objects.put(`sessions/v${i}.result.json`, JSON.stringify({ session: rec(`s-v${i}`, 'p-victim') }));
      await objects.put(`sessions/o${i}.result.json`, JSON.stringify({ session: rec(`s-o${i}`, 'p-other') }));
    }
    await objects.put('batches/b-1/sessions/C1.json', JSON.stringify({ sessions: [rec('s-v0', 'p-victim'), rec('s-o0', 'p-other')] }));
    expect((await holding('p-victim')).length).toBe(13);
    const asked: string[] = [];
    const counts = await eraseEmployee(
      { store, objects, queue: { eraseSessions: async (byBatch) => (asked.push(...byBatch.keys()), { failures: 0, rejects: 0, outDirs: [] }) }, now: () => new Date('2026-12-01T00:00:00Z') },
      { employeeId: 'E-1', companyIds: new Set(['C1']), pids: new Set(['p-victim']) },
    );
    expect(asked).toEqual(['b-1']);
    expect(counts.queued).toBe(12);
    expect(await holding('p-victim')).toEqual([]);
    expect((await holding('p-other')).length).toBe(13);
  });

  it('retention deletes the objects past their lifetime, by the bucket\'s LastModified', async () => {
    const objects = new S3ObjectStore(s3.config, { bucket: s3.bucket, prefix: 'retention/objects', pageSize: 2 });
    await objects.put('sessions/a.redacted.json', '{}');
    await objects.put('sessions/a.result.json', '{}');
    await objects.put('other/kept.json', '{}');
    const written = (await objects.list()).map((o) => o.writtenMs);
    expect(written.every((ms) => Math.abs(ms - Date.now()) < 10 * 60_000)).toBe(true);
    const lifetimes = { ...DEFAULT_LIFETIMES, redacted: 1, results: 30 };
    const later = (days: number) => new Date(Date.now() + days * 86_400_000);
    expect((await applyRetention({ store, objects, lifetimes, now: later(2), dryRun: false })).objects.redacted).toBe(1);
    expect((await objects.list()).map((o) => o.key)).toEqual(['other/kept.json', 'sessions/a.result.json']);
    expect((await applyRetention({ store, objects, lifetimes, now: later(31), dryRun: false })).objects.results).toBe(1);
    expect((await objects.list()).map((o) => o.key)).toEqual(['other/kept.json']);
  });
});
