/** Emerging themes on synthetic keyword sets: the planted topic found, nothing found without
 * one, and the support rules as an attacker meets them (a cluster said by k − 1 employees, a
 * cluster whose count beside a keyword's counts a handful). */
import { describe, expect, it } from 'vitest';
import type { ThemeId } from '../themes.js';
import { emergingRows, findEmerging as findInSets, keywordSetsOf, type EmergingCluster, type EmergingOptions, type KeywordRows } from './emerging.js';

/** The store's compact sets, made of rows (as the store makes them of its tables). */
const findEmerging = (rows: KeywordRows, o: EmergingOptions) => findInSets(keywordSetsOf(rows), o);

const K = 5;
const SEP = '2026-09';
const OCT = '2026-10';
/** Everyday background words, spread at random over every employee (no topic). */
const BACKGROUND = ['残業', '評価', '異動', '資格', '育児', '通勤', '会議', '出張', '研修', '面談', '目標', '給与'];
const TOPIC = ['自動化', '人工知能', '代替', '機械'];

/** A deterministic pseudo-random stream (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `planted[company][month]`: employees who say the topic (two or three of its words). */
function corpus(companies: string[], staff: number, planted: Record<string, Partial<Record<string, number>>>, themeOfPlanted?: ThemeId): KeywordRows {
  const r = rng(7);
  const sets: KeywordRows = { words: [], themes: [], employees: [] };
  for (const c of companies) {
    for (const month of [SEP, OCT]) {
      for (let e = 0; e < staff; e++) {
        const pid = `${c}-${month}-${e}`;
        sets.employees.push({ company_id: c, month, employee_pid: pid });
        const words = new Set(BACKGROUND.filter(() => r() < 0.25));
        if (e < (planted[c]?.[month] ?? 0)) {
          const start = Math.floor(r() * TOPIC.length);
          // three of the four words each (a ring of pairs would split into two communities)
          const n = Math.max(3, 2 + Math.floor(r() * 2));
          for (let i = 0; i < n; i++) words.add(TOPIC[(start + i) % TOPIC.length]!);
          if (themeOfPlanted) sets.themes.push({ company_id: c, month, employee_pid: pid, theme: themeOfPlanted });
        }
        if (r() < 0.3) sets.themes.push({ company_id: c, month, employee_pid: pid, theme: 'career_path' });
        for (const keyword of [...words].sort()) sets.words.push({ company_id: c, month, employee_pid: pid, keyword });
      }
    }
  }
  return sets;
}

const notCovered = () => false;
const opts = (company: string | null) => ({ k: K, window: [OCT], previous: [SEP], company, covered: notCovered });
const PLANTED = { A: { [SEP]: 2, [OCT]: 10 }, B: { [SEP]: 1, [OCT]: 9 }, C: { [SEP]: 2, [OCT]: 8 } };

describe('findEmerging', () => {
  it('finds the planted topic platform-wide: one cluster of its words, rising, in three companies', () => {
    const found = findEmerging(corpus(['A', 'B', 'C', 'D'], 30, PLANTED), opts(null));
    expect(found).toHaveLength(1);
    const c = found[0]!;
    expect([...c.keywords].sort()).toEqual([...TOPIC].sort());
    expect(c).toMatchObject({ employees: 27, base: 120, companies: 3, trend: 'rising', previous: 5, previous_base: 120 });
    expect(c.name).toHaveLength(3);
    expect(c.months).toEqual([{ month: SEP, employees: 5 }, { month: OCT, employees: 27 }]);
  });

  it("finds it in a company's own window (k or more of its employees, k or more not)", () => {
    const found = findEmerging(corpus(['A', 'B', 'C', 'D'], 30, PLANTED), opts('A'));
    expect(found.map((c) => [c.employees, c.base, c.trend])).toEqual([[10, 30, 'rising']]);
    expect(findEmerging(corpus(['A', 'B', 'C', 'D'], 30, PLANTED), opts('D'))).toEqual([]);
  });

  it('finds nothing on a corpus without a topic', () => {
    expect(findEmerging(corpus(['A', 'B', 'C', 'D'], 30, {}), opts(null))).toEqual([]);
    for (const c of ['A', 'B', 'C', 'D']) expect(findEmerging(corpus(['A', 'B', 'C', 'D'], 30, {}), opts(c))).toEqual([]);
  });

  it('a topic said by k − 1 employees of a company is not a cluster of that company', () => {
    const sets = corpus(['A'], 30, { A: { [SEP]: K - 1, [OCT]: K - 1 } });
    expect(findEmerging(sets, opts('A'))).toEqual([]);
    // found for A (the graph is there), but D's k − 1 are not D's topic: ten of D's employees
    // say 人工知能 (a word D's report may show), only four of them with another word of it
    const withD = corpus(['A', 'B', 'C', 'D'], 40, { A: { [SEP]: 2, [OCT]: 16 }, B: { [SEP]: 2, [OCT]: 14 }, C: { [SEP]: 2, [OCT]: 14 } });
    for (let e = 0; e < 10; e++) {
      const pid = `D-${OCT}-${e}`;
      withD.words.push({ company_id: 'D', month: OCT, employee_pid: pid, keyword: '人工知能' });
      if (e < K - 1) withD.words.push({ company_id: 'D', month: OCT, employee_pid: pid, keyword: '自動化' });
    }
    expect(findEmerging(withD, opts('A')).length).toBeGreaterThan(0);
    expect(findEmerging(withD, opts('D'))).toEqual([]);
    // and twelve of them in each of two months is one (present twice, not rising; B, C and D do
    // not say it, so it stands out in A)
    const steady = findEmerging(corpus(['A', 'B', 'C', 'D'], 60, { A: { [SEP]: 12, [OCT]: 12 } }), opts('A'));
    // (a ring of four words that few say all of may come out as two pairs: each of its own)
    expect(steady.length).toBeGreaterThanOrEqual(1);
    for (const c of steady) {
      expect(c.trend).toBe('steady');
      expect(c.employees).toBeGreaterThanOrEqual(K);
      expect(c.employees).toBeLessThanOrEqual(12);
      expect(c.keywords.every((w) => TOPIC.includes(w))).toBe(true);
    }
  });

  it('a topic said by all but k − 1 employees of a company is not shown for it (the with-and-without rule)', () => {
    // (a topic most employees of the window say is no co-occurrence beyond chance: D is one
    // company of four of 80 each)
    const sets = corpus(['A', 'B', 'C', 'D'], 80, { A: { [SEP]: 2, [OCT]: 16 }, B: { [SEP]: 2, [OCT]: 14 }, C: { [SEP]: 2, [OCT]: 14 }, D: { [OCT]: 80 - (K - 1) } });
    expect(findEmerging(sets, opts('A')).length).toBeGreaterThan(0);
    expect(findEmerging(sets, opts('D'))).toEqual([]);
  });

  it('platform-wide, k employees in fewer than three companies is not enough', () => {
    const two = { A: { [SEP]: 2, [OCT]: 10 }, B: { [SEP]: 1, [OCT]: 9 }, C: { [SEP]: 0, [OCT]: K - 1 } };
    expect(findEmerging(corpus(['A', 'B', 'C', 'D'], 30, two), opts(null))).toEqual([]);
  });

  it('a topic once in the present month only and not rising is not emerging', () => {
    // 5 now and 4 before: neither rising (+1) nor present (k) in two months
    expect(findEmerging(corpus(['A'], 30, { A: { [SEP]: K - 1, [OCT]: K } }), opts('A'))).toEqual([]);
  });

  it('words a theme covers, or a cluster a theme covers, are not emerging', () => {
    const sets = corpus(['A', 'B', 'C', 'D'], 30, PLANTED);
    expect(findEmerging(sets, { ...opts(null), covered: (w) => TOPIC.includes(w) })).toEqual([]);
    // every employee of it tagged skills_learning (rare elsewhere): the taxonomy has it already
    const tagged = corpus(['A', 'B', 'C', 'D'], 30, PLANTED, 'skills_learning');
    expect(findEmerging(tagged, opts(null))).toEqual([]);
  });
});

/** Adds `words` to employees `from`..`to` − 1 of a company's month in a corpus (its pids). */
function say(sets: KeywordRows, company: string, month: string, from: number, to: number, words: readonly string[]) {
  for (let e = from; e < to; e++) for (const keyword of words) sets.words.push({ company_id: company, month, employee_pid: `${company}-${month}-${e}`, keyword });
}
const PHRASE = ['ランニング', '趣味'];
const topics = (found: readonly EmergingCluster[]) => found.map((c) => [...c.keywords].sort().join('/'));

describe('findEmerging: a cluster must be new against a baseline (the window before, or the rest of the platform)', () => {
  it('drops a phrase every company says at the same rate month after month; the planted topic beside it stays', () => {
    const sets = corpus(['A', 'B', 'C', 'D'], 30, PLANTED);
    // six of thirty in every company and month, always together: it passes support and time
    for (const c of ['A', 'B', 'C', 'D']) for (const m of [SEP, OCT]) say(sets, c, m, 20, 26, PHRASE);
    expect(topics(findEmerging(sets, opts(null)))).toEqual([[...TOPIC].sort().join('/')]);
    expect(topics(findEmerging(sets, opts('A')))).toEqual([[...TOPIC].sort().join('/')]);
    expect(findEmerging(sets, opts('D'))).toEqual([]);
  });

  it('keeps the same phrase where one company says it far more than the rest, month after month', () => {
    const sets = corpus(['A', 'B', 'C', 'D'], 30, {});
    for (const c of ['B', 'C', 'D']) for (const m of [SEP, OCT]) say(sets, c, m, 20, 22, PHRASE);
    for (const m of [SEP, OCT]) say(sets, 'A', m, 10, 22, PHRASE);
    const a = findEmerging(sets, opts('A'));
    expect(topics(a)).toEqual([[...PHRASE].sort().join('/')]);
    expect(a[0]).toMatchObject({ employees: 12, trend: 'steady' });
    // platform-wide it stands out in one company, not three
    expect(findEmerging(sets, opts(null))).toEqual([]);
    // with only two other companies there is no rest to stand out against (as for a benchmark)
    const three = corpus(['A', 'B', 'C'], 30, {});
    for (const c of ['B', 'C']) for (const m of [SEP, OCT]) say(three, c, m, 20, 22, PHRASE);
    for (const m of [SEP, OCT]) say(three, 'A', m, 10, 22, PHRASE);
    expect(findEmerging(three, opts('A'))).toEqual([]);
  });

  it('drops a rise in one company that the platform does not share and that does not stand out there', () => {
    const sets = corpus(['A', 'B', 'C', 'D'], 30, {});
    for (const c of ['B', 'C', 'D']) for (const m of [SEP, OCT]) say(sets, c, m, 20, 26, PHRASE);
    // A: 1 → 8 of 30 (rising at p < 0.05, by k), beside 6 of 30 in each other company
    say(sets, 'A', SEP, 20, 21, PHRASE);
    say(sets, 'A', OCT, 20, 28, PHRASE);
    expect(findEmerging(sets, opts('A'))).toEqual([]);
  });

  it('keeps a topic rising in every company, although no company stands out', () => {
    const even = { [SEP]: 1, [OCT]: 10 };
    const sets = corpus(['A', 'B', 'C', 'D'], 30, { A: even, B: even, C: even, D: even });
    for (const c of ['A', 'B', 'C', 'D']) expect(findEmerging(sets, opts(c)).map((x) => [x.employees, x.trend])).toEqual([[10, 'rising']]);
    expect(findEmerging(sets, opts(null)).map((x) => [x.employees, x.companies, x.trend])).toEqual([[40, 4, 'rising']]);
  });

  it("compares a phrase in English among those who speak English: a company with more of them is no topic's", () => {
    const sets = corpus(['A', 'B', 'C', 'D'], 30, {});
    // A: 24 English speakers, the others 6; half of each says the phrase, both months
    for (const m of [SEP, OCT]) {
      say(sets, 'A', m, 0, 24, ['commute']);
      say(sets, 'A', m, 0, 12, ['gym', 'hobby']);
      for (const c of ['B', 'C', 'D']) {
        say(sets, c, m, 0, 6, ['commute']);
        say(sets, c, m, 0, 3, ['gym', 'hobby']);
      }
    }
    expect(findEmerging(sets, opts('A'))).toEqual([]);
    // said by half of A's English speakers and by none elsewhere: A's
    const only = corpus(['A', 'B', 'C', 'D'], 30, {});
    for (const m of [SEP, OCT]) {
      say(only, 'A', m, 0, 24, ['commute']);
      say(only, 'A', m, 0, 12, ['gym', 'hobby']);
      for (const c of ['B', 'C', 'D']) say(only, c, m, 0, 6, ['commute']);
    }
    expect(topics(findEmerging(only, opts('A')))).toEqual(['gym/hobby']);
  });
});

describe('findEmerging: the rest of the platform a company is measured against (attacks)', () => {
  it("a company's list never turns on what the employees of one other company say", () => {
    // A's topic rises; only B is beside it: whatever B's employees say, A's list is the same
    const lists = [0, 2, 5, 8].flatMap((bSep) =>
      Array.from({ length: 11 }, (_, bOct) => JSON.stringify(findEmerging(corpus(['A', 'B'], 30, { A: { [SEP]: 2, [OCT]: 9 }, B: { [SEP]: bSep, [OCT]: bOct } }), opts('A')))),
    );
    expect(new Set(lists).size).toBe(1);
  });

  it('nor on companies with fewer than k speakers of its language, nor below the minimum of companies asked for', () => {
    // three more companies, but two of them with k − 1 employees each: the rest is one company
    const sets = corpus(['A', 'B'], 30, { A: { [SEP]: 2, [OCT]: 9 }, B: { [SEP]: 2, [OCT]: 9 } });
    for (const c of ['C', 'D']) for (const month of [SEP, OCT]) for (let e = 0; e < K - 1; e++) {
      sets.employees.push({ company_id: c, month, employee_pid: `${c}-${month}-${e}` });
      sets.words.push({ company_id: c, month, employee_pid: `${c}-${month}-${e}`, keyword: '残業' });
    }
    expect(findEmerging(sets, opts('A'))).toEqual([]);
    // four companies of 30 (a rest of three): found; asked for a rest of five (a benchmark's
    // minimum), not
    const four = corpus(['A', 'B', 'C', 'D'], 30, PLANTED);
    expect(findEmerging(four, opts('A')).length).toBeGreaterThan(0);
    expect(findEmerging(four, { ...opts('A'), restMinCompanies: 5 })).toEqual([]);
  });
});

describe('emergingRows (what a company report shows)', () => {
  const cluster = (keywords: string[], employees: number): EmergingCluster => ({
    keywords, name: keywords, employees, base: 30, share: employees / 30, companies: 1, previous: 0, previous_base: 30,
    months: [], trend: 'rising', nearest_theme: null,
  });
  it('leaves out a cluster whose employees differ from a shown keyword count by fewer than k', () => {
    // 8 used 自動化 (shown), 10 used both words of the cluster? impossible; 12 used 自動化 and the
    // cluster has 10: 12 − 10 = 2 employees said 自動化 without 人工知能
    const shown = new Map([['自動化', 12]]);
    expect(emergingRows([cluster(['自動化', '人工知能'], 10)], shown, K)).toEqual([]);
    expect(emergingRows([cluster(['自動化', '人工知能'], 7)], shown, K)).toEqual([
      { rank: 1, keywords: ['自動化', '人工知能'], employees: 7, share: 7 / 30, trend: 'rising' },
    ]);
    expect(emergingRows([cluster(['自動化', '人工知能'], 12)], shown, K)).toHaveLength(1);
  });
});

