/** Emerging themes: clusters of vocabulary keywords that co-occur across distinct employees and
 * that no taxonomy theme covers — a worry many employees raise (a reorganisation, generative AI
 * taking over tasks) that the fifteen themes do not name. Pure over the store's keyword sets
 * (ports/analytics-store.ts: `keywordSets`).
 *
 * 1. Candidate words: the keywords stored per session (vocabulary only: pipeline/analyze/
 *    keywords.ts never stores a name, a proper noun or an unknown word), minus everyday words
 *    (keywords.ts: isEveryday) and the words a theme of the lexicon covers (a term, or a match
 *    of a theme's pattern), used by at least k employees of the window.
 * 2. A graph of candidates over every employee of the window (a company alone has too few to
 *    tell a topic from chance): an edge where two words are said by the same employees, at
 *    least MIN_CO of them, at least MIN_ASSOCIATION times as often as chance would have it,
 *    beyond chance (Poisson upper tail < MAX_CO_P) and a Jaccard of at least MIN_JACCARD;
 *    Louvain communities of that graph
 *    (graphology-communities-louvain, seeded: same data, same clusters).
 * 3. A cluster's employees: those who used at least two of its words. It qualifies with
 *    - support: a company: k employees or more, and k or more who are not; the platform: k or
 *      more employees in each of at least `minCompanies` companies;
 *    - no theme covering it: no theme is present for at least half of its employees at 1.5
 *      times its share among all employees of the scope;
 *    - time: rising (more employees than in the window before, beyond the noise and by at least
 *      k: keywords.ts isRising) or present (k employees or more) in at least two months of the
 *      window and the one before;
 *    - new against a baseline, in time or across the platform (a phrase every company's
 *      employees say month after month at the same rate — small talk, rescheduling — passes
 *      every rule above at scale, and is no topic of the scope's):
 *      a company: over-represented against the rest of the platform (`distinctive`: lift of at
 *      least MIN_NOVEL_LIFT and beyond chance, Poisson upper tail < MAX_NOVEL_P; the rest at
 *      least `restMinCompanies` companies with k or more speakers), or rising in
 *      the company while it rises platform-wide (one company's rise alone, the platform steady,
 *      is one test among many clusters and companies: at p < 0.05 some background phrase rises
 *      by chance somewhere; a real rise in one company makes it distinctive there);
 *      the platform: rising platform-wide, or distinctive in at least `minCompanies` companies
 *      (a topic some companies raise far more than the rest, month after month). Shares are
 *      taken among the employees who speak the cluster's language (by its words' script).
 * 4. Named by its top words (by employees; for a company only words its report may show: k or
 *    more of its employees, and k or more not); rising clusters first, then the largest. */
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { THEME_IDS, type ThemeId } from '../themes.js';
import type { Lexicons } from '../analyze/lexicon.js';
import { isEveryday, isRising, lift, smoothedShare } from './keywords.js';
import { mulberry32 } from '../random.js';

/** `rising`: more employees than in the window before, beyond the noise and by at least k;
 * `steady`: present (k employees or more) in two or more months. */
export type EmergingTrend = 'rising' | 'steady';
export const EMERGING_TRENDS = ['rising', 'steady'] as const satisfies readonly EmergingTrend[];

/** A new topic as a company report shows it. */
export interface EmergingTopicRow {
  rank: number;
  /** The cluster's name: its top keywords, each one a keyword the report may show. */
  keywords: string[];
  /** Distinct employees who used at least two of its keywords. */
  employees: number;
  share: number;
  trend: EmergingTrend;
}

/** What the store gives (ports/analytics-store.ts: `keywordSets`), compact: every employee of
 * the months once per month, the words used, and each use and each theme present as indexes
 * into them. A store of 50,000 sessions holds about a million such uses; as row objects with
 * their own strings they took hundreds of MB, as indexes a few. */
export interface KeywordSets {
  employees: { company_id: string; month: string; employee_pid: string }[];
  vocabulary: string[];
  /** Use i: employee `employee[i]` (into employees) said word `word[i]` (into vocabulary). */
  uses: { employee: Uint32Array; word: Uint32Array };
  /** Theme i: employee `employee[i]` had theme THEME_IDS[`theme[i]`]. */
  themes: { employee: Uint32Array; theme: Uint8Array };
}

/** The same as rows (tests, small stores): `keywordSetsOf` makes the compact form. */
export interface KeywordRows {
  words: { company_id: string; month: string; employee_pid: string; keyword: string }[];
  themes: { company_id: string; month: string; employee_pid: string; theme: ThemeId }[];
  employees: { company_id: string; month: string; employee_pid: string }[];
}

export function keywordSetsOf(rows: KeywordRows): KeywordSets {
  const at = new Map(rows.employees.map((e, i) => [JSON.stringify([e.company_id, e.month, e.employee_pid]), i]));
  const employeeOf = (r: { company_id: string; month: string; employee_pid: string }) => {
    const i = at.get(JSON.stringify([r.company_id, r.month, r.employee_pid]));
    if (i === undefined) throw new Error(`keyword sets: ${r.company_id}/${r.month}/${r.employee_pid} is no employee of the sets`);
    return i;
  };
  const vocabulary = [...new Set(rows.words.map((r) => r.keyword))].sort();
  const wordAt = new Map(vocabulary.map((w, i) => [w, i]));
  return {
    employees: rows.employees,
    vocabulary,
    uses: { employee: Uint32Array.from(rows.words, employeeOf), word: Uint32Array.from(rows.words, (r) => wordAt.get(r.keyword)!) },
    themes: { employee: Uint32Array.from(rows.themes, employeeOf), theme: Uint8Array.from(rows.themes, (r) => THEME_IDS.indexOf(r.theme)) },
  };
}

/** Two words are linked when at least this many employees said both... */
export const MIN_CO = 3;
/** ...at least this many times as often as if they were said independently. */
export const MIN_ASSOCIATION = 2;
/** A theme covers a cluster when present for at least this share of its employees... */
export const COVER_SHARE = 0.5;
/** ...and this many times its share among all employees of the scope. */
export const COVER_LIFT = 1.5;
/** The words a cluster is named by. */
export const NAME_WORDS = 3;
/** Companies a platform-wide topic needs, each with k employees or more. */
export const PLATFORM_MIN_COMPANIES = 3;
/** A scope's cluster is distinctive when its share there is at least this many times its
 * (smoothed) share among the rest of the platform's employees... */
export const MIN_NOVEL_LIFT = 1.5;
/** ...and its count there this unlikely at the rest's share (Poisson upper tail): strict, since
 * every cluster is tested in every company. */
export const MAX_NOVEL_P = 0.001;

export interface EmergingOptions {
  k: number;
  /** The window's months and the months of the window before it. */
  window: readonly string[];
  previous: readonly string[];
  /** One company, or every company (the platform-wide list). */
  company: string | null;
  minCompanies?: number;
  /** The companies, besides the scope's, with k or more speakers of a cluster's language that a
   * company's cluster is measured against (as a benchmark's minimum: HONNE_BENCHMARK_MIN_COMPANIES);
   * PLATFORM_MIN_COMPANIES when absent. */
  restMinCompanies?: number;
  /** Whether a theme of the taxonomy covers a word (its lexicon term or pattern). */
  covered: (keyword: string) => boolean;
}

export interface EmergingCluster {
  /** Every word of the cluster, most employees first. */
  keywords: string[];
  name: string[];
  employees: number;
  base: number;
  share: number;
  /** Companies with k employees or more in it. */
  companies: number;
  previous: number;
  previous_base: number;
  /** Employees per month of the window before and the window (the counts a platform list shows). */
  months: { month: string; employees: number }[];
  trend: EmergingTrend;
  /** The theme most present among its employees and its share there (how close the taxonomy comes). */
  nearest_theme: { theme: ThemeId; share: number } | null;
}

/** The package is CommonJS (`module.exports = fn`) with an ES `export default` in its types:
 * Node hands the function over as the default import, which the types call `.default`. */
const louvain = louvainModule as unknown as (typeof louvainModule)['default'];

const key = (company: string, pid: string) => `${company}\u0000${pid}`;


/** P(X ≥ c) for X ~ Poisson(λ): how surprising c employees saying both words are, when λ
 * would say both by chance. */
export function poissonUpperTail(c: number, lambda: number): number {
  if (c <= 0) return 1;
  let term = Math.exp(-lambda);
  let below = term;
  for (let i = 1; i < c; i++) {
    term *= lambda / i;
    below += term;
  }
  return Math.max(0, 1 - below);
}

/** Whether `n` of a scope's `base` employees is over-represented against `rest` of the other
 * `restBase` employees of the platform (none: nothing to compare with, so no). */
export function distinctive(n: number, base: number, rest: number, restBase: number): boolean {
  if (restBase <= 0 || base <= 0) return false;
  const others = smoothedShare(rest, restBase);
  return lift(n, base, others) >= MIN_NOVEL_LIFT && poissonUpperTail(n, base * others) < MAX_NOVEL_P;
}

/** Two words are linked only when saying both is this unlikely by chance... */
export const MAX_CO_P = 0.001;
/** ...and when those who said both are at least this share of those who said either (Jaccard):
 * with many employees nearly every pair is "beyond chance", and a word many say (導入, 制度)
 * would tie every topic it touches into one. */
export const MIN_JACCARD = 0.2;

/** Clusters are found over every employee of the window (the most evidence there is: a company
 * alone has too few employees to tell a topic from chance), then each is counted in the scope:
 * one company (`company`) or all of them (null). */
interface Discovery {
  windowWords: Map<string, Set<string>>;
  windowStaff: Set<string>;
  previousStaff: Set<string>;
  /** The window's employees who used a word in Latin script (true) or in another (false). */
  speakers: Map<boolean, string[]>;
  /** The communities: each its words sorted, and every employee of the platform who used two or
   * more of them, in the window, the window before and each month (what each scope filters). */
  groups: Group[];
}
interface Group {
  members: string[];
  window: string[];
  previous: string[];
  months: Map<string, string[]>;
}

/** Whether a word is in Latin script (digits and punctuation aside): the language a word
 * stands for, the store keeping no session language with the keywords. */
const latin = (w: string) => /^[\p{Script=Latin}\p{N}\p{P}\s]+$/u.test(w);

/** One discovery per keyword sets, window and rule: a report run asks for every company. */
const discoveries = new WeakMap<KeywordSets, Map<string, Discovery>>();

function discover(sets: KeywordSets, opts: EmergingOptions): Discovery {
  const memo = discoveries.get(sets) ?? new Map<string, Discovery>();
  discoveries.set(sets, memo);
  const id = JSON.stringify([opts.k, opts.window, opts.previous]);
  const known = memo.get(id);
  if (known) return known;
  const { k } = opts;
  const win = new Set(opts.window);
  const prev = new Set(opts.previous);
  // every employee of the window and of the window before, and each one's words there
  const windowWords = new Map<string, Set<string>>();
  const previousWords = new Map<string, Set<string>>();
  const monthWords = new Map<string, Map<string, Set<string>>>();
  const windowStaff = new Set<string>();
  const previousStaff = new Set<string>();
  // one key per employee (a company and a pseudonym), shared by their months' rows
  const keys = new Map<string, string>();
  const idOf = sets.employees.map((e) => {
    const id = key(e.company_id, e.employee_pid);
    const known = keys.get(id);
    if (known !== undefined) return known;
    keys.set(id, id);
    return id;
  });
  sets.employees.forEach((e, i) => {
    if (win.has(e.month)) windowStaff.add(idOf[i]!);
    if (prev.has(e.month)) previousStaff.add(idOf[i]!);
  });
  const add = (m: Map<string, Set<string>>, id: string, w: string) => m.set(id, (m.get(id) ?? new Set()).add(w));
  const { employee: usedBy, word: usedWord } = sets.uses;
  for (let u = 0; u < usedBy.length; u++) {
    const e = usedBy[u]!;
    const id = idOf[e]!;
    const month = sets.employees[e]!.month;
    const w = sets.vocabulary[usedWord[u]!]!;
    if (win.has(month)) add(windowWords, id, w);
    if (prev.has(month)) add(previousWords, id, w);
    if (win.has(month) || prev.has(month)) {
      const byMonth = monthWords.get(month) ?? new Map<string, Set<string>>();
      add(byMonth, id, w);
      monthWords.set(month, byMonth);
    }
  }
  const everyone = windowStaff.size;

  // 1. candidate words: k employees or more of the window, no everyday word, none a theme covers
  const support = new Map<string, number>();
  for (const ws of windowWords.values()) for (const w of ws) support.set(w, (support.get(w) ?? 0) + 1);
  const candidates = new Set([...support].filter(([w, n]) => n >= k && !isEveryday(w) && !opts.covered(w)).map(([w]) => w));

  // 2. the co-occurrence graph over every employee, and its communities; a pair of words is
  // counted under one number (their ranks in sorted order), not a string of both
  const ranked = [...candidates].sort();
  const rank = new Map(ranked.map((w, i) => [w, i]));
  const co = new Map<number, number>();
  for (const ws of windowWords.values()) {
    const list: number[] = [];
    for (const w of ws) {
      const r = rank.get(w);
      if (r !== undefined) list.push(r);
    }
    list.sort((a, b) => a - b);
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) {
      const pair = list[i]! * ranked.length + list[j]!;
      co.set(pair, (co.get(pair) ?? 0) + 1);
    }
  }
  const graph = new UndirectedGraph();
  for (const [pair, n] of [...co].sort(([a], [b]) => a - b)) {
    const a = ranked[Math.floor(pair / ranked.length)]!;
    const b = ranked[pair % ranked.length]!;
    const na = support.get(a)!;
    const nb = support.get(b)!;
    const expected = (na * nb) / everyone;
    const jaccard = n / (na + nb - n);
    if (n < MIN_CO || jaccard < MIN_JACCARD || n < MIN_ASSOCIATION * expected || poissonUpperTail(n, expected) >= MAX_CO_P) continue;
    if (!graph.hasNode(a)) graph.addNode(a);
    if (!graph.hasNode(b)) graph.addNode(b);
    graph.addEdge(a, b, { weight: jaccard });
  }
  const groups = new Map<number, string[]>();
  if (graph.order > 0) {
    const community = louvain(graph, { getEdgeWeight: 'weight', rng: mulberry32(20261206) /* a fixed seed: the same graph gives the same communities */ });
    for (const node of [...graph.nodes()].sort()) groups.set(community[node]!, [...(groups.get(community[node]!) ?? []), node]);
  }
  // every community's employees who said two or more of its words, in one pass over each
  // employee's words (not a pass over every employee per community)
  const communities = [...groups.values()];
  const groupOf = new Map<string, number>();
  communities.forEach((members, g) => members.forEach((w) => groupOf.set(w, g)));
  const said = (byEmployee: ReadonlyMap<string, ReadonlySet<string>>) => {
    const ids = communities.map((): string[] => []);
    const count = new Map<number, number>();
    for (const [id, ws] of byEmployee) {
      count.clear();
      for (const w of ws) {
        const g = groupOf.get(w);
        if (g === undefined) continue;
        const n = (count.get(g) ?? 0) + 1;
        count.set(g, n);
        if (n === 2) ids[g]!.push(id);
      }
    }
    return ids;
  };
  const script = new Map<string, boolean>();
  const latinWord = (w: string) => script.get(w) ?? script.set(w, latin(w)).get(w)!;
  const speaks = (id: string, l: boolean) => {
    for (const w of windowWords.get(id) ?? []) if (latinWord(w) === l) return true;
    return false;
  };
  const inWindow = said(windowWords);
  const inPrevious = said(previousWords);
  const inMonth = new Map([...monthWords].map(([m, byEmployee]) => [m, said(byEmployee)]));
  const found: Discovery = {
    windowWords, windowStaff, previousStaff,
    speakers: new Map([true, false].map((l) => [l, [...windowStaff].filter((id) => speaks(id, l))])),
    groups: communities.map((members, g) => ({
      members,
      window: inWindow[g]!,
      previous: inPrevious[g]!,
      months: new Map([...inMonth].map(([m, ids]) => [m, ids[g]!])),
    })),
  };
  memo.set(id, found);
  return found;
}

/** Clusters are found over every employee of the window (the most evidence there is: a company
 * alone has too few employees to tell a topic from chance), then each is counted in the scope:
 * one company (`company`) or all of them (null). */
export function findEmerging(sets: KeywordSets, opts: EmergingOptions): EmergingCluster[] {
  const { k } = opts;
  const win = new Set(opts.window);
  const inScope = (company: string) => opts.company === null || company === opts.company;
  const { windowWords, windowStaff, previousStaff, speakers, groups } = discover(sets, opts);
  const companyOf = (id: string) => id.slice(0, id.indexOf('\u0000'));
  const scopeIds = [...windowStaff].filter((id) => inScope(companyOf(id)));
  const base = scopeIds.length;
  if (base === 0 || groups.length === 0) return [];
  // every company's employees in the window and the window before (the baselines of novelty)
  const staffOf = (ids: Iterable<string>) => {
    const m = new Map<string, number>();
    for (const id of ids) m.set(companyOf(id), (m.get(companyOf(id)) ?? 0) + 1);
    return m;
  };
  // Compared among the employees who speak the cluster's language: a company where more
  // employees talk in English says more English phrases, which is no topic of its.
  // (one population per script, counted once: every cluster of the scope asks)
  const populations = new Map<string, { staff: Map<string, number>; everyone: number }>();
  const populationOf = (members: readonly string[]) => {
    const l = latin(members[0]!);
    const which = members.every((w) => latin(w) === l) ? String(l) : 'both';
    const known = populations.get(which);
    if (known) return known;
    const ids = which === 'both' ? [...windowStaff] : speakers.get(l)!;
    const population = { staff: staffOf(ids), everyone: ids.length };
    populations.set(which, population);
    return population;
  };

  // theme shares among the scope's employees (for coverage)
  const themesOf = new Map<string, Set<ThemeId>>();
  for (let i = 0; i < sets.themes.employee.length; i++) {
    const e = sets.employees[sets.themes.employee[i]!]!;
    if (!win.has(e.month) || !inScope(e.company_id)) continue;
    const id = key(e.company_id, e.employee_pid);
    themesOf.set(id, (themesOf.get(id) ?? new Set()).add(THEME_IDS[sets.themes.theme[i]!]!));
  }
  const themeShare = (ids: readonly string[], theme: ThemeId) => ids.filter((id) => themesOf.get(id)?.has(theme)).length / Math.max(1, ids.length);
  const scopeShare = new Map(THEME_IDS.map((theme) => [theme, themeShare(scopeIds, theme)]));
  // a word's employees in the scope (what a company may be shown: k or more, and k or more not)
  const scopeUse = (w: string) => scopeIds.filter((id) => windowWords.get(id)?.has(w)).length;

  const pbase = [...previousStaff].filter((id) => inScope(companyOf(id))).length;

  // 3. the clusters that qualify in the scope
  const out: EmergingCluster[] = [];
  const scoped = (ids: readonly string[]) => (opts.company === null ? ids : ids.filter((id) => companyOf(id) === opts.company));
  for (const { members, window: everywhere, previous, months: byMonth } of groups) {
    if (members.length < 2) continue;
    const ids = everywhere.filter((id) => inScope(companyOf(id)));
    const n = ids.length;
    const perCompany = staffOf(everywhere);
    const companies = [...perCompany].filter(([c, m]) => inScope(c) && m >= k).length;
    const supported = opts.company === null ? companies >= (opts.minCompanies ?? PLATFORM_MIN_COMPANIES) : n >= k && base - n >= k;
    if (!supported) continue;
    const themeShares = THEME_IDS.map((theme) => ({ theme, share: themeShare(ids, theme), base: scopeShare.get(theme)! }));
    if (themeShares.some((t) => t.share >= COVER_SHARE && t.share >= COVER_LIFT * t.base)) continue;
    const months = [...opts.previous, ...opts.window].map((month) => ({ month, employees: scoped(byMonth.get(month) ?? []).length }));
    const pn = scoped(previous).length;
    const rising = pbase > 0 && isRising(n, base, pn, pbase, k);
    const present = months.filter((m) => m.employees >= k).length;
    if (!rising && present < 2) continue;
    // new against a baseline: the window before (rising), or the rest of the platform
    const total = everywhere.length;
    const { staff: companyStaff, everyone } = populationOf(members);
    // (like a benchmark, the rest is never a few companies, and a company counts in it with k or
    // more speakers: a company's list does not turn on what a handful of employees elsewhere say)
    const restOk = (c: string) => [...companyStaff].filter(([o, m]) => o !== c && m >= k).length >= (opts.restMinCompanies ?? PLATFORM_MIN_COMPANIES);
    const standsOut = (c: string) =>
      restOk(c) &&
      distinctive(perCompany.get(c) ?? 0, companyStaff.get(c) ?? 0, total - (perCompany.get(c) ?? 0), everyone - (companyStaff.get(c) ?? 0));
    const risingPlatform = () => previousStaff.size > 0 && isRising(total, windowStaff.size, previous.length, previousStaff.size, k);
    const novel = opts.company === null
      ? rising || [...perCompany].filter(([c, m]) => m >= k && standsOut(c)).length >= (opts.minCompanies ?? PLATFORM_MIN_COMPANIES)
      : standsOut(opts.company) || (rising && restOk(opts.company) && risingPlatform());
    if (!novel) continue;
    // named by the words its employees used most; for one company only by words that company's
    // report may show (k or more of its employees, and k or more not)
    const used = (w: string) => ids.filter((id) => windowWords.get(id)!.has(w)).length;
    const nameable = members.filter((w) => opts.company === null || (scopeUse(w) >= k && base - scopeUse(w) >= k));
    if (nameable.length === 0) continue;
    const keywords = nameable.map((w) => [w, used(w)] as const).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
    const nearest = themeShares.filter((t) => t.share > 0).sort((a, b) => b.share - a.share || THEME_IDS.indexOf(a.theme) - THEME_IDS.indexOf(b.theme))[0];
    out.push({
      keywords,
      name: keywords.slice(0, NAME_WORDS),
      employees: n,
      base,
      share: n / base,
      companies: opts.company === null ? companies : 1,
      previous: pn,
      previous_base: pbase,
      months,
      trend: rising ? 'rising' : 'steady',
      nearest_theme: nearest ? { theme: nearest.theme, share: nearest.share } : null,
    });
  }
  // what is new first: rising clusters, then those present month after month; larger first
  const rank = (c: EmergingCluster) => (c.trend === 'rising' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || b.employees - a.employees || (a.name.join() < b.name.join() ? -1 : 1));
}

/** The clusters a company report may show: besides findEmerging's rules, a cluster whose
 * employees differ from the count of one of its words that the report shows (`shown`: every
 * keyword count of the report) by fewer than k is left out: subtracting the two would count a
 * handful of employees (for a cluster of two words, those who said one and not the other). */
export function emergingRows(clusters: readonly EmergingCluster[], shown: ReadonlyMap<string, number>, k: number): EmergingTopicRow[] {
  return clusters
    .filter((c) => c.keywords.every((w) => {
      const n = shown.get(w);
      return n === undefined || n === c.employees || Math.abs(n - c.employees) >= k;
    }))
    .map((c, i) => ({ rank: i + 1, keywords: c.name, employees: c.employees, share: c.share, trend: c.trend }));
}

/** Whether a word can be a cluster's at all (step 1 without the support): no everyday word and
 * none a theme covers. Given to the store (`keywordSets`' `keep`) so that the rest never leaves
 * the database: most of the keywords stored are a theme's own words. */
export function candidateWord(covered: (keyword: string) => boolean): (keyword: string) => boolean {
  return (w) => !isEveryday(w) && !covered(w);
}

/** Whether a theme of the lexicon covers a word: one of its terms, or a match of one of its
 * patterns, in either language. A data scientist promotes a cluster by adding its words to a
 * theme in a new lexicon version (prompts/README.md): from then on they are covered. */
export function coveredByLexicon(lexicons: Pick<Lexicons, 'ja' | 'en'>): (keyword: string) => boolean {
  const terms = new Set<string>();
  const patterns: RegExp[] = [];
  for (const lex of [lexicons.ja, lexicons.en]) {
    for (const entry of Object.values(lex.themes)) {
      for (const t of Object.keys(entry.terms)) terms.add(t.toLowerCase());
      for (const p of Object.keys(entry.patterns)) patterns.push(new RegExp(p, 'iu'));
    }
  }
  return (w) => terms.has(w.toLowerCase()) || patterns.some((p) => p.test(w));
}
