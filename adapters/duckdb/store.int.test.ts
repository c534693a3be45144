/** The DuckDB adapter on real files: what a killed run leaves, the key that binds the file,
 * and a rewrite that leaves no byte of deleted rows. */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyMismatchError } from '../../pipeline/errors.js';
import { THEME_IDS, type ThemeId } from '../../pipeline/themes.js';
import { keyBinding, pseudonymise } from '../../pipeline/pseudonym.js';
import { fakeResult, run, TEST_BINDING, TEST_KEY } from '../../pipeline/testing/results.js';
import { DuckDbStore, isoMicros } from './store.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'honne-store-'));
  path = join(dir, 'honne.duckdb');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const companies = [{ company_id: 'c', name: 'C', industry: 'it', employee_count: 10 }];

describe('DuckDbStore', () => {
  it('removes the staged rows of a run killed mid-load when it opens the file again', async () => {
    const store = await DuckDbStore.open(path, TEST_BINDING);
    const loader = await store.beginLoad('killed');
    await loader.add([fakeResult({ company: 'c', employee: 'E1', keywords: ['盆栽'] })]);
    expect(readFileSync(join(`${path}.staging`, 'session_keywords.jsonl'), 'utf8')).toContain('盆栽');
    store.close(); // no commit, no abort: the process died
    const again = await DuckDbStore.open(path, TEST_BINDING);
    try {
      expect(existsSync(`${path}.staging`)).toBe(false);
      const tables = await again.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_name LIKE 'stage_%'");
      expect(tables).toEqual([]);
      expect(await again.query('SELECT * FROM session_keywords')).toEqual([]);
    } finally {
      again.close();
    }
  });

  it('loads staged rows exactly as produced (quotes, new lines, NULL against empty) and leaves no staged file behind', async () => {
    const store = await DuckDbStore.open(path, TEST_BINDING);
    try {
      const made = fakeResult({ company: 'c', employee: 'E1', department: '', keywords: ['a"b', '改\n行', '=1+1', 'タブ\t'] });
      // a start without seconds, as the manifest allows (DuckDB's cast refuses it)
      const odd = { ...made, session: { ...made.session, started_at: '2026-10-10T10:00+0900' } };
      const plain = fakeResult({ company: 'c', employee: 'E2', themes: ['workload'] });
      const loader = await store.beginLoad('r1');
      await loader.add([odd]);
      await loader.add([plain]);
      await loader.commit([{ ...companies[0]!, aliases: ['シークレット別名'] }], run('r1'));
      expect(existsSync(`${path}.staging`)).toBe(false);
      const kw = await store.query<{ keyword: string }>('SELECT keyword FROM session_keywords WHERE session_id = $s ORDER BY keyword', { s: odd.session.session_id });
      expect(kw.map((r) => r.keyword)).toEqual(['a"b', 'タブ\t', '=1+1', '改\n行'].sort());
      const ses = await store.query<{ department: string | null; gender: string | null; employee_pid: string }>('SELECT department, gender, employee_pid FROM sessions ORDER BY session_id');
      expect(ses).toEqual([
        { department: '', gender: null, employee_pid: odd.session.employee_pid },
        { department: null, gender: null, employee_pid: plain.session.employee_pid },
      ]);
      expect(await store.query('SELECT theme FROM session_themes')).toEqual([{ theme: 'workload' }]);
      const [start] = await store.query<{ t: string }>("SELECT strftime(started_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S') AS t FROM sessions WHERE session_id = $s", { s: odd.session.session_id });
      expect(start).toEqual({ t: '2026-10-10 01:00:00' });
      // a company's aliases serve redaction only: never in the store
      expect(await store.query('SELECT * FROM companies')).toEqual([{ company_id: 'c', name: 'C', industry: 'it', employee_count: 10 }]);
    } finally {
      store.close();
    }
    expect(readFileSync(path).includes(Buffer.from('シークレット別名'))).toBe(false);
  });

  it('an attacker\'s symlink in place of the staging folder is removed, never followed: nothing is written or deleted where it points', async () => {
    const outside = join(dir, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep.txt'), 'untouched');
    symlinkSync(outside, `${path}.staging`);
    const store = await DuckDbStore.open(path, TEST_BINDING);
    try {
      // open removes a killed run's staging folder: the link goes, its target stays
      expect(readdirSync(outside)).toEqual(['keep.txt']);
      symlinkSync(outside, `${path}.staging`); // planted again between open and load
      const loader = await store.beginLoad('r1');
      await loader.add([fakeResult({ company: 'c', employee: 'E1', keywords: ['盆栽'] })]);
      expect(readdirSync(outside)).toEqual(['keep.txt']);
      expect(lstatSync(`${path}.staging`).isDirectory()).toBe(true);
      expect((lstatSync(`${path}.staging`).mode & 0o777).toString(8)).toBe('700');
      await loader.commit(companies, run('r1'));
      expect(readFileSync(join(outside, 'keep.txt'), 'utf8')).toBe('untouched');
      expect(readdirSync(outside)).toEqual(['keep.txt']);
      expect(await store.query('SELECT keyword FROM session_keywords')).toEqual([{ keyword: '盆栽' }]);
    } finally {
      store.close();
    }
  });

  it('reads a start time as DuckDB casts it to TIMESTAMPTZ (offsets with and without a colon, Z, no seconds, fractions)', async () => {
    const store = await DuckDbStore.open(':memory:', TEST_BINDING);
    try {
      // [what the manifest may say, the same time as DuckDB reads it] (it cannot read hours and
      // minutes without seconds, which the manifest schema allows)
      const times = [
        ['2026-10-03T10:00:00+09:00', '2026-10-03T10:00:00+09:00'],
        ['2026-10-03T10:00+0900', '2026-10-03T10:00:00+09:00'],
        ['2026-01-01T00:30:00Z', '2026-01-01T00:30:00Z'],
        ['2026-12-31T23:59:59.123456-05:30', '2026-12-31T23:59:59.123456-05:30'],
        ['2026-03-01T00:00:00.5+14:00', '2026-03-01T00:00:00.5+14:00'],
        [' 2024-02-29T12:00:00.000001-00:00 ', '2024-02-29T12:00:00.000001-00:00'],
      ];
      for (const [iso, same] of times) {
        const [row] = await store.query<{ us: bigint | number }>('SELECT epoch_us($s::TIMESTAMPTZ) AS us', { s: same! });
        expect(isoMicros(iso!), iso).toBe(BigInt(row!.us));
      }
      expect(() => isoMicros('2026-10-03 10:00:00')).toThrow(/not an ISO-8601 time with an offset/);
    } finally {
      store.close();
    }
  });

  it('refuses another key before anything is read', async () => {
    (await DuckDbStore.open(path, TEST_BINDING)).close();
    await expect(DuckDbStore.open(path, keyBinding({ pseudonymKey: 'another-key-0123456789', demoKey: false }))).rejects.toBeInstanceOf(KeyMismatchError);
  });

  it('rewrites the file so that a deleted row leaves no byte in it', async () => {
    const store = await DuckDbStore.open(path, TEST_BINDING);
    const word = '盆栽いじり';
    await store.load(companies, [fakeResult({ company: 'c', employee: 'E1', keywords: [word] }), fakeResult({ company: 'c', employee: 'E2', keywords: ['残業'] })], run());
    store.close();
    expect(readFileSync(path).includes(Buffer.from(word))).toBe(true);
    const again = await DuckDbStore.open(path, TEST_BINDING);
    await again.run(`DELETE FROM session_keywords WHERE keyword = '${word}'`);
    again.close();
    expect(readFileSync(path).includes(Buffer.from(word)), 'DuckDB keeps the bytes of deleted rows').toBe(true);
    // a spill file a killed run left beside the store
    mkdirSync(`${path}.tmp`, { recursive: true });
    writeFileSync(join(`${path}.tmp`, 'duckdb_temp_block-1.block'), word);
    await DuckDbStore.rewrite(path);
    expect(readFileSync(path).includes(Buffer.from(word))).toBe(false);
    expect(existsSync(`${path}.tmp`)).toBe(false);
    const after = await DuckDbStore.open(path, TEST_BINDING);
    try {
      expect((await after.query<{ keyword: string }>('SELECT keyword FROM session_keywords')).map((r) => r.keyword)).toEqual(['残業']);
    } finally {
      after.close();
    }
  });

  it('keeps only the keywords `keep` keeps, of those said by at least minEmployees', async () => {
    const store = await DuckDbStore.open(path, TEST_BINDING);
    try {
      const said = (employee: string, keywords: string[], themes: ThemeId[] = []) => fakeResult({ company: 'c', employee, keywords, themes });
      await store.load(companies, [said('E1', ['残業', '盆栽', '転職'], ['job_change', 'workload']), said('E2', ['残業', '盆栽'], ['workload']), said('E3', ['残業', '転職']), said('E4', ['盆栽'])], run());
      const used = async (keep?: (w: string) => boolean, min = 2) => {
        const sets = await store.keywordSets(['2026-10'], min, false, undefined, keep);
        // each use read back through its indexes: employee → words
        const byEmployee = new Map<string, string[]>();
        sets.uses.employee.forEach((e, i) => {
          const pid = sets.employees[e]!.employee_pid;
          byEmployee.set(pid, [...(byEmployee.get(pid) ?? []), sets.vocabulary[sets.uses.word[i]!]!].sort());
        });
        return { sets, byEmployee, words: [...new Set([...byEmployee.values()].flat())].sort() };
      };
      expect((await used()).words).toEqual(['残業', '盆栽', '転職'].sort());
      expect((await used((w) => w !== '残業')).words).toEqual(['盆栽', '転職'].sort());
      expect((await used(() => false)).words).toEqual([]);
      // every employee stays, whatever their words
      expect((await used(() => false)).sets.employees).toHaveLength(4);
      // minEmployees still applies: 3 employees said 盆栽 and 残業, 2 said 転職
      expect((await used((w) => w !== '残業', 3)).words).toEqual(['盆栽']);
      // and each employee's uses are theirs: the indexes point at the right rows
      const all = await used();
      expect(all.byEmployee.get(pseudonymise(TEST_KEY, 'c', 'E4'))).toEqual(['盆栽']);
      expect(all.byEmployee.get(pseudonymise(TEST_KEY, 'c', 'E1'))).toEqual(['残業', '盆栽', '転職'].sort());
      // themes too: employee → themes, by the taxonomy's order
      const themes = [...all.sets.themes.employee].map((e, i) => [all.sets.employees[e]!.employee_pid, THEME_IDS[all.sets.themes.theme[i]!]]);
      expect(themes.sort()).toEqual([
        [pseudonymise(TEST_KEY, 'c', 'E1'), 'job_change'], [pseudonymise(TEST_KEY, 'c', 'E1'), 'workload'], [pseudonymise(TEST_KEY, 'c', 'E2'), 'workload'],
      ].sort());
    } finally {
      store.close();
    }
  });
});

describe('the publication ledger keeps each member\'s segments as shown', () => {
  const shown = { department: '営業部', age_band: '__other__', gender: '__unspecified__' };
  const record = (store: DuckDbStore, members: Map<string, string>, segments: Map<string, typeof shown>) =>
    store.recordPublication({ c: 'c', p: '2026-10' }, 1, 'then', '{}', members, segments);

  it('reads them back; an erasure forgets them with the pseudonym', async () => {
    const store = await DuckDbStore.open(path, TEST_BINDING);
    try {
      await record(store, new Map([['p1', 'a'], ['p2', 'b']]), new Map([['p1', shown], ['p2', { ...shown, department: '開発部' }]]));
      const [v1] = await store.publicationHistory('c', '2026-10');
      expect(v1!.segments).toEqual(new Map([['p1', shown], ['p2', { ...shown, department: '開発部' }]]));
      await store.eraseEmployee('p2', new Date());
      const [after] = await store.publicationHistory('c', '2026-10');
      expect([after!.erased, after!.segments]).toEqual([1, new Map([['p1', shown]])]);
      expect(await store.query("SELECT count(*)::INTEGER AS n FROM publication_members WHERE department = '開発部'")).toEqual([{ n: 0 }]);
    } finally {
      store.close();
    }
  });

  it('a store older than the columns gets them when opened: its members\' segments unknown', async () => {
    const first = await DuckDbStore.open(path, TEST_BINDING);
    await record(first, new Map([['p1', 'a']]), new Map([['p1', shown]]));
    first.close();
    const raw = await DuckDBInstance.create(path);
    const conn = await raw.connect();
    for (const c of ['department', 'age_band', 'gender']) await conn.run(`ALTER TABLE publication_members DROP COLUMN ${c}`);
    conn.closeSync();
    raw.closeSync();
    const store = await DuckDbStore.open(path, TEST_BINDING);
    try {
      const [v1] = await store.publicationHistory('c', '2026-10');
      expect([v1!.members, v1!.segments]).toEqual([new Map([['p1', 'a']]), new Map()]);
    } finally {
      store.close();
    }
  });
});
