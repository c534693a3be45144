/** Keywords that say something: pure functions the report model (model.ts) and the benchmark
 * (benchmark.ts) rank and test keywords with. Nothing here changes which keywords are extracted
 * per session (pipeline/analyze/keywords.ts): everything is decided at report time, so eval
 * figures stay as they were.
 *
 * - Everyday words out: Japanese and English stop-words of `stopwords-iso` (MIT) and a small
 *   versioned list of everyday counselling words (prompts/report-words/VERSION/everyday.json).
 * - Distinctiveness: lift over distinct employees, smoothed:
 *     lift = ((a + α) / (n + 2α)) ÷ ((b + α) / (m + 2α)),  α = 0.5
 *   a of n employees of this company used the keyword; b of m employees of the other companies
 *   did, pooled over their publishable figures (a company's count enters only when it passes
 *   that company's own with-and-without rule; else it counts as 0), over the employees of at
 *   least the benchmark minimum of other companies, and only when at least MICRO_GROUP (3) of
 *   them contribute to b: like a benchmark band, b is never one or two companies' figure.
 * - Rising: the share rose by more than the noise (one-sided two-proportion z-test over distinct
 *   employees, p < 0.05) and by at least k employees, both periods' figures published. */
import stopwords from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };
import everyday from '../../prompts/report-words/2026.12.1/everyday.json' with { type: 'json' };

/** Which everyday-word list the reports leave out (prompts/report-words/). */
export const REPORT_WORDS_VERSION = everyday.version;
/** Smoothing of the lift (Jeffreys-like: half an employee on each side). */
export const LIFT_ALPHA = 0.5;
/** A keyword whose lift is below this is about as common elsewhere: out of the distinctive list. */
export const MIN_LIFT = 1.2;
/** One-sided significance level of the rising test. */
export const RISE_P = 0.05;

const EVERYDAY: ReadonlySet<string> = new Set([
  ...(stopwords as Record<string, string[]>).ja!,
  ...(stopwords as Record<string, string[]>).en!,
  ...everyday.ja,
  ...everyday.en,
]);

/** A stop-word or an everyday word (case-insensitive for English). */
export function isEveryday(keyword: string): boolean {
  return EVERYDAY.has(keyword) || EVERYDAY.has(keyword.toLowerCase());
}

/** The smoothed share of `a` employees of `n`. */
export const smoothedShare = (a: number, n: number, alpha = LIFT_ALPHA) => (a + alpha) / (n + 2 * alpha);

/** How many times more often (as a share of employees) this company's employees used a keyword
 * than the other companies' employees: `others` is their smoothed pooled share. */
export const lift = (a: number, n: number, others: number, alpha = LIFT_ALPHA) => smoothedShare(a, n, alpha) / others;

/** 1 − Φ(z), the standard normal upper tail (erfc by Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** One-sided p-value that the share a/n is above pa/pn by chance alone (pooled two-proportion
 * z-test over distinct employees; 1 when it did not rise). The two periods' employees overlap,
 * which the test ignores: an approximation over published counts, the only ones there are. */
export function riseP(a: number, n: number, pa: number, pn: number): number {
  if (n <= 0 || pn <= 0) return 1;
  const p = (a + pa) / (n + pn);
  const se = Math.sqrt(p * (1 - p) * (1 / n + 1 / pn));
  const diff = a / n - pa / pn;
  if (diff <= 0) return 1;
  if (se === 0) return 1;
  return normalUpperTail(diff / se);
}

/** Rising: more than the noise (p < RISE_P) and by at least k employees. */
export function isRising(a: number, n: number, pa: number, pn: number, k: number): boolean {
  return a - pa >= k && riseP(a, n, pa, pn) < RISE_P;
}

/** What the other companies say about one keyword: the smoothed pooled share when at least
 * `minContributors` of them publish it, else null (`companies`: how many publish it). */
export interface OthersShare {
  companies: number;
  share: number | null;
}

/** The other companies' pooled share of each keyword, over their published reports (`peers`:
 * one per other company: its employees and the keywords its report may show, with their
 * counts). Null when fewer than `minCompanies` other companies have a report: no benchmark.
 * A keyword that fewer than `minContributors` of them publish gets no share (its pool would be
 * one or two companies' counts). */
export function othersShares(
  keywords: readonly string[],
  peers: readonly { employees: number; keywords: ReadonlyMap<string, number> }[],
  minCompanies: number,
  minContributors: number,
): Record<string, OthersShare> | null {
  if (peers.length < minCompanies || peers.length === 0) return null;
  const m = peers.reduce((s, p) => s + p.employees, 0);
  const out: Record<string, OthersShare> = {};
  for (const w of [...keywords].sort()) {
    const counts = peers.flatMap((p) => p.keywords.get(w) ?? []);
    const b = counts.reduce((s, x) => s + x, 0);
    out[w] = { companies: counts.length, share: counts.length >= Math.max(1, minContributors) ? smoothedShare(b, m) : null };
  }
  return out;
}

export interface RankedKeyword {
  rank: number;
  keyword: string;
  employees: number;
  share: number;
  lift: number | null;
  /** pooled: lift against the others' pooled share; few_companies: fewer than MICRO_GROUP other
   * companies publish it (rare elsewhere as far as published figures say; no figure); none: no
   * benchmark (fewer than the benchmark minimum of other companies). */
  elsewhere: 'pooled' | 'few_companies' | 'none';
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The keywords ranked (and numbered) by distinctiveness, everyday and low-lift ones out: keywords rare elsewhere first (by
 * employees), then by lift; without a benchmark, by employees. Ties: more employees, then the
 * keyword. */
export function rankKeywords(
  visible: readonly { keyword: string; employees: number }[],
  base: number,
  limit: number,
  others: Record<string, OthersShare> | null,
): RankedKeyword[] {
  const rows = visible.filter((x) => !isEveryday(x.keyword)).map((x) => {
    const o = others?.[x.keyword];
    const l = o?.share != null ? round2(lift(x.employees, base, o.share)) : null;
    const elsewhere = !others ? 'none' : l !== null ? 'pooled' : 'few_companies';
    return { rank: 0, keyword: x.keyword, employees: x.employees, share: base > 0 ? x.employees / base : 0, lift: l, elsewhere } satisfies RankedKeyword;
  });
  const key = (r: RankedKeyword) => (r.elsewhere === 'few_companies' ? Infinity : (r.lift ?? 0));
  return rows
    .filter((r) => r.lift === null || r.lift >= MIN_LIFT)
    .sort((a, b) => key(b) - key(a) || b.employees - a.employees || (a.keyword < b.keyword ? -1 : a.keyword > b.keyword ? 1 : 0))
    .slice(0, limit)
    .map((r, i) => ({ ...r, rank: i + 1 }));
}
