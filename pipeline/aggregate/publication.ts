/** Publications: what a company has been shown for a period, and when it may be shown
 * something else. Pure; the ledger itself lives in the store (publications tables).
 *
 * Two reports of one company-period are a differencing attack waiting to happen: render a
 * month with 10 employees, render it again after one late session (or one erasure), subtract,
 * and the late employee's themes and risk level fall out. So a company-period, once published,
 * is re-published with new figures only when the people behind it changed by at least k
 * (late sessions, erasures and leavers counted together): the difference between two versions
 * is then a figure over at least k employees, like every other figure. Smaller changes are held
 * back: the report shows the published figures and says so. A re-analysis of exactly the same
 * people (a new lexicon) isolates no one and is published at once; so is anything after a
 * withheld report (there is nothing to subtract from).
 *
 * The same reasoning decides the month-over-month columns: the previous period's published
 * figures are set beside this period's only when the employees present in only one of the two
 * periods number none or at least k on each side. */
import type { PreviousFigures, PublicationInfo, ReportModel } from './model.js';

export interface Published {
  version: number;
  published_at: string;
  /** Pseudonyms of the employees behind the published figures, as they still exist. */
  members: ReadonlySet<string>;
  /** Members erased since publication (their pseudonyms are gone from the ledger). */
  erased: number;
  model: ReportModel;
}

export interface Change {
  added: number;
  removed: number;
}

export function changeBetween(published: Pick<Published, 'members' | 'erased'>, current: ReadonlySet<string>): Change {
  let added = 0;
  for (const m of current) if (!published.members.has(m)) added++;
  let removed = published.erased;
  for (const m of published.members) if (!current.has(m)) removed++;
  return { added, removed };
}

/** Two populations may be set side by side when those present in only one of them are none or
 * at least k, on each side. */
export function comparable(change: Change, k: number): boolean {
  const ok = (n: number) => n === 0 || n >= k;
  return ok(change.added) && ok(change.removed);
}

/** The previous period's published figures, and whether they may be set beside this period's. */
export function previousFigures(
  published: Pick<Published, 'model' | 'members' | 'erased'> | null,
  members: ReadonlySet<string>,
  k: number,
): PreviousFigures | null {
  return published ? { model: published.model, comparable: comparable(changeBetween(published, members), k) } : null;
}

export type PublicationDecision =
  /** Record `model` as version `version` and show it. */
  | { kind: 'publish'; version: number }
  /** Show the published figures: unchanged, or held back. */
  | { kind: 'keep'; held_back: boolean };

export function decidePublication(
  published: Published | null,
  current: ReportModel,
  members: ReadonlySet<string>,
  k: number,
): PublicationDecision {
  if (!published) return { kind: 'publish', version: 1 };
  const next = { kind: 'publish', version: published.version + 1 } as const;
  const { added, removed } = changeBetween(published, members);
  const changed = added + removed;
  if (changed === 0 && sameFigures(published.model, current)) return { kind: 'keep', held_back: false };
  if (published.model.status !== 'ok' || changed === 0 || changed >= k) return next;
  return { kind: 'keep', held_back: true };
}

/** The model a decision shows, with its publication info. */
export function shown(decision: PublicationDecision, published: Published | null, current: ReportModel, now: string): ReportModel {
  if (decision.kind === 'publish') return withPublication(current, { version: decision.version, published_at: now, held_back: false });
  const p = published!;
  const generatedAt = current.method.find((r) => r.item === 'generated_at')?.value ?? now;
  return withPublication(
    { ...p.model, method: p.model.method.map((r) => (r.item === 'generated_at' ? { ...r, value: generatedAt } : r)) },
    { version: p.version, published_at: p.published_at, held_back: decision.held_back },
  );
}

function withPublication(model: ReportModel, publication: PublicationInfo): ReportModel {
  return { ...model, publication };
}

/** The figures of a model: everything but when it was generated and which publication it is. */
export function figures(model: ReportModel): string {
  return JSON.stringify({ ...model, publication: null, method: model.method.filter((r) => r.item !== 'generated_at') });
}

function sameFigures(a: ReportModel, b: ReportModel): boolean {
  return figures(a) === figures(b);
}
