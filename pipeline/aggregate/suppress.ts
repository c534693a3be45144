/** Small-cell suppression with complementary suppression, pure over counts.
 *
 * A cell is a count of distinct employees. Primary suppression hides every cell under k.
 * A cell whose parent (its base, e.g. the department's head-count) is hidden is hidden too.
 * A group is a set of cells whose sum is published (a total, or the other cells of a
 * partition): whenever a group has hidden cells that could be recovered — exactly one hidden
 * cell, or hidden cells that add up to fewer than k — the smallest visible cell of the group
 * is hidden as well, until no group leaks. */

export type SuppressionReason = 'below_k' | 'complementary' | 'base_suppressed';

export interface Cell {
  id: string;
  n: number;
  parent?: string;
}

export interface SuppressionInput {
  cells: Cell[];
  groups: string[][];
  k: number;
}

export function suppress({ cells, groups, k }: SuppressionInput): Map<string, SuppressionReason> {
  const byId = new Map(cells.map((c) => [c.id, c]));
  for (const g of groups) for (const id of g) if (!byId.has(id)) throw new Error(`suppression group names unknown cell "${id}"`);
  const hidden = new Map<string, SuppressionReason>();
  for (const c of cells) if (c.n < k) hidden.set(c.id, 'below_k');

  const propagateParents = () => {
    let more = true;
    while (more) {
      more = false;
      for (const c of cells) {
        if (!hidden.has(c.id) && c.parent !== undefined && hidden.has(c.parent)) {
          hidden.set(c.id, 'base_suppressed');
          more = true;
        }
      }
    }
  };
  /** Hides one more cell in the first leaking group; false when no group leaks. */
  const fixOneGroup = (): boolean => {
    for (const g of groups) {
      const hiddenCells = g.filter((id) => hidden.has(id));
      if (hiddenCells.length === 0) continue;
      const hiddenSum = hiddenCells.reduce((s, id) => s + byId.get(id)!.n, 0);
      if (hiddenCells.length > 1 && hiddenSum >= k) continue;
      const candidate = g
        .filter((id) => !hidden.has(id))
        .map((id) => byId.get(id)!)
        .sort((a, b) => a.n - b.n || (a.id < b.id ? -1 : 1))[0];
      if (candidate) {
        hidden.set(candidate.id, 'complementary');
        return true;
      }
    }
    return false;
  };
  do propagateParents();
  while (fixOneGroup());
  return hidden;
}
