/** `honne themes emerging` (cli/commands/themes.ts declares its options). */
import { candidateWord, coveredByLexicon, findEmerging, PLATFORM_MIN_COMPANIES } from '../../pipeline/aggregate/emerging.js';
import { bundledLexicons } from '../../pipeline/analyze/lexicon.js';
import { parseWindow, previousWindow, type ReportWindow } from '../../pipeline/period.js';
import { analyticsStore } from '../../app/compose.js';
import { UsageError, type CommandContext } from '../command.js';
import { messages, type EmergingList } from '../messages.js';
import { config } from './config.js';

export interface EmergingOptions {
  company?: string;
  period?: string;
  json?: boolean;
  demo?: boolean;
}

export async function emerging(o: EmergingOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const cfg = config(io, o.demo);
  const store = await analyticsStore(cfg).open();
  try {
    if (o.company !== undefined && !(await store.companyIds()).includes(o.company)) throw new UsageError(`--company: unknown company "${o.company}" (not in the store)`);
    let window: ReportWindow;
    const months = [...new Set((await store.sessionPeriods()).map((p) => p.period))].sort();
    try {
      window = parseWindow(o.period ?? months.at(-1) ?? '');
    } catch {
      if (o.period === undefined) throw new UsageError('the store has no sessions: nothing to look for');
      throw new UsageError(`--period must be YYYY-MM or YYYY-Qn, got "${o.period}"`);
    }
    const previous = previousWindow(window).months;
    const perCompany = o.company !== undefined;
    // found over every company (emerging.ts), counted in the scope
    const covered = coveredByLexicon(bundledLexicons());
    const sets = await store.keywordSets([...previous, ...window.months], cfg.k, false, undefined, candidateWord(covered));
    const clusters = findEmerging(sets, { k: cfg.k, window: window.months, previous, company: o.company ?? null, covered, restMinCompanies: cfg.benchmarkMinCompanies });
    const underK = (n: number) => (n >= cfg.k ? n : null);
    const list: EmergingList = {
      scope: perCompany ? 'company' : 'platform',
      company: o.company ?? null,
      period: window.id,
      k: cfg.k,
      min_companies: PLATFORM_MIN_COMPANIES,
      clusters: clusters.map((c) => ({ ...c, previous: underK(c.previous), months: c.months.map((m) => ({ month: m.month, employees: underK(m.employees) })) })),
    };
    io.out(o.json ? JSON.stringify(list.clusters) : messages.emerging(list));
  } finally {
    store.close();
  }
}
