/** Object-store erasure and key rotation against a store that is not a folder (in memory):
 * what they find and change, they find and change through the port alone. As an auditor would
 * check it: afterwards, no object anywhere holds the erased (or the old) pseudonym. */
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../testing/memory-objects.js';
import { erasedEmployeeTest, eraseWorkObjects, findErased, hasBatches, markErased, objectPseudonyms, remarkErased, repseudonymiseObjects } from './objects.js';

const rec = (id: string, pid: string, company = 'C1') => ({ session_id: id, employee_pid: pid, company_id: company });

/** Work objects and two batches' session records; the victim (p1) is in both batches. */
async function filled(): Promise<MemoryObjectStore> {
  const objects = new MemoryObjectStore();
  const work = (key: string, id: string, pid: string) => objects.put(`sessions/${key}.json`, JSON.stringify({ session: rec(id, pid), segments: [] }));
  await work('a.redacted', 's-a', 'p1');
  await work('a.result', 's-a', 'p1');
  await work('b.result', 's-b', 'p2');
  await work('c.result', 's-c', 'p1');
  await objects.put('sessions/broken.result.json', '{');
  await objects.put('batches/b-1/sessions/C1.json', JSON.stringify({ sessions: [rec('s-a', 'p1'), rec('s-b', 'p2'), rec('s-d', 'p1')] }));
  await objects.put('batches/b-1/sessions/C2.json', JSON.stringify({ sessions: [rec('s-e', 'p3', 'C2')] }));
  await objects.put('batches/b-1/plan.json', JSON.stringify([{ sessionId: 's-a' }]));
  await objects.put('batches/b-2/sessions/C1.json', JSON.stringify({ sessions: [rec('s-f', 'p1')] }));
  return objects;
}

/** Every object whose bytes hold `text`. */
async function holding(objects: MemoryObjectStore, text: string): Promise<string[]> {
  const keys: string[] = [];
  for (const o of await objects.list()) if ((await objects.get(o.key))!.toString('utf8').includes(text)) keys.push(o.key);
  return keys;
}

describe('attack: a worker killed while it wrote a work object', () => {
  // A folder object store writes `<key>.tmp-<pid>-<hex>` and renames it: a worker killed between
  // the two (kill -9, the OOM killer, a crash) leaves the redacted text or the cached raw
  // transcription of the session under a name erase did not look at (retention does, but only
  // after 7 / 30 days).
  it('erase removes the employee\'s half-written objects, whole or cut off, with or without a sibling', async () => {
    const objects = await filled();
    const cached = JSON.stringify({ session: rec('s-g', 'p1'), segments: [{ text: '眠れない夜が続いています' }] });
    await objects.put('sessions/tx-9f.transcript.json.tmp-4242-0a1b2c3d', cached);
    await objects.put('sessions/h.redacted.json.tmp-4242-0a1b2c3e', cached.slice(0, 60)); // cut off mid-write
    await objects.put('sessions/a.result.json.tmp-4243-0a1b2c3f', '{"sess'); // s-a's: its siblings are erased
    await objects.put('sessions/b.result.json.tmp-4244-0a1b2c40', JSON.stringify({ session: rec('s-b', 'p2') }));
    const found = await findErased(objects, new Set(['p1']));
    await eraseWorkObjects(objects, found);
    expect(await holding(objects, 'p1')).toEqual([]);
    expect(await holding(objects, '眠れない')).toEqual([]);
    expect((await objects.list()).map((o) => o.key).filter((k) => k.includes('.tmp-'))).toEqual(['sessions/b.result.json.tmp-4244-0a1b2c40']);
  });

  it('erase removes a killed `batch submit`\'s half-written session records and plan that name the employee or their sessions', async () => {
    const objects = await filled();
    await objects.put('batches/b-3/sessions/C1.json.tmp-4245-0a1b2c41', JSON.stringify({ sessions: [rec('s-h', 'p1'), rec('s-i', 'p2')] }).slice(0, 70));
    await objects.put('batches/b-1/plan.json.tmp-4246-0a1b2c42', JSON.stringify({ sessions: [{ sessionId: 's-a', key: 'sessions/a' }] }));
    await objects.put('batches/b-4/sessions/C2.json.tmp-4247-0a1b2c43', JSON.stringify({ sessions: [rec('s-e2', 'p3', 'C2')] }));
    await eraseWorkObjects(objects, await findErased(objects, new Set(['p1'])));
    expect(await holding(objects, 'p1')).toEqual([]);
    expect((await objects.list()).map((o) => o.key).filter((k) => k.includes('.tmp-'))).toEqual(['batches/b-4/sessions/C2.json.tmp-4247-0a1b2c43']);
  });

  it('key rotation reads no record of them (they are never read as objects)', async () => {
    const objects = await filled();
    await objects.put('sessions/x.result.json.tmp-1-ab', JSON.stringify({ session: rec('s-x', 'p9') }));
    expect([...(await objectPseudonyms(objects))].sort()).toEqual(['p1', 'p2', 'p3']);
  });

  it('attack: a half-written object alone, its employee\'s key rotated, is still found by their erasure', async () => {
    const objects = await filled();
    // a worker killed while writing the redacted text of p1's session s-x: no sibling object
    const cut = JSON.stringify({ session: rec('s-x', 'p1'), segments: [{ text: '転職したい' }] }).slice(0, 80);
    await objects.put('sessions/x.redacted.json.tmp-7-cd', cut);
    await objects.put('batches/b-9/sessions/C1.json.tmp-8-ef', JSON.stringify({ sessions: [rec('s-y', 'p1')] }).slice(0, 60));
    await objects.delete('sessions/broken.result.json'); // rotation refuses an object it cannot parse
    await repseudonymiseObjects(objects, new Map([['p1', 'q1'], ['p2', 'q2'], ['p3', 'q3']]));
    expect(await holding(objects, '"p1"')).toEqual([]);
    const found = await findErased(objects, new Set(['q1']));
    await eraseWorkObjects(objects, found);
    expect((await objects.list()).map((o) => o.key).filter((k) => k.includes('.tmp-'))).toEqual([]);
  });
});

describe('object erasure through the port', () => {
  it("finds and removes every work object and session record of the erased employee, and nothing else", async () => {
    const objects = await filled();
    const found = await findErased(objects, new Set(['p1']));
    expect(found.workObjects.sort()).toEqual(['sessions/a.redacted.json', 'sessions/a.result.json', 'sessions/c.result.json']);
    expect([...found.byBatch].map(([b, ids]) => [b, [...ids].sort()])).toEqual([['b-1', ['s-a', 's-d']], ['b-2', ['s-f']]]);
    expect(await holding(objects, 'p1')).not.toEqual([]); // finding changes nothing

    expect(await eraseWorkObjects(objects, found)).toBe(4); // s-a, s-c, s-d, s-f
    expect(await holding(objects, 'p1')).toEqual([]);
    expect((await objects.list()).map((o) => o.key)).toEqual([
      'batches/b-1/plan.json',
      'batches/b-1/sessions/C1.json',
      'batches/b-1/sessions/C2.json',
      'batches/b-2/sessions/C1.json',
      'sessions/b.result.json',
      'sessions/broken.result.json',
    ]);
    expect(JSON.parse((await objects.get('batches/b-1/sessions/C1.json'))!.toString())).toEqual({ sessions: [rec('s-b', 'p2')] });
    expect(JSON.parse((await objects.get('batches/b-1/sessions/C2.json'))!.toString())).toEqual({ sessions: [rec('s-e', 'p3', 'C2')] });
    expect(JSON.parse((await objects.get('batches/b-2/sessions/C1.json'))!.toString())).toEqual({ sessions: [] });
    // A second erasure finds nothing left.
    expect(await eraseWorkObjects(objects, await findErased(objects, new Set(['p1'])))).toBe(0);
  });

  it("attack: a batch API's answers left by a crash (quoting the employee, naming no one) go with the employee's erasure: beside a work object of theirs, or found through the batch plan", async () => {
    const objects = await filled();
    const QUOTE = '"evidence":"[ORG]を辞めて転職したい"';
    // s-a: its redacted text is still there; s-d: only the answers are left (redacted text gone)
    await objects.put('sessions/a.batch.json', `{"requests":1,"answers":{"k":{"response":{${QUOTE}}}}}`);
    await objects.put('sessions/d.batch.json', `{"requests":1,"answers":{"k":{"response":{${QUOTE}}}}}`);
    await objects.put('sessions/b.batch.json', '{"requests":1,"answers":{}}'); // p2's: kept
    await objects.put('batches/b-1/plan.json', JSON.stringify({ sessions: [{ sessionId: 's-a', key: 'sessions/a' }, { sessionId: 's-b', key: 'sessions/b' }, { sessionId: 's-d', key: 'sessions/d' }] }));
    expect(await holding(objects, QUOTE)).toHaveLength(2);
    const found = await findErased(objects, new Set(['p1']));
    expect(found.workObjects.sort()).toEqual(['sessions/a.batch.json', 'sessions/a.redacted.json', 'sessions/a.result.json', 'sessions/c.result.json', 'sessions/d.batch.json']);
    await eraseWorkObjects(objects, found);
    expect(await holding(objects, QUOTE)).toEqual([]);
    expect(await objects.exists('sessions/b.batch.json')).toBe(true);
  });

  it('tells whether queue mode left batches behind', async () => {
    expect(await hasBatches(await filled())).toBe(true);
    const empty = new MemoryObjectStore();
    await empty.put('sessions/x.result.json', '{}');
    expect(await hasBatches(empty)).toBe(false);
    expect(await eraseWorkObjects(empty, await findErased(empty, new Set(['p1'])))).toBe(0);
  });

  it('fails rather than skip what it cannot read', async () => {
    const objects = await filled();
    objects.get = () => Promise.reject(new Error('503 slow down'));
    await expect(findErased(objects, new Set(['p1']))).rejects.toThrow('503 slow down');
  });
});

describe('object key rotation through the port', () => {
  it('finds every pseudonym held, and replaces each old one everywhere', async () => {
    const objects = await filled();
    await objects.delete('sessions/broken.result.json'); // rotation refuses an object it cannot parse
    expect([...(await objectPseudonyms(objects))].sort()).toEqual(['p1', 'p2', 'p3']);
    const pids = new Map([['p1', 'q1'], ['p2', 'q2'], ['p3', 'q3']]);
    expect(await repseudonymiseObjects(objects, pids)).toBe(7);
    for (const old of pids.keys()) expect(await holding(objects, `"${old}"`)).toEqual([]);
    expect([...(await objectPseudonyms(objects))].sort()).toEqual(['q1', 'q2', 'q3']);
    expect(JSON.parse((await objects.get('batches/b-1/sessions/C1.json'))!.toString())).toEqual({ sessions: [rec('s-a', 'q1'), rec('s-b', 'q2'), rec('s-d', 'q1')] });
  });

  it('attack: leaves no case key made under the old key (whoever holds it names employees by it): replaced, or dropped when unmapped', async () => {
    const objects = new MemoryObjectStore();
    const [oldA, oldB, newA] = ['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)];
    await objects.put('batches/b-1/sessions/C1.json', JSON.stringify({ sessions: [{ ...rec('s-a', 'p1'), employee_case: oldA }, { ...rec('s-b', 'p2'), employee_case: oldB }] }));
    await objects.put('sessions/x.redacted.json.tmp-7-cd', JSON.stringify({ session: { ...rec('s-x', 'p2'), employee_case: oldB } }).slice(0, 160));
    await repseudonymiseObjects(objects, new Map([['p1', 'q1'], ['p2', 'q2']]), new Map([[oldA, newA]]));
    expect(await holding(objects, oldA)).toEqual([]);
    expect(await holding(objects, oldB)).toEqual([]);
    expect(JSON.parse((await objects.get('batches/b-1/sessions/C1.json'))!.toString())).toEqual({ sessions: [{ ...rec('s-a', 'q1'), employee_case: newA }, rec('s-b', 'q2')] });
  });
});

describe('key rotation and the other-case pseudonyms a batch carries', () => {
  it('attack: leaves none made under the old key (whoever holds it names the batch\'s employees by trying ids), in whole or half-written objects', async () => {
    const objects = new MemoryObjectStore();
    const [v1, v2] = ['d'.repeat(16), 'e'.repeat(16)];
    await objects.put('batches/b-1/sessions/C1.json', JSON.stringify({ sessions: [{ ...rec('s-a', 'p1'), employee_variants: [v1, v2] }] }));
    await objects.put('sessions/y.result.json', JSON.stringify({ session: { ...rec('s-y', 'p1'), employee_variants: [v1] } }));
    await objects.put('sessions/x.redacted.json.tmp-7-cd', JSON.stringify({ session: { ...rec('s-x', 'p1'), employee_variants: [v1, v2] } }).slice(0, 150));
    await repseudonymiseObjects(objects, new Map([['p1', 'q1']]));
    expect(await holding(objects, v1)).toEqual([]);
    expect(await holding(objects, v2)).toEqual([]);
    expect(JSON.parse((await objects.get('batches/b-1/sessions/C1.json'))!.toString())).toEqual({ sessions: [rec('s-a', 'q1')] });
  });
});

describe('erased employees in the object store', () => {
  it('are marked by a hash of their pseudonym, found by `batch submit`, and moved by key rotation', async () => {
    const objects = new MemoryObjectStore();
    const [a, b, c] = ['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)];
    expect((await erasedEmployeeTest(objects))(a)).toBe(false);
    await markErased(objects, [a, b]);
    await markErased(objects, [a]); // erased twice: one mark
    const keys = (await objects.list()).map((o) => o.key);
    expect(keys).toHaveLength(2);
    // the pseudonym itself is in no key or body
    for (const k of keys) expect(k.includes(a) || k.includes(b) || (await objects.get(k))!.length > 0).toBe(false);
    const erased = await erasedEmployeeTest(objects);
    expect([erased(a), erased(b), erased(c)]).toEqual([true, true, false]);

    expect(await remarkErased(objects, new Map([[a, c], [c, 'd'.repeat(64)]]))).toBe(1);
    const after = await erasedEmployeeTest(objects);
    expect([after(a), after(b), after(c)]).toEqual([false, true, true]);
  });
});
