import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingest } from '../pipeline/ingest/ingest.js';
import { LocalObjectStore } from '../adapters/local-folder/object-store.js';
import { eraseWorkObjects, findErased } from '../pipeline/erase/objects.js';
import { getJson, putJson } from '../pipeline/objects.js';
import { batchKeys } from './ids.js';
import { SessionRecordsSchema } from './schemas.js';
import { dropErasedRecords } from './stages.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('eraseWorkObjects', () => {
  it("removes exactly the erased employees' work objects and session records", async () => {
    const root = mkdtempSync(join(tmpdir(), 'honne-erase-'));
    dirs.push(root);
    mkdirSync(join(root, 'sessions'), { recursive: true });
    const work = (key: string, what: string, id: string, pid: string) =>
      writeFileSync(join(root, 'sessions', `${key}.${what}.json`), JSON.stringify({ session: { session_id: id, employee_pid: pid }, segments: [] }));
    work('a', 'redacted', 's-a', 'p1');
    work('b', 'result', 's-b', 'p2');
    work('c', 'result', 's-c', 'p1');
    writeFileSync(join(root, 'sessions', 'broken.result.json'), '{');
    const records = join(root, 'batches', 'b-1', 'sessions');
    mkdirSync(records, { recursive: true });
    const rec = (id: string, pid: string) => ({ session_id: id, employee_pid: pid, company_id: 'C1' });
    writeFileSync(join(records, 'C1.json'), JSON.stringify({ sessions: [rec('s-a', 'p1'), rec('s-b', 'p2'), rec('s-d', 'p1')] }));
    writeFileSync(join(records, 'C2.json'), JSON.stringify({ sessions: [rec('s-e', 'p3')] }));

    const objects = new LocalObjectStore(root);
    expect(await eraseWorkObjects(objects, await findErased(objects, new Set(['p1'])))).toBe(3); // s-a, s-c, s-d
    expect(readdirSync(join(root, 'sessions')).sort()).toEqual(['b.result.json', 'broken.result.json']);
    expect(JSON.parse(readFileSync(join(records, 'C1.json'), 'utf8'))).toEqual({ sessions: [rec('s-b', 'p2')] });
    expect(JSON.parse(readFileSync(join(records, 'C2.json'), 'utf8'))).toEqual({ sessions: [rec('s-e', 'p3')] });
    expect(readdirSync(records).sort()).toEqual(['C1.json', 'C2.json']);
    const missing = new LocalObjectStore(join(root, 'missing'));
    expect(await eraseWorkObjects(missing, await findErased(missing, new Set(['p1'])))).toBe(0);
  });
});

describe('dropErasedRecords (a load after an erasure)', () => {
  it("removes erased employees' session records from the load's companies, and nothing else", async () => {
    const root = mkdtempSync(join(tmpdir(), 'honne-erase-load-'));
    dirs.push(root);
    const fixtures = join(import.meta.dirname, '..', 'fixtures');
    const file = (f: string) => ({ file: join(fixtures, f), bytes: readFileSync(join(fixtures, f)) });
    const lineage = { provider: 'local', model: 'rules', version: 'v' };
    const { sessions } = ingest({ companies: file('companies.csv'), manifest: file('sessions.jsonl'), pseudonymKey: 'erase-test-key-0123456789', analysis: { lineage, promptHash: () => 'h' } });
    const objects = new LocalObjectStore(root);
    const [c1, c2] = [...new Set(sessions.map((s) => s.company_id))] as [string, string];
    for (const c of [c1, c2]) await putJson(objects, batchKeys('b-1').sessions(c), { sessions: sessions.filter((s) => s.company_id === c) });
    const victim = sessions.find((s) => s.company_id === c1)!.employee_pid;
    const other = sessions.find((s) => s.company_id === c2)!.employee_pid;

    await dropErasedRecords(objects, 'b-1', [c1], new Set([victim, other]));
    const read = async (c: string) => (await getJson(objects, batchKeys('b-1').sessions(c), SessionRecordsSchema))!.sessions;
    expect((await read(c1)).map((s) => s.session_id)).toEqual(sessions.filter((s) => s.company_id === c1 && s.employee_pid !== victim).map((s) => s.session_id));
    // Only the load's companies are touched.
    expect(await read(c2)).toEqual(sessions.filter((s) => s.company_id === c2));
  });
});
