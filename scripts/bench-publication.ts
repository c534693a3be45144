/** `npm run bench:publication`: numbers, never assertions. A simulated year of one company's
 * publications, decided as reports/write.ts decides them (publication.ts: decidePublication): every
 * month its report, its late sessions rendered again the month after, a rolling three-month window
 * every month and each quarter; an employee erased in June. Prints how many windows were
 * published and held back, and the time of a decision (median, slowest).
 *   node bin/run-ts.mjs scripts/bench-publication.ts [--employees 100] [--attend 0.35] [--seed 7] [--no-erasure] [--late 3] [--no-rolling]
 *   (--late N: at most N late sessions a month; --no-rolling: months and quarters only) */
import { parseArgs } from 'node:util';
import { buildReportModel, type ReportModel } from '../pipeline/aggregate/model.js';
import { decidePublication, shownSegments, type OverlappingPublished, type Published, type SegmentValues } from '../pipeline/aggregate/publication.js';
import type { PeriodAggregates } from '../pipeline/aggregate/queries.js';
import { monthWindow, quarterOf, rollingWindow, type ReportWindow } from '../pipeline/period.js';
import { mulberry32 } from '../pipeline/random.js';

const { values: args } = parseArgs({
  options: {
    employees: { type: 'string', default: '100' },
    attend: { type: 'string', default: '0.35' },
    seed: { type: 'string', default: '7' },
    'no-erasure': { type: 'boolean', default: false },
    late: { type: 'string', default: '3' },
    'no-rolling': { type: 'boolean', default: false },
  },
});
const K = 5;
const rand = mulberry32(Number(args.seed));
const N = Number(args.employees);
const DEPARTMENTS: [string, number][] = [['営業部', 0.4], ['開発部', 0.3], ['総務部', 0.25], ['人事部', 0.05]];
const departmentOf = new Map<string, string>();
for (let i = 0; i < N; i++) {
  let r = rand();
  const d = DEPARTMENTS.find(([, p]) => (r -= p) < 0)?.[0] ?? '営業部';
  departmentOf.set(`E${i}`, d);
}
const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
/** month → employee → sessions (ids) */
const sessions = new Map<string, Map<string, string[]>>(MONTHS.map((m) => [m, new Map()]));
const erased = new Set<string>();

function attend(month: string, who: string) {
  const s = sessions.get(month)!;
  s.set(who, [...(s.get(who) ?? []), `${month}#${(s.get(who)?.length ?? 0) + 1}`]);
}

/** The figures of a window now: members (digest of their sessions in it) and a model. */
function figuresOf(w: ReportWindow): { members: Map<string, string>; values: Map<string, SegmentValues>; model: ReportModel } {
  const members = new Map<string, string>();
  for (const m of w.months) {
    for (const [who, ids] of sessions.get(m)!) {
      if (erased.has(who)) continue;
      members.set(who, [members.get(who), ...ids].filter(Boolean).join(','));
    }
  }
  const values = new Map([...members.keys()].map((p): [string, SegmentValues] => [p, { department: departmentOf.get(p)!, age_band: null, gender: null }]));
  const counts = new Map<string, number>();
  for (const v of values.values()) counts.set(v.department!, (counts.get(v.department!) ?? 0) + 1);
  const agg: PeriodAggregates = {
    period: w.id, previous: 'none', k: K,
    totals: [{ company_id: 'acme', period: w.id, employees: members.size, sessions: members.size, sentiment: 0 }],
    themes: [], segmentThemes: [], risks: [], segmentRisks: [], keywords: [], lineage: [], members: [],
    segmentBases: [
      ...[...counts].map(([d, n]) => ({ company_id: 'acme', dimension: 'department' as const, segment: d, n })),
      { company_id: 'acme', dimension: 'age_band' as const, segment: null, n: members.size },
      { company_id: 'acme', dimension: 'gender' as const, segment: null, n: members.size },
    ],
    companies: [{ company_id: 'acme', name: 'Acme', industry: 'IT' }],
  };
  // the members' digests stand in for their contributions (the rules compare digests)
  return { members, values, model: buildReportModel(agg, 'acme', { benchmarkMinCompanies: 5, generatedAt: 'now' }) };
}

const ledger = new Map<string, { window: ReportWindow; versions: Published[] }>();
const overlaps = (a: ReportWindow, b: ReportWindow) => a.months.some((m) => b.months.includes(m));
function linked(w: ReportWindow): OverlappingPublished[] {
  let rest = [...ledger.values()].filter((x) => x.window.id !== w.id);
  const out: OverlappingPublished[] = [];
  for (let edge = [w]; edge.length > 0; ) {
    const next = rest.filter((o) => edge.some((x) => overlaps(x, o.window)));
    rest = rest.filter((o) => !next.includes(o));
    for (const o of next) out.push(...o.versions.map((p) => ({ ...p, months: o.window.months })));
    edge = next.map((o) => o.window);
  }
  return out;
}

const times: number[] = [];
const tally = { published: 0, held_back: 0, unchanged: 0, withheld: 0 };
const heldBack: string[] = [];
function render(w: ReportWindow) {
  const { members, values, model } = figuresOf(w);
  if (members.size < K) return;
  const entry = ledger.get(w.id) ?? { window: w, versions: [] };
  const t0 = performance.now();
  const d = decidePublication(entry.versions, model, members, K, { months: w.months, versions: linked(w) }, values);
  times.push(performance.now() - t0);
  if (d.kind === 'publish') {
    tally.published++;
    entry.versions.push({ version: d.version, published_at: 'now', members, erased: 0, model, segments: new Map([...values].map(([p, v]) => [p, shownSegments(model, v)])) });
    ledger.set(w.id, entry);
  } else if (d.kind === 'withhold') {
    tally.withheld++;
    heldBack.push(w.id);
  } else if (d.held_back) {
    tally.held_back++;
    heldBack.push(`${w.id} v${entry.versions.length + 1}`);
  } else tally.unchanged++;
}

for (const [i, month] of MONTHS.entries()) {
  for (const who of departmentOf.keys()) if (rand() < Number(args.attend)) attend(month, who);
  if (i > 0) {
    // late sessions of last month (0–N people, some of them already counted), rendered again
    const late = Math.floor(rand() * (Number(args.late) + 1));
    for (let j = 0; j < late; j++) attend(MONTHS[i - 1]!, `E${Math.floor(rand() * N)}`);
    render(monthWindow(MONTHS[i - 1]!));
  }
  if (month === '2026-06' && !args['no-erasure']) {
    const victim = [...sessions.get('2026-05')!.keys()][0]!;
    erased.add(victim);
    for (const { versions } of ledger.values()) {
      for (const p of versions) {
        if (!p.members.has(victim)) continue;
        const members = new Map(p.members);
        members.delete(victim);
        const segments = new Map(p.segments);
        segments.delete(victim);
        Object.assign(p, { members, segments, erased: p.erased + 1 });
      }
    }
  }
  render(monthWindow(month));
  if (i >= 2 && !args['no-rolling']) render(rollingWindow(month, 3));
  if ((i + 1) % 3 === 0) render(quarterOf(month));
}
times.sort((a, b) => a - b);
const ms = (x: number) => `${x.toFixed(1)} ms`;
console.log(`employees ${N}, attendance ${args.attend} a month, late sessions 0–${args.late} a month, k ${K}, erasure ${args['no-erasure'] ? 'none' : 'one in June'}${args['no-rolling'] ? ', no rolling windows' : ''}`);
console.log(`decisions ${times.length}: published ${tally.published}, held back ${tally.held_back + tally.withheld} (new windows withheld ${tally.withheld}), unchanged ${tally.unchanged}`);
console.log(`decision time: median ${ms(times[Math.floor(times.length / 2)]!)}, slowest ${ms(times.at(-1)!)}, total ${ms(times.reduce((a, b) => a + b, 0))}`);
console.log(`held back: ${heldBack.join(', ')}`);
