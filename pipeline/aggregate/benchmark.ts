/** The cross-company benchmark band, pure over the other companies' published shares.
 *
 * Its inputs are what the other companies' own reports of the period publish (their latest
 * version in the ledger, withheld reports left out): a share that company's report suppresses
 * never enters anyone's benchmark, and a late session or an erasure there moves nobody's band
 * until that company publishes a new version (so until at least k of its employees changed).
 *
 * With five or six companies, plain quantiles pin companies down: p25 of five values *is* the
 * second smallest, p90 nearly the largest, so "p90 = 100 %" tells every reader that one
 * company had 5 of 5 employees on a theme, a figure that company's own report suppresses.
 * So the band is computed over micro-aggregated shares (individual ranking): the sorted
 * shares are cut into consecutive groups of at least `MICRO_GROUP` companies and every share
 * is replaced by its group's mean before the quantiles are taken. A published quantile is then
 * always a mean over at least three companies, never one company's figure. A quantile that is
 * 0 % or 100 % after rounding is still withheld: it would say that every company of its group
 * had none, or all, of its employees on the theme. */
import { combinationsSafe } from './combinations.js';
import { othersShares, rankKeywords, type OthersShare } from './keywords.js';
import { NO_BENCHMARK, type Benchmark, type Reason, type ReportModel } from './model.js';

/** Companies per micro-aggregation group (the last group takes the remainder). */
export const MICRO_GROUP = 3;
const QUANTILES = [0.25, 0.5, 0.75, 0.9] as const;

/** Each share replaced by the mean of its group of at least `size` consecutive sorted shares;
 * fewer than `size` shares form one group. Returned sorted. */
export function microAggregate(shares: readonly number[], size = MICRO_GROUP): number[] {
  const sorted = [...shares].sort((a, b) => a - b);
  const groups = Math.max(1, Math.floor(sorted.length / size));
  const out: number[] = [];
  for (let g = 0; g < groups; g++) {
    const from = g * size;
    const to = g === groups - 1 ? sorted.length : from + size;
    const members = sorted.slice(from, to);
    const mean = members.reduce((s, x) => s + x, 0) / members.length;
    for (let i = 0; i < members.length; i++) out.push(mean);
  }
  return out;
}

/** Linear-interpolation quantile (DuckDB's quantile_cont) of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The band of the other companies' shares: null quantiles when fewer than `minCompanies`
 * companies contribute, and each quantile that rounds to 0 % or 100 % withheld (null). */
export function benchmarkBand(shares: readonly number[], minCompanies: number): { benchmark: Benchmark; extremes: boolean } {
  const companies = shares.length;
  if (companies < minCompanies || companies === 0) {
    return { benchmark: { companies, p25: null, p50: null, p75: null, p90: null }, extremes: false };
  }
  const values = microAggregate(shares);
  const [p25, p50, p75, p90] = QUANTILES.map((q) => {
    const r = round(quantile(values, q));
    return r <= 0 || r >= 1 ? null : r;
  }) as [number | null, number | null, number | null, number | null];
  return { benchmark: { companies, p25, p50, p75, p90 }, extremes: [p25, p50, p75, p90].includes(null) };
}

/** Which publication of which other company a band was made of. */
export type BenchmarkBasis = Record<string, number>;

const BENCH_REASONS: ReadonlySet<Reason> = new Set(['benchmark_too_few_companies', 'benchmark_extreme']);

type Band = { benchmark: Benchmark; reasons: Reason[] };
type BandedRow = { benchmark: Benchmark; suppressed: Reason[] };

/** The model with every theme's and risk level's band given by `bandOf`, its keywords ranked
 * against `keywordOthers` (the other companies' pooled shares, keywords.ts), and their basis. */
function applyBands(
  model: ReportModel,
  bandOf: (row: BandedRow, key: string) => Band,
  basis: BenchmarkBasis,
  keywordOthers: Record<string, OthersShare> | null,
): ReportModel {
  const apply = <T extends BandedRow>(row: T, key: string): T => {
    const b = bandOf(row, key);
    return { ...row, benchmark: b.benchmark, suppressed: [...row.suppressed.filter((r) => !BENCH_REASONS.has(r)), ...b.reasons] };
  };
  const themes = model.themes.map((r) => apply(r, r.theme));
  const risks = model.risks.map((r) => apply(r, `${r.signal}:${r.level}`));
  const companies = String(Math.max(0, ...[...themes, ...risks].map((r) => r.benchmark.companies)));
  const method = model.method.map((r) => (r.item === 'benchmark_companies' ? { ...r, value: companies } : r));
  const base = model.overview.find((o) => o.metric === 'employees')?.value ?? 0;
  const limit = model.keywordBasis?.limit ?? 30;
  const topKeywords = rankKeywords(model.visibleKeywords, base, limit, keywordOthers);
  return { ...model, themes, risks, method, benchmark_basis: basis, topKeywords, keywordBasis: { limit, others: keywordOthers } };
}

/** The shares a model publishes, by theme and by `signal:level`. */
function sharesOf(model: ReportModel): Map<string, number | null> {
  return new Map([...model.themes.map((t) => [t.theme, t.share] as const), ...model.risks.map((r) => [`${r.signal}:${r.level}`, r.share] as const)]);
}

/** The model with each theme's and risk level's band over the other companies' published
 * models (`others`: one model per other company, as shown to it), and what it was made of. */
export function withBenchmarks(model: ReportModel, others: readonly ReportModel[], minCompanies: number): ReportModel {
  if (model.status !== 'ok') return model;
  const peers = others.filter((o) => o.company.id !== model.company.id && o.status === 'ok');
  const peerShares = peers.map(sharesOf);
  const basis = Object.fromEntries(peers.map((o) => [o.company.id, o.publication?.version ?? 0]));
  // Keywords: one pooled share per keyword over the other companies' publishable keyword counts,
  // over at least minCompanies companies and only when at least MICRO_GROUP of them publish
  // the keyword (keywords.ts: othersShares).
  const keywordOthers = othersShares(
    model.visibleKeywords.map((x) => x.keyword),
    peers.map((o) => ({
      employees: o.overview.find((r) => r.metric === 'employees')?.value ?? 0,
      keywords: new Map(o.visibleKeywords.map((x) => [x.keyword, x.employees])),
    })),
    minCompanies,
    MICRO_GROUP,
  );
  return applyBands(
    model,
    (_row, key) => {
      const { benchmark, extremes } = benchmarkBand(peerShares.flatMap((m) => m.get(key) ?? []), minCompanies);
      const reasons: Reason[] = benchmark.companies < minCompanies ? ['benchmark_too_few_companies'] : extremes ? ['benchmark_extreme'] : [];
      return { benchmark, reasons };
    },
    basis,
    keywordOthers,
  );
}

/** The model's bands taken from another model of the same company (an earlier version). */
export function bandsOf(model: ReportModel, from: ReportModel): ReportModel {
  if (model.status !== 'ok' || from.status !== 'ok') return model;
  const rows = new Map<string, BandedRow>([...from.themes.map((t) => [t.theme, t] as const), ...from.risks.map((r) => [`${r.signal}:${r.level}`, r] as const)]);
  // A keyword the earlier version did not show has no pooled share there: rare elsewhere as far
  // as that basis says (no figure of it is shown).
  const fromOthers = from.keywordBasis?.others ?? null;
  const others = fromOthers && Object.fromEntries(model.visibleKeywords.map((x) => [x.keyword, fromOthers[x.keyword] ?? { companies: 0, share: null }]));
  return applyBands(model, (_row, key) => ({ benchmark: rows.get(key)!.benchmark, reasons: rows.get(key)!.suppressed.filter((r) => BENCH_REASONS.has(r)) }), from.benchmark_basis, others);
}

/** The model without bands, as buildReportModel makes it: what publication decisions compare. */
export function withoutBenchmarks(model: ReportModel): ReportModel {
  return applyBands(model, () => ({ benchmark: NO_BENCHMARK, reasons: [] }), {}, null);
}

/** A new band may replace the ones shown before only when, against each of their bases, the
 * companies that entered, left or published a new version each number none or at least
 * MICRO_GROUP: otherwise two renders of one company's report would difference down to one
 * other company's figure; and when no sum of the bases with any weights (v1 + v2 − v3: one
 * company between two sets of three) leaves 1 … MICRO_GROUP − 1 companies — the search of
 * combinations.ts with each company's published version as its digest, bounded and failing
 * closed (a pooled keyword share is such a sum; a band is treated as one). */
export function newBandAllowed(basis: BenchmarkBasis, shownBefore: readonly BenchmarkBasis[]): boolean {
  if (!pairwiseBandAllowed(basis, shownBefore)) return false;
  const asMembers = (b: BenchmarkBasis) => new Map(Object.entries(b).map(([id, version]) => [id, String(version)]));
  return shownBefore.length < 2 || combinationsSafe([...shownBefore, basis].map(asMembers), MICRO_GROUP);
}

function pairwiseBandAllowed(basis: BenchmarkBasis, shownBefore: readonly BenchmarkBasis[]): boolean {
  const ok = (n: number) => n === 0 || n >= MICRO_GROUP;
  return shownBefore.every((before) => {
    const ids = new Set([...Object.keys(basis), ...Object.keys(before)]);
    let entered = 0;
    let left = 0;
    let changed = 0;
    for (const id of ids) {
      if (!(id in before)) entered++;
      else if (!(id in basis)) left++;
      else if (before[id] !== basis[id]) changed++;
    }
    return ok(entered) && ok(left) && ok(changed);
  });
}
