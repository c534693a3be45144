/** Sums and differences of publications: can some combination of the reports a company has been
 * shown single out fewer than k employees?
 *
 * A report's figure is a sum over its employees of what each contributed in its window. An
 * employee whose contribution two reports show identically (the same digest in the ledger)
 * enters both with the same value; so, for an attacker who adds and subtracts reports with
 * weights λ, an employee cancels out exactly when, for each group of reports showing them
 * identically (a *block*), the weights of the group add up to zero. July–August plus
 * August–September minus Q3 cancels everyone of July and of September and leaves August's:
 * pairwise rules (publication.ts: changeBetween, residual) see k or more new people between
 * any two of the three, and miss it.
 *
 * Employees with the same blocks (a *type*) always cancel or remain together. A combination
 * λ leaves the types that have a block b with λ·b ≠ 0. The types of k or more employees may
 * remain (whatever remains is then a figure over k or more); the others must never remain on
 * their own: for every λ orthogonal to the blocks of the large types, the small types it leaves
 * must number none or at least k employees. The fewest are left by a λ whose orthogonal
 * complement is a hyperplane spanned by blocks, so it is enough to try those: the blocks of the
 * large types with d − 1 more (d: the rank the small types add). Exact arithmetic (BigInt).
 *
 * Inside segments (cellCombinationsSafe) the same search runs over the cells of one dimension:
 * each report's segments are reports of their own, each employee in the one the report showed
 * them in. A department's cells of July–August plus August–September minus Q3 are August's
 * employees of that department, one person beside four of another department whom the
 * company-wide search counts with them. */

/** Pseudonym → digest of what the employee contributed (as publication.ts). */
type Members = ReadonlyMap<string, string>;

type Vec = readonly bigint[];

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/** Divides out the common factor, so repeated elimination keeps numbers small. */
function primitive(v: bigint[]): bigint[] {
  let g = 0n;
  for (const x of v) g = gcd(g, x);
  return g > 1n ? v.map((x) => x / g) : v;
}

/** A linear span kept in echelon form (rows in the order added, each zero at earlier pivots). */
class Span {
  private constructor(private readonly rows: { pivot: number; v: Vec }[]) {}
  static empty(): Span {
    return new Span([]);
  }
  get rank(): number {
    return this.rows.length;
  }
  copy(): Span {
    return new Span([...this.rows]);
  }
  private reduce(v: Vec): bigint[] {
    let r = [...v];
    for (const { pivot, v: row } of this.rows) {
      const c = r[pivot]!;
      if (c === 0n) continue;
      const p = row[pivot]!;
      r = primitive(r.map((x, i) => x * p - row[i]! * c));
    }
    return r;
  }
  /** v less its part in the span, scaled to its smallest integers with the first one positive
   * (the same for every vector of one direction beside the span); null when v lies in it. */
  remainder(v: Vec): Vec | null {
    const r = this.reduce(v);
    const first = r.find((x) => x !== 0n);
    if (first === undefined) return null;
    return first < 0n ? r.map((x) => -x) : r;
  }
  contains(v: Vec): boolean {
    return this.reduce(v).every((x) => x === 0n);
  }
  /** Adds v; false when it was already inside. */
  add(v: Vec): boolean {
    const r = this.reduce(v);
    const pivot = r.findIndex((x) => x !== 0n);
    if (pivot < 0) return false;
    this.rows.push({ pivot, v: r });
    return true;
  }
}

interface Type {
  weight: number;
  blocks: Vec[];
}

/** Employees grouped by their blocks over the given reports (index = position in `reports`). */
function typesOf(reports: readonly Members[]): Type[] {
  const n = reports.length;
  const blocksOf = new Map<string, Map<string, number[]>>();
  reports.forEach((members, i) => {
    for (const [who, digest] of members) {
      const byDigest = blocksOf.get(who) ?? new Map<string, number[]>();
      blocksOf.set(who, byDigest);
      const block = byDigest.get(digest) ?? [];
      byDigest.set(digest, block);
      block.push(i);
    }
  });
  const types = new Map<string, Type>();
  for (const byDigest of blocksOf.values()) {
    const blocks = [...byDigest.values()].sort((a, b) => a[0]! - b[0]!);
    const key = blocks.map((b) => b.join(',')).join('|');
    const t = types.get(key);
    if (t) t.weight++;
    else types.set(key, { weight: 1, blocks: blocks.map((b) => Array.from({ length: n }, (_, i) => (b.includes(i) ? 1n : 0n))) });
  }
  return [...types.values()];
}

/** How many hyperplanes are tried before giving up (and calling the reports unsafe). */
export const HYPERPLANE_BUDGET = 2000;

/** Whether no combination (sum with weights) of `reports` leaves the figures of fewer than k
 * employees (and more than none). Conservative when the search would try more than `budget`
 * hyperplanes. */
export function combinationsSafe(reports: readonly Members[], k: number, budget = HYPERPLANE_BUDGET): boolean {
  const types = typesOf(reports);
  const large = Span.empty();
  for (const t of types) if (t.weight >= k) for (const b of t.blocks) large.add(b);
  // The small types a combination can leave at all, each with the directions its blocks add to
  // the large types' span (the block less its part in that span: a canonical representative).
  const directions = new Map<string, Vec>();
  const small: { weight: number; directions: Set<string> }[] = [];
  for (const t of types) {
    if (t.weight >= k) continue;
    const own = new Set<string>();
    for (const b of t.blocks) {
      const r = large.remainder(b);
      if (r === null) continue;
      const key = r.join(',');
      directions.set(key, r);
      own.add(key);
    }
    if (own.size > 0) small.push({ weight: t.weight, directions: own });
  }
  if (small.length === 0) return true;
  // the remainders span a space beside the large types' (zero at its pivots): work in it
  const all = Span.empty();
  for (const r of directions.values()) all.add(r);
  const left = (h: Span) => {
    const outside = new Set([...directions].filter(([, r]) => !h.contains(r)).map(([key]) => key));
    return small.reduce((n, t) => ([...t.directions].some((d) => outside.has(d)) ? n + t.weight : n), 0);
  };
  // every hyperplane of that space spanned by remainders: the fewest small employees left
  const list = [...directions.values()];
  let tried = 0;
  const choose = (from: number, h: Span, need: number): boolean => {
    if (need === 0) return ++tried <= budget && left(h) >= k;
    for (let i = from; i <= list.length - need; i++) {
      const next = h.copy();
      if (!next.add(list[i]!)) continue;
      if (!choose(i + 1, next, need - 1)) return false;
    }
    return true;
  };
  return choose(0, Span.empty(), all.rank - 1);
}

/** One report as seen inside one dimension: where it shows each member. */
export interface CellReport {
  members: Members;
  /** The segment the report showed each member in; a member missing here is in an unknown one. */
  cellOf: ReadonlyMap<string, string>;
  /** The segments the report shows (a dimension without a breakdown: one, the whole company). */
  cells: readonly string[];
  /** Members no longer named (erased, or forgotten with an expired period): each in some segment
   * of the report with some contribution, neither known. */
  blanks: number;
}

/** Whether no combination of the reports' segments (each segment's figures with its own weight)
 * leaves the figures of fewer than k employees (and more than none).
 *
 * Fails closed on what the ledger does not know: a named member whose segment is unknown in a
 * report that shows more than one (a ledger row older than the segment columns) makes the
 * reports unsafe; and so does a segment holding blanks whenever the new report (the last) lets a
 * combination cancel every named employee but not that segment (it would leave erased people
 * only, 1 or more of them). Combinations of the shown reports alone were open to readers before
 * and decide nothing now: a period past its lifetime is all blanks, and the windows linked to it
 * stay publishable.
 * A segment the ledger places fewer than k people in (with the blanks: at most that many) is
 * the pool of small segments, whose cells suppression hides inside its own report
 * (suppress.ts: complementary suppression); it is left out here, to the pairwise rule
 * (publication.ts: segmentsSafe) and to suppression: counting it would find that one report's
 * pool alone leaves fewer than k, which no reader can read. */
export function cellCombinationsSafe(reports: readonly CellReport[], k: number, budget = HYPERPLANE_BUDGET): boolean {
  const cells: Map<string, string>[] = [];
  const withBlanks: number[] = [];
  let shownCells = 0;
  for (const [i, r] of reports.entries()) {
    if (i === reports.length - 1) shownCells = cells.length;
    const placed = new Map<string, Map<string, string>>(r.cells.map((c) => [c, new Map<string, string>()]));
    for (const [who, digest] of r.members) {
      const cell = r.cellOf.get(who) ?? (r.cells.length === 1 ? r.cells[0] : undefined);
      const into = cell === undefined ? undefined : placed.get(cell);
      if (!into) return false;
      into.set(who, digest);
    }
    for (const members of placed.values()) {
      if (members.size + r.blanks < k) continue;
      if (r.blanks > 0) withBlanks.push(cells.length);
      cells.push(members);
    }
  }
  if (!combinationsSafe(cells, k, budget)) return false;
  if (withBlanks.length === 0) return true;
  return blankReach(cells, withBlanks) === blankReach(cells.slice(0, shownCells), withBlanks);
}

/** How much of the blank segments a combination leaving no one named can reach: the dimension of
 * such combinations' values on those segments. A combination orthogonal to every named
 * employee's blocks leaves no one named, so that dimension is rank(blocks + the blank segments'
 * unit vectors) − rank(blocks). */
function blankReach(cells: readonly Map<string, string>[], withBlanks: readonly number[]): number {
  const span = Span.empty();
  for (const t of typesOf(cells)) for (const b of t.blocks) span.add(b);
  const named = span.rank;
  for (const j of withBlanks) span.add(cells.map((_, i) => (i === j ? 1n : 0n)));
  return span.rank - named;
}
