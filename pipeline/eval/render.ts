/** The text form of an eval report and of a comparison (what `honne eval` prints without
 * `--json`). Pure string building. */
import { RISK_LEVELS, RISK_SIGNALS, THEME_IDS } from '../themes.js';
import type { Comparison } from './compare.js';
import type { Leak } from './leaks.js';
import type { EvalReport, Prf } from './score.js';

export interface RunInfo {
  gold: string;
  split: string;
  /** `local/rules/lexicon-2026.11.1`. */
  provider: string;
}

const num = (x: number | null, digits = 3): string => (x === null ? '–' : x.toFixed(digits));
const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - s.length));
const lpad = (s: string, n: number): string => ' '.repeat(Math.max(0, n - s.length)) + s;

function prfRow(label: string, p: Pick<Prf, 'precision' | 'recall' | 'f1'> & Partial<Prf>): string {
  const counts = p.tp === undefined ? '' : `${lpad(String(p.tp), 5)}${lpad(String(p.fp), 5)}${lpad(String(p.fn), 5)}`;
  return `  ${pad(label, 22)}${lpad(num(p.precision), 7)}${lpad(num(p.recall), 7)}${lpad(num(p.f1), 7)}${counts}`;
}

/** `"山田 花子"`, or `"山田 花子" (part "山田")` when only a part of it survived. */
const leakLabel = (l: Leak): string => JSON.stringify(l.text) + (l.part === undefined ? '' : ` (part ${JSON.stringify(l.part)})`);

export function renderReport(r: EvalReport, info: RunInfo): string {
  const lines: string[] = [];
  lines.push(`honne eval — ${info.gold} (${info.split}, ${r.cases_total} cases) — ${info.provider}`);
  if (r.errors > 0) lines.push(`  ${r.errors} case(s) could not be run (see below)`);
  lines.push('', `Themes${' '.repeat(18)}     P      R     F1   TP   FP   FN`);
  for (const id of THEME_IDS) lines.push(prfRow(id, r.themes.per_theme[id]));
  lines.push(prfRow('micro', r.themes.micro));
  lines.push(prfRow(`macro (${r.themes.macro.themes} themes)`, r.themes.macro));

  lines.push('', 'Signals (level accuracy; confusion: rows gold, columns predicted)');
  for (const s of RISK_SIGNALS) {
    const sc = r.signals[s];
    lines.push(`  ${pad(s, 22)}${num(sc.accuracy)} (${sc.correct}/${sc.total})`);
    lines.push(`    ${pad('', 10)}${RISK_LEVELS.map((l) => lpad(l, 8)).join('')}`);
    for (const g of RISK_LEVELS) lines.push(`    ${pad(g, 10)}${RISK_LEVELS.map((p) => lpad(String(sc.confusion[g][p]), 8)).join('')}`);
  }

  lines.push('', `PII recall ${num(r.pii.recall)} (${r.pii.redacted}/${r.pii.total} strings absent from the redacted text)`);
  for (const l of r.pii.leaked) lines.push(`  leaked  ${l.case}  ${leakLabel(l)}`);
  lines.push(
    `Over-redaction ${num(r.pii.over_redaction)} (${r.pii.over_redacted.length}/${r.pii.redactions} redactions cover no labelled PII string; at most, since labels may leave out what is rightly redacted)`,
  );
  for (const o of r.pii.over_redacted) lines.push(`  over    ${o.case}  ${JSON.stringify(o.text)}`);

  const t = r.timing;
  lines.push('', `Time per case: mean ${num(t.mean_ms, 1)} ms, median ${num(t.median_ms, 1)} ms, max ${num(t.max_ms, 1)} ms (total ${(t.total_ms / 1000).toFixed(2)} s)`);

  const wrong = r.cases.filter(
    (c) => c.error !== undefined || c.themes.false_positives.length + c.themes.false_negatives.length > 0 || RISK_SIGNALS.some((s) => c[s].predicted !== c[s].gold),
  );
  if (wrong.length > 0) {
    lines.push('', 'Cases that differ from gold (+ false positive, − missed; signal gold→predicted):');
    for (const c of wrong) {
      const parts: string[] = [];
      if (c.error !== undefined) parts.push(`ERROR ${c.error}`);
      if (c.themes.false_positives.length > 0) parts.push(c.themes.false_positives.map((x) => `+${x}`).join(' '));
      if (c.themes.false_negatives.length > 0) parts.push(c.themes.false_negatives.map((x) => `−${x}`).join(' '));
      for (const s of RISK_SIGNALS) if (c[s].predicted !== c[s].gold) parts.push(`${s === 'retention_risk' ? 'retention' : 'mental'} ${c[s].gold}→${c[s].predicted ?? '–'}`);
      lines.push(`  ${pad(c.id, 8)}${c.split === null ? '' : pad(c.split, 5)}${parts.join('; ')}`);
    }
  }
  return lines.join('\n');
}

export function renderComparison(cmp: Comparison, a: string, b: string): string {
  const lines = ['', `Comparison: A = ${a}, B = ${b}`, `  ${pad('metric', 40)}${lpad('A', 9)}${lpad('B', 9)}${lpad('B − A', 9)}`];
  for (const m of cmp.metrics) {
    const d = m.delta === null ? '–' : `${m.delta > 0 ? '+' : ''}${m.delta.toFixed(3)}`;
    lines.push(`  ${pad(m.metric, 40)}${lpad(num(m.a), 9)}${lpad(num(m.b), 9)}${lpad(d, 9)}`);
  }
  lines.push('', cmp.cases.length === 0 ? 'No case differs between A and B.' : `Cases that differ between A and B (${cmp.cases.length}):`);
  for (const c of cmp.cases) {
    const parts: string[] = [];
    if (c.themes) parts.push(`themes A [${c.themes.a.join(', ')}] B [${c.themes.b.join(', ')}] gold [${c.themes.gold.join(', ')}]`);
    for (const s of RISK_SIGNALS) {
      const d = c.signals?.[s];
      if (d) parts.push(`${s} A ${d.a ?? '–'} B ${d.b ?? '–'} gold ${d.gold}`);
    }
    if (c.pii) parts.push(`leaked A [${c.pii.a.map(leakLabel).join(', ')}] B [${c.pii.b.map(leakLabel).join(', ')}]`);
    lines.push(`  ${pad(c.id, 8)}${parts.join('; ')}`);
  }
  return lines.join('\n');
}
