/** Differencing attacks on real publications: a real DuckDB file, reports written by
 * writeReports (the code `honne run`, `honne report` and the queue's report job call), read back
 * from the CSV files and subtracted as an attacker would. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LABELS, RUN_METADATA } from '../../reports/i18n.js';
import { benchmarkBand } from './benchmark.js';
import { writeReports } from '../../reports/write.js';
import { pseudonymise } from '../pseudonym.js';
import { DuckDbStore } from '../../adapters/duckdb/store.js';
import { fakeResult, run, TEST_BINDING, type FakeSession } from '../testing/results.js';
import type { ThemeId } from '../themes.js';

const K = 5;
const C = LABELS.en.columns;
let dir: string;
let store: DuckDbStore;
let renders = 0;

const companies = ['acme', ...Array.from({ length: 6 }, (_, c) => `other${c}`)].map((id) => ({
  company_id: id, name: `${id} 株式会社`, industry: 'it', employee_count: 100,
}));

/** Ten employees of acme with varied themes and risks, and six other companies. */
function base(period = '2026-10', prefix = 'E'): FakeSession[] {
  const out: FakeSession[] = [];
  for (let i = 0; i < 10; i++) {
    out.push({
      company: 'acme', employee: `${prefix}${i}`, period, department: i < 5 ? '営業部' : '開発部',
      themes: [...(i < 5 ? (['job_change'] as ThemeId[]) : []), ...(i % 2 ? (['workload'] as ThemeId[]) : [])],
      keywords: i < 5 ? ['転職'] : ['残業'],
      retention: i < 5 ? 'medium' : 'low',
      sentiment: 0.1,
    });
  }
  return out;
}
function others(period = '2026-10'): FakeSession[] {
  const out: FakeSession[] = [];
  for (let c = 0; c < 6; c++) {
    for (let i = 0; i < 10; i++) out.push({ company: `other${c}`, employee: `X${i}`, period, themes: i < 2 + c ? ['job_change'] : [] });
  }
  return out;
}
/** A late employee whose figures an attacker wants: job_change, workload, high retention risk. */
const late = (id: string, period = '2026-10'): FakeSession => ({
  company: 'acme', employee: id, period, department: '営業部', themes: ['job_change', 'workload', 'caregiving'],
  keywords: ['転職', '介護'], retention: 'high', mental: 'high', sentiment: -0.9,
});

async function load(sessions: FakeSession[]) {
  await store.load(companies, sessions.map((f) => fakeResult(f)), run());
}

/** Renders acme's reports and reads every CSV back: table → rows. */
async function render(period = '2026-10') {
  const out = join(dir, `out-${++renders}`);
  await writeReports(store, { period, companyIds: ['acme'], lang: 'en', formats: ['csv'], outDir: out }, {
    k: K, benchmarkMinCompanies: 5, now: () => new Date(Date.UTC(2026, 10, renders)),
  });
  const folder = join(out, 'acme', period);
  const tables: Record<string, Record<string, string>[]> = {};
  for (const f of readdirSync(folder)) tables[f] = parse(readFileSync(join(folder, f)), { bom: true, columns: true }) as Record<string, string>[];
  return tables;
}

/** Everything but the method table, where the render time and the publication note live. */
const figures = (t: Record<string, Record<string, string>[]>) => Object.fromEntries(Object.entries(t).filter(([f]) => f !== '08_method.csv'));
const methodValue = (t: Record<string, Record<string, string>[]>, item: string) => t['08_method.csv']!.find((r) => r['item'] === item)?.['value'];
const REPORT_ID = LABELS.en.methodItems.report_id;
const themeRow = (t: Record<string, Record<string, string>[]>, theme: string) => t['02_theme_prevalence.csv']!.find((r) => r['theme_id'] === theme)!;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'honne-publication-'));
  store = await DuckDbStore.open(join(dir, 'honne.duckdb'), TEST_BINDING);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('re-publishing a company-period', () => {
  it('k newcomers who all share a worry are held back: the difference would say it of each of them (attack)', async () => {
    await load([...base(), ...others()]);
    const v1 = await render();
    expect(themeRow(v1, 'job_change')['employees']).toBe('5');
    // five late sessions of 営業部, every one thinking of leaving (the attacker knows who came late)
    const leaving = (id: string): FakeSession => ({ company: 'acme', employee: id, department: '営業部', themes: id === 'Z0' ? ['workload'] : ['job_change'] });
    await load(['N0', 'N1', 'N2', 'N3', 'N4'].map(leaving));
    const v2 = await render();
    // published, job_change would grow by exactly the headcount: 5 of the 5 newcomers
    if (methodValue(v2, 'publication')!.startsWith('version 2')) {
      expect(Number(themeRow(v2, 'job_change')['employees']) - Number(themeRow(v1, 'job_change')['employees'])).toBeLessThan(5);
    }
    expect(figures(v2)).toEqual(figures(v1));
    expect(methodValue(v2, 'publication')).toMatch(/^version 1 .*held back/);
    // a sixth who is not: five of six newcomers says it of none of them, published
    await load([leaving('Z0')]);
    const v3 = await render();
    expect(methodValue(v3, 'publication')).toMatch(/^version 2 /);
    expect(themeRow(v3, 'job_change')['employees']).toBe('10');
  });

  it('after one late session shows the published figures again: subtracting gives nothing', async () => {
    await load([...base(), ...others()]);
    const v1 = await render();
    expect(themeRow(v1, 'job_change')['employees']).toBe('5');
    await load([late('L1')]);
    const v2 = await render();
    // the attacker's subtraction: every figure of every table is unchanged
    expect(figures(v2)).toEqual(figures(v1));
    expect(methodValue(v2, 'publication')).toMatch(/^version 1 .*held back until at least 5 employees/);
    expect(methodValue(v2, REPORT_ID)).toBe(methodValue(v1, REPORT_ID));
    // and the store has the late session: the next version comes once k employees changed (who
    // do not all share a worry: sharedWorrySafe)
    for (const id of ['L2', 'L3', 'L4', 'L5']) await load([{ ...late(id), themes: ['caregiving'], keywords: ['介護'], retention: 'low', mental: 'low' }]);
    const v3 = await render();
    expect(methodValue(v3, 'publication')).toMatch(/^version 2 /);
    expect(methodValue(v3, REPORT_ID)).not.toBe(methodValue(v1, REPORT_ID));
    expect(v3['01_overview.csv']!.find((r) => r['metric'] === 'employees who consulted')!['value']).toBe('15');
  });

  it('after a late session of someone already counted (a changed contribution) shows the published figures again', async () => {
    await load([...base(), ...others()]);
    const v1 = await render();
    // E5 comes again in the same month, now considering leaving and in the other department
    await load([{ ...late('E5'), day: 20 }]);
    const v2 = await render();
    expect(figures(v2)).toEqual(figures(v1));
    expect(methodValue(v2, 'publication')).toMatch(/^version 1 .*held back/);
  });

  it('compares with every version shown: k accomplices added, then erased beside one victim, is held back', async () => {
    await load([...base(), ...others()]);
    await render();
    const accomplices = ['X0', 'X1', 'X2', 'X3', 'X4'];
    await load(accomplices.map((id) => ({ company: 'acme', employee: id, department: '開発部' })));
    const v2 = await render();
    expect(methodValue(v2, 'publication')).toMatch(/^version 2 /);
    for (const id of accomplices) await store.eraseEmployee(pseudonymise('test-key-0123456789', 'acme', id), new Date());
    await load([late('VICTIM')]);
    // against v2: 5 removed but 1 added; against v1: 1 added. Either difference is the victim.
    const v3 = await render();
    expect(figures(v3)).toEqual(figures(v2));
    expect(methodValue(v3, 'publication')).toMatch(/^version 2 .*held back/);
  });

  it('compares with every combination of versions: v1 + v2 + v3 − 2·v4 is the one employee who came and went', async () => {
    // four groups moved in and out of October by corrected timestamps (sessions moved to June and
    // back); every group of 営業部, the victim's, so each version passes the rule inside segments
    // too (segmentsSafe) and the combination alone is what is left to catch
    const five = (prefix: string) => base('2026-10', prefix).slice(0, 5).map((f) => fakeResult(f));
    const [a, b, c] = [five('A'), five('B'), five('C')];
    const v = [fakeResult(late('VICTIM'))];
    const away = (rs: ReturnType<typeof fakeResult>[]) =>
      rs.map((r) => ({ ...r, session: { ...r.session, period: '2026-06', started_at: r.session.started_at.replace('2026-10', '2026-06') } }));
    const shown: Record<string, Record<string, string>[]>[] = [];
    for (const rows of [[...a, ...b], [...away(a), ...c, ...v], [...a, ...away(b), ...away(v)], [...b, ...v]]) {
      await store.load(companies, rows, run());
      shown.push(await render());
    }
    // each version against every one before differs by k or more added and k or more removed
    expect(shown.slice(0, 3).map((t) => methodValue(t, 'publication'))).toEqual([expect.stringMatching(/^version 1 /), expect.stringMatching(/^version 2 /), expect.stringMatching(/^version 3 /)]);
    const e = shown.map((t) => Number(t['01_overview.csv']!.find((r) => r['metric'] === 'employees who consulted')!['value']));
    // v1 + v2 + v3 − 2·v4: everyone of A, B and C cancels out, the victim does not
    if (methodValue(shown[3]!, 'publication')!.startsWith('version 4')) expect(e[0]! + e[1]! + e[2]! - 2 * e[3]!).toBe(0);
    expect(methodValue(shown[3]!, 'publication')).toMatch(/^version 3 .*held back/);
  });

  it('tells a blank department from one named "-": moving one employee between them is held back', async () => {
    const people = Array.from({ length: 20 }, (_, i): FakeSession => ({
      company: 'acme', employee: `D${i}`, department: i < 10 ? undefined : '-',
      themes: i % 2 ? ['job_change'] : ['workload'],
    }));
    const victim = fakeResult(people[0]!);
    await store.load(companies, [...people.slice(1).map((f) => fakeResult(f)), victim, ...others().map((f) => fakeResult(f))], run());
    const v1 = await render();
    // the same session of the victim again, now with department "-" (a corrected manifest row)
    await store.load(companies, [{ ...victim, session: { ...victim.session, department: '-', fingerprint: 'fp-corrected' } }], run());
    const v2 = await render();
    expect(figures(v2)).toEqual(figures(v1));
    expect(methodValue(v2, 'publication')).toMatch(/held back/);
  });

  it('compares with every version shown: changes of k people undone beside one victim are held back', async () => {
    // v1: ten people; v2: five of them move department (a change of k); v3: the five move back
    // and the victim moves: against v2 six changed, against v1 only the victim
    const people = base();
    const loaded = people.map((f) => fakeResult(f));
    await store.load(companies, [...loaded, ...others().map((f) => fakeResult(f))], run());
    await render();
    const moved = (r: (typeof loaded)[number], department: string) => ({ ...r, session: { ...r.session, department, fingerprint: `fp-${department}` } });
    await store.load(companies, loaded.slice(0, 5).map((r) => moved(r, '総務部')), run());
    const v2 = await render();
    expect(methodValue(v2, 'publication')).toMatch(/^version 2 /);
    await store.load(companies, [...loaded.slice(0, 5), moved(loaded[9]!, '総務部')], run());
    const v3 = await render();
    expect(figures(v3)).toEqual(figures(v2));
    expect(methodValue(v3, 'publication')).toMatch(/^version 2 .*held back/);
  });

  it('after an erasure shows the published figures again', async () => {
    await load([...base(), late('L1'), ...others()]);
    const v1 = await render();
    await store.eraseEmployee(pseudonymise('test-key-0123456789', 'acme', 'L1'), new Date());
    const v2 = await render();
    expect(figures(v2)).toEqual(figures(v1));
    expect(methodValue(v2, 'publication')).toMatch(/held back/);
    // the ledger no longer names the erased employee: its pseudonym is nowhere in the store
    const pid = pseudonymise('test-key-0123456789', 'acme', 'L1');
    const rows = await store.query(`SELECT * FROM publication_members WHERE employee_pid = $p`, { p: pid });
    expect(rows).toEqual([]);
  });

  it('re-rendering the same data gives byte-identical figures (no new version)', async () => {
    await load([...base(), ...others()]);
    const v1 = await render();
    const v2 = await render();
    expect(figures(v2)).toEqual(figures(v1));
    expect(methodValue(v2, 'publication')).toMatch(/^version 1 \(published [\d-]+\)$/);
    expect(methodValue(v2, 'publication')).toBe(methodValue(v1, 'publication'));
    // the method table too, but for the declared run metadata (here the generation time)
    const metadata = new Set<string>(RUN_METADATA.map((item) => LABELS.en.methodItems[item]));
    const content = (t: Record<string, Record<string, string>[]>) => t['08_method.csv']!.filter((r) => !metadata.has(r['item']!));
    expect(content(v2)).toEqual(content(v1));
    expect(methodValue(v2, 'generated at (JST)')).not.toBe(methodValue(v1, 'generated at (JST)'));
    const versions = await store.query<{ n: number }>(`SELECT count(*) AS n FROM publications WHERE company_id = 'acme'`);
    expect(versions[0]!.n).toBe(1);
  });
});

describe('re-publishing inside one segment', () => {
  /** Twenty employees of acme, ten in each department, half of each thinking of leaving. */
  const twenty = (): FakeSession[] =>
    Array.from({ length: 20 }, (_, i) => ({
      company: 'acme', employee: `S${i}`, department: i < 10 ? '営業部' : '開発部', themes: i % 2 ? ['job_change'] : ['workload'],
    }));
  const bySegment = (t: Record<string, Record<string, string>[]>, segment: string, theme: ThemeId) => {
    const file = Object.keys(t).find((f) => f.includes('themes_by_segment'))!;
    const r = t[file]!.find((x) => x[C.segment] === segment && x[C.theme_id] === theme)!;
    return `${r[C.employees]}/${r[C.base]}`;
  };
  /** 営業部's job_change cell: those with it, and the department's headcount. */
  const salesJobChange = (t: Record<string, Record<string, string>[]>) => Number(bySegment(t, '営業部', 'job_change').split('/')[0]);
  const salesHeadcount = (t: Record<string, Record<string, string>[]>) => Number(bySegment(t, '営業部', 'job_change').split('/')[1]);

  it("k newcomers of a department who all share a worry are held back, though company-wide they are among others (attack)", async () => {
    await load([...twenty(), ...others()]);
    const v1 = await render();
    expect(bySegment(v1, '営業部', 'job_change')).toBe('5/10');
    // ten newcomers: five of 営業部, every one thinking of leaving; five of 開発部, one of them
    await load([
      ...['N0', 'N1', 'N2', 'N3', 'N4'].map((id): FakeSession => ({ company: 'acme', employee: id, department: '営業部', themes: ['job_change'] })),
      ...['M0', 'M1', 'M2', 'M3', 'M4'].map((id, i): FakeSession => ({ company: 'acme', employee: id, department: '開発部', themes: [i === 0 ? 'job_change' : 'workload'] })),
    ]);
    const v2 = await render();
    // company-wide job_change grows by six of ten; 営業部's would grow by its five newcomers
    if (methodValue(v2, 'publication')!.startsWith('version 2')) expect(salesJobChange(v2) - salesJobChange(v1)).toBeLessThan(salesHeadcount(v2) - salesHeadcount(v1));
    expect(figures(v2)).toEqual(figures(v1));
    expect(methodValue(v2, 'publication')).toMatch(/^version 1 .*held back/);
  });

  it("one newcomer of a department beside k−1 elsewhere is held back: the department's cells would be theirs (attack)", async () => {
    await load([...twenty(), ...others()]);
    const v1 = await render();
    expect(bySegment(v1, '営業部', 'job_change')).toBe('5/10');
    // five late employees, so the company-wide change is k: four of 開発部 who are not leaving,
    // and the one of 営業部 whom the attacker wants, who is
    await load([
      ...['N1', 'N2', 'N3', 'N4'].map((id): FakeSession => ({ company: 'acme', employee: id, department: '開発部', themes: ['workload'] })),
      { company: 'acme', employee: 'VICTIM', department: '営業部', themes: ['job_change'] },
    ]);
    const v2 = await render();
    // published, 営業部's cell would read 6/11: minus 5/10, the victim thinks of leaving
    expect(figures(v2)).toEqual(figures(v1));
    expect(bySegment(v2, '営業部', 'job_change')).toBe('5/10');
    expect(methodValue(v2, 'publication')).toMatch(/^version 1 .*held back/);
  });

  it('one employee moved to another department beside k−1 changed there is held back (attack)', async () => {
    await load([...twenty(), ...others()]);
    const v1 = await render();
    // a second session each this month: four of 開発部 now speak of caregiving, and S0 (営業部,
    // not leaving) comes as one of 開発部: five modified company-wide, but 営業部 loses only S0
    await load(['S10', 'S11', 'S12', 'S13', 'S0'].map((id): FakeSession => ({ company: 'acme', employee: id, department: '開発部', themes: ['caregiving'], day: 20 })));
    const v2 = await render();
    // published, 営業部's cells would be v1's less S0's
    expect(figures(v2)).toEqual(figures(v1));
    expect(methodValue(v2, 'publication')).toMatch(/^version 1 .*held back/);
  });

  it('one changed contribution beside k newcomers of its department is held back: a count that grows by more than the headcount is theirs (attack)', async () => {
    // 営業部 of twenty (ten thinking of leaving), 開発部 of ten
    const thirty = Array.from({ length: 30 }, (_, i): FakeSession => ({
      company: 'acme', employee: `S${i}`, department: i < 20 ? '営業部' : '開発部', themes: i % 2 ? ['job_change'] : ['workload'],
    }));
    await load([...thirty, ...others()]);
    const v1 = await render();
    expect(bySegment(v1, '営業部', 'job_change')).toBe('10/20');
    // five newcomers of 営業部; S0 (営業部, not leaving) comes again and now is, S2 comes again
    // unchanged: company-wide and in 営業部 five added and two modified. Any sum of the two
    // reports that cancels the unchanged eighteen keeps the five newcomers (combinationsSafe: a
    // figure over seven), and no count moves by all seven (sharedWorrySafe), but counts are
    // bounded: 営業部's job_change would go from 10 of 20 to 16 of 25, one more than the newcomers
    // can add, so one of the twenty took it up, and the attacker who saw S0 and S2 book a second
    // session knows it is one of them. Only the rule on modified employees holds this back.
    await load([
      ...['N0', 'N1', 'N2', 'N3', 'N4'].map((id): FakeSession => ({ company: 'acme', employee: id, department: '営業部', themes: ['job_change'] })),
      { company: 'acme', employee: 'S0', department: '営業部', themes: ['job_change'], day: 20 },
      { company: 'acme', employee: 'S2', department: '営業部', themes: ['workload'], day: 20 },
    ]);
    const v2 = await render();
    if (methodValue(v2, 'publication')!.startsWith('version 2')) expect(salesJobChange(v2) - salesJobChange(v1)).toBeLessThanOrEqual(salesHeadcount(v2) - salesHeadcount(v1));
    expect(figures(v2)).toEqual(figures(v1));
    expect(methodValue(v2, 'publication')).toMatch(/^version 1 .*held back/);
  });

  it('the same with k newcomers and four changed in the other department (k modified company-wide): only the rule inside segments holds it back (attack)', async () => {
    const thirty = Array.from({ length: 30 }, (_, i): FakeSession => ({
      company: 'acme', employee: `S${i}`, department: i < 20 ? '営業部' : '開発部', themes: i % 2 ? ['job_change'] : ['workload'],
    }));
    await load([...thirty, ...others()]);
    const v1 = await render();
    // five newcomers in each department, S0 and S2 of 営業部 and four of 開発部 modified:
    // company-wide ten added and six modified; every sum of the two reports, in each department
    // too, keeps five newcomers with whoever changed (combinations.ts), and no count moves by all
    // who could move it (sharedWorrySafe)
    await load([
      ...['N0', 'N1', 'N2', 'N3', 'N4'].map((id): FakeSession => ({ company: 'acme', employee: id, department: '営業部', themes: ['job_change'] })),
      { company: 'acme', employee: 'S0', department: '営業部', themes: ['job_change'], day: 20 },
      { company: 'acme', employee: 'S2', department: '営業部', themes: ['workload'], day: 20 },
      ...['S20', 'S21', 'S22', 'S23'].map((id): FakeSession => ({ company: 'acme', employee: id, department: '開発部', themes: ['caregiving'], day: 20 })),
      ...['M0', 'M1', 'M2', 'M3', 'M4'].map((id): FakeSession => ({ company: 'acme', employee: id, department: '開発部', themes: ['workload'] })),
    ]);
    const v2 = await render();
    // published, 営業部's job_change would grow by one more than its headcount: S0's
    if (methodValue(v2, 'publication')!.startsWith('version 2')) expect(salesJobChange(v2) - salesJobChange(v1)).toBeLessThanOrEqual(salesHeadcount(v2) - salesHeadcount(v1));
    expect(figures(v2)).toEqual(figures(v1));
    expect(methodValue(v2, 'publication')).toMatch(/^version 1 .*held back/);
  });

  it('compares with every version shown, not the latest: k newcomers, then k changed of whom one was there from the start, is held back (attack)', async () => {
    const thirty = Array.from({ length: 30 }, (_, i): FakeSession => ({
      company: 'acme', employee: `S${i}`, department: i < 20 ? '営業部' : '開発部', themes: i % 2 ? ['job_change'] : ['workload'],
    }));
    await load([...thirty, ...others()]);
    const v1 = await render();
    // five newcomers of 営業部, four thinking of leaving: five added, published
    await load(['N0', 'N1', 'N2', 'N3', 'N4'].map((id, i): FakeSession => ({ company: 'acme', employee: id, department: '営業部', themes: [i < 4 ? 'job_change' : 'workload'] })));
    const v2 = await render();
    expect(methodValue(v2, 'publication')).toMatch(/^version 2 /);
    // a second session each: the five newcomers (now all leaving), and S0 (営業部, not leaving)
    // who now is. Against v2 six modified (k or more), in 営業部 too; every sum of the three
    // reports keeps five people or more (v3 − v1: the five newcomers and S0). But against v1 five
    // added and one modified: 営業部's job_change would go from 10 of 20 to 16 of 25, one more than
    // the newcomers can add, so one of the first twenty took it up, and the attacker who saw S0
    // come again knows who.
    await load([
      ...['N0', 'N1', 'N2', 'N3', 'N4'].map((id): FakeSession => ({ company: 'acme', employee: id, department: '営業部', themes: ['job_change'], day: 20 })),
      { company: 'acme', employee: 'S0', department: '営業部', themes: ['job_change'], day: 20 },
    ]);
    const v3 = await render();
    const count = (t: Record<string, Record<string, string>[]>) => Number(bySegment(t, '営業部', 'job_change').split('/')[0]);
    const base = (t: Record<string, Record<string, string>[]>) => Number(bySegment(t, '営業部', 'job_change').split('/')[1]);
    if (methodValue(v3, 'publication')!.startsWith('version 3')) expect(count(v3) - count(v1)).toBeLessThanOrEqual(base(v3) - base(v1));
    expect(figures(v3)).toEqual(figures(v2));
    expect(methodValue(v3, 'publication')).toMatch(/^version 2 .*held back/);
  });

  it("an erased employee's department is unknown: k newcomers there beside the erasure are held back (attack)", async () => {
    // twenty in each department, half of each thinking of leaving
    const forty = Array.from({ length: 40 }, (_, i): FakeSession => ({
      company: 'acme', employee: `S${i}`, department: i < 20 ? '営業部' : '開発部', themes: i % 2 ? ['job_change'] : ['workload'],
    }));
    const loaded = forty.map((f) => fakeResult(f));
    await store.load(companies, [...loaded, ...others().map((f) => fakeResult(f))], run());
    const v1 = await render();
    // S0 of 営業部 (workload) is erased; five of 開発部 move out of the month (corrected
    // timestamps), so six went company-wide; five newcomers of 営業部, none leaving, three with
    // workload, and five of 開発部. Every sum of the reports keeps five people or more, no count
    // moves by all who could move it (sharedWorrySafe), and each segment's changes are k but
    // for the erased one, whose segment the ledger no longer knows
    await store.eraseEmployee(pseudonymise('test-key-0123456789', 'acme', 'S0'), new Date());
    const away = loaded.slice(20, 25).map((r) => ({ ...r, session: { ...r.session, period: '2026-06', started_at: r.session.started_at.replace('2026-10', '2026-06') } }));
    await store.load(companies, [
      ...away,
      ...['N0', 'N1', 'N2', 'N3', 'N4'].map((id, i) => fakeResult({ company: 'acme', employee: id, department: '営業部', themes: [i < 3 ? 'workload' : 'caregiving'] })),
      ...['M0', 'M1', 'M2', 'M3', 'M4'].map((id) => fakeResult({ company: 'acme', employee: id, department: '開発部', themes: ['workload'] })),
    ], run());
    const v2 = await render();
    // published, 営業部 would grow by four with five newcomers: the one who left it is the
    // erased employee, whose department the ledger forgot on purpose
    if (methodValue(v2, 'publication')!.startsWith('version 2')) expect(salesHeadcount(v2) - salesHeadcount(v1)).toBe(5);
    expect(figures(v2)).toEqual(figures(v1));
    expect(methodValue(v2, 'publication')).toMatch(/^version 1 .*held back/);
  });

  it('a change of k or more in every segment shown is published', async () => {
    await load([...twenty(), ...others()]);
    await render();
    await load(
      Array.from({ length: 10 }, (_, i): FakeSession => ({
        company: 'acme', employee: `N${i}`, department: i < 5 ? '営業部' : '開発部', themes: i % 2 ? ['job_change'] : [],
      })),
    );
    const v2 = await render();
    expect(methodValue(v2, 'publication')).toMatch(/^version 2 /);
    expect(bySegment(v2, '営業部', 'job_change')).toBe('7/15');
    expect(bySegment(v2, '開発部', 'job_change')).toBe('8/15');
  });
});

describe('month-over-month columns', () => {
  it('are hidden when the same people plus one came: the difference would be that one person', async () => {
    await load([...base('2026-09'), ...others('2026-09'), ...base('2026-10'), late('L1'), ...others('2026-10')]);
    await render('2026-09');
    const oct = await render('2026-10');
    for (const r of oct['02_theme_prevalence.csv']!) {
      expect(r['previous_share_pct'], r['theme_id']).toBe('');
      expect(r['change_pt']).toBe('');
    }
    for (const r of oct['06_risk_distribution.csv']!) expect(r['previous_share_pct']).toBe('');
    expect(oct['01_overview.csv']!.every((r) => r['previous'] === '' && r['change'] === '')).toBe(true);
    expect(oct['05_rising_keywords.csv']).toEqual([]);
    expect(themeRow(oct, 'job_change')['suppressed']).toMatch(/fewer than 5 employees differ from the previous period/);
  });

  it('are hidden after retention deleted the previous month: who was in it is no longer known', async () => {
    await load([...base('2026-09'), ...others('2026-09'), ...base('2026-10'), late('L1'), ...others('2026-10')]);
    await render('2026-09');
    // September's results past their lifetime: its sessions go, the ledger forgets its members
    await store.deleteResultsBefore('2026-10');
    const oct = await render('2026-10');
    // September's ten and October's ten plus one would otherwise count as "all different"
    expect(oct['02_theme_prevalence.csv']!.every((r) => r['previous_share_pct'] === '' && r['change_pt'] === '')).toBe(true);
    expect(oct['06_risk_distribution.csv']!.every((r) => r['previous_share_pct'] === '')).toBe(true);
  });

  it('are hidden when one person of the previous month did not come again: the difference would be theirs', async () => {
    await load([...base('2026-09'), late('L1', '2026-09'), ...others('2026-09'), ...base('2026-10'), ...others('2026-10')]);
    await render('2026-09');
    const oct = await render('2026-10');
    expect(oct['02_theme_prevalence.csv']!.every((r) => r['previous_share_pct'] === '' && r['change_pt'] === '')).toBe(true);
    expect(oct['06_risk_distribution.csv']!.every((r) => r['previous_share_pct'] === '')).toBe(true);
  });

  it('are shown when the two months differ by at least k people on each side, from the published previous figures', async () => {
    await load([...base('2026-09', 'P'), ...others('2026-09'), ...base('2026-10'), ...others('2026-10')]);
    const sep = await render('2026-09');
    // a late September session after September was published: October compares with what
    // September's report said, not with a re-computation that would isolate the late one
    await load([late('L1', '2026-09')]);
    const oct = await render('2026-10');
    expect(themeRow(oct, 'job_change')['previous_share_pct']).toBe(themeRow(sep, 'job_change')['share_pct']);
    expect(themeRow(oct, 'job_change')['previous_share_pct']).toBe('50');
  });
});

describe('benchmarks over few companies cannot pin one company', () => {
  const quantiles = (r: Record<string, string>) => [C.bench_p25_pct, C.bench_p50_pct, C.bench_p75_pct, C.bench_p90_pct].map((c) => r[c]);
  /** n companies of 12 employees whose job_change shares (5, 6 or 7 of 12) their own reports
   * publish, and "pinned": 5 of 5 on job_change, all low on mental health (suppressed there). */
  async function companiesOf(n: number, extra: FakeSession[] = []) {
    const people: FakeSession[] = [...base(), ...extra];
    for (let i = 0; i < 5; i++) people.push({ company: 'pinned', employee: `Q${i}`, themes: ['job_change'], retention: 'low', mental: 'low' });
    for (let c = 0; c < n; c++) {
      for (let i = 0; i < 12; i++) people.push({ company: `o${c}`, employee: `Y${i}`, themes: i < 5 + (c % 3) ? ['job_change'] : [], mental: 'low' });
    }
    const all = [...companies, { company_id: 'pinned', name: 'P', industry: 'it', employee_count: 5 }, ...Array.from({ length: n }, (_, c) => ({ company_id: `o${c}`, name: `o${c}`, industry: 'it', employee_count: 12 }))];
    await store.load(all, people.map((f) => fakeResult(f)), run());
  }

  for (const n of [5, 6, 10]) {
    it(`with ${n} other companies, the band is theirs as published: pinned's suppressed 100 % never enters`, async () => {
      await companiesOf(n);
      const t = await render();
      const jc = themeRow(t, 'job_change');
      expect(jc[C.bench_companies]).toBe(String(n));
      const published = Array.from({ length: n }, (_, c) => (5 + (c % 3)) / 12);
      const expected = benchmarkBand(published, 5).benchmark;
      const pct = (x: number | null) => (x === null ? '' : String(Math.round(x * 1000) / 10));
      expect(quantiles(jc)).toEqual([expected.p25, expected.p50, expected.p75, expected.p90].map(pct));
      expect(quantiles(jc)).not.toContain('100');
      // every company is all low on mental health: suppressed in each report, so in no band
      // (plain quantiles showed p25–p90 = 100 %, every company's suppressed figure): the row
      // shows no figure at all, so the CSV leaves it out
      const mhLow = t['06_risk_distribution.csv']!.find((r) => r[C.signal] === LABELS.en.signals.mental_health_risk && r[C.level] === 'low');
      expect(mhLow).toBeUndefined();
      for (const r of t['06_risk_distribution.csv']!) expect(quantiles(r)).not.toContain('100');
    });
  }

  it("moves no band for a late session at another company (its figures are held back)", async () => {
    await companiesOf(6);
    const v1 = await render();
    await load([{ company: 'o0', employee: 'LATE', themes: ['job_change'] }]);
    const v2 = await render();
    expect(figures(v2)).toEqual(figures(v1));
  });

  it("keeps a version's band when fewer than three other companies changed, even in a new version", async () => {
    // v1: five others; then one more company publishes and acme itself changes by k
    await companiesOf(5);
    const v1 = await render();
    const sixth = Array.from({ length: 15 }, (_, i): FakeSession => ({ company: 'o5', employee: `Z${i}`, themes: i < 10 ? ['job_change'] : [] }));
    const newcomers = ['N0', 'N1', 'N2', 'N3', 'N4'].map((id): FakeSession => ({ company: 'acme', employee: id, department: '営業部' }));
    await store.load([...companies, { company_id: 'o5', name: 'o5', industry: 'it', employee_count: 15 }], [...sixth, ...newcomers].map((f) => fakeResult(f)), run());
    const v2 = await render();
    expect(methodValue(v2, 'publication')).toMatch(/^version 2 /);
    const jc = (t: Awaited<ReturnType<typeof render>>) => quantiles(themeRow(t, 'job_change')).concat(themeRow(t, 'job_change')[C.bench_companies]!);
    // subtracting the bands would give o5's share: the band of v1 stays
    expect(jc(v2)).toEqual(jc(v1));
    // three more companies later, and acme changes by k again: a new band over them all
    const more = [6, 7, 8].flatMap((c) => Array.from({ length: 12 }, (_, i): FakeSession => ({ company: `o${c}`, employee: `W${i}`, themes: i < 6 ? ['job_change'] : [] })));
    const again = ['M0', 'M1', 'M2', 'M3', 'M4'].map((id): FakeSession => ({ company: 'acme', employee: id, department: '開発部' }));
    await store.load([...companies, ...[6, 7, 8].map((c) => ({ company_id: `o${c}`, name: `o${c}`, industry: 'it', employee_count: 12 }))], [...more, ...again].map((f) => fakeResult(f)), run());
    const v3 = await render();
    expect(methodValue(v3, 'publication')).toMatch(/^version 3 /);
    expect(themeRow(v3, 'job_change')[C.bench_companies]).toBe('9');
  });

  it('lets a company that crosses k enter the bands with its published shares only', async () => {
    // "small" has 4 employees, all on job_change and caregiving; a fifth comes late
    const small = Array.from({ length: 4 }, (_, i): FakeSession => ({ company: 'small', employee: `G${i}`, themes: ['job_change', 'caregiving'] }));
    await companiesOf(5, small);
    const v1 = await render();
    await load([{ company: 'small', employee: 'G4', themes: ['job_change', 'caregiving'] }]);
    const v2 = await render();
    // small now publishes (5 employees) but every share of it is suppressed (5 of 5): no band moves
    expect(themeRow(v2, 'job_change')[C.bench_companies]).toBe('5');
    expect(figures(v2)).toEqual(figures(v1));
  });
});
