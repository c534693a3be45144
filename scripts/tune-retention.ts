/** Chooses the weight of one retention rule of the current lexicon on the tunable sets only:
 * per set (one writer each) the retention accuracy and theme micro-F1 at each weight of a grid;
 * prints the in-sample figures per weight and the leave-one-writer-out figure (each writer
 * scored with the weight that does best on the others: retention accuracy, then theme F1).
 *
 *   node bin/run-ts.mjs scripts/tune-retention.ts 'RULE-SUBSTRING' /tmp/half-dev2-odd … fixtures/gold:dev
 * The rule is the first Japanese retention pattern whose text contains RULE-SUBSTRING. A
 * `DIR:dev` argument keeps only the set's dev split (the gold set's held-out half is never read). */
import { bundledLexicons, type Lexicon } from '../pipeline/analyze/lexicon.js';
import { analyzeLocally } from '../pipeline/analyze/local.js';
import { compileLexicon } from '../pipeline/analyze/rules.js';
import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { leaveOneWriterOut, tuningCases } from './tuning-cases.js';

const GRID = [0, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5];
const [needle, ...sets] = process.argv.slice(2) as [string, ...string[]];
const tokenizer = await loadJapaneseTokenizer();
const lexicons = bundledLexicons();
const rule = Object.keys(lexicons.ja.signals.retention_risk.patterns).find((p) => p.includes(needle));
if (rule === undefined) throw new Error(`no Japanese retention pattern contains ${needle}`);
const withWeight = (w: number): Lexicon => {
  const copy = structuredClone(lexicons.ja);
  copy.signals.retention_risk.patterns[rule] = w;
  return copy;
};
const compiled = GRID.map((w) => ({ ja: compileLexicon(withWeight(w), tokenizer), en: compileLexicon(lexicons.en, tokenizer) }));
type Counts = { right: number; cases: number; tp: number; fp: number; fn: number };
const perWriter = new Map<string, Counts[]>();

for (const arg of sets) {
  const counts: Counts[] = GRID.map(() => ({ right: 0, cases: 0, tp: 0, fp: 0, fn: 0 }));
  for await (const { case: c, client, affirmed } of tuningCases(arg, tokenizer)) {
    GRID.forEach((_, g) => {
      const lexicon = (compiled[g] as { ja: ReturnType<typeof compileLexicon>; en: ReturnType<typeof compileLexicon> })[c.language];
      const { analysis } = analyzeLocally(client, lexicon, tokenizer, { minThemeConfidence: lexicon.calibration.theme_min_confidence, maxKeywords: 0 }, undefined, new Set(), affirmed);
      const k = counts[g] as Counts;
      const gold = c.labels.retention_risk;
      if (gold !== undefined) {
        k.cases++;
        if (analysis.retention_risk.level === gold) k.right++;
      }
      const predicted = analysis.themes.map((t) => t.theme as string);
      const themes = c.labels.themes as string[];
      k.tp += predicted.filter((t) => themes.includes(t)).length;
      k.fp += predicted.filter((t) => !themes.includes(t)).length;
      k.fn += themes.filter((t) => !predicted.includes(t)).length;
    });
  }
  perWriter.set(arg, counts);
}

const sum = (list: Counts[]): Counts => list.reduce((a, b) => ({ right: a.right + b.right, cases: a.cases + b.cases, tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn }));
const acc = (k: Counts): number => k.right / (k.cases || 1);
const f1 = (k: Counts): number => (2 * k.tp) / (2 * k.tp + k.fp + k.fn || 1);
const show = (k: Counts): string => `retention ${k.right}/${k.cases} = ${acc(k).toFixed(3)}, theme F1 ${f1(k).toFixed(3)}`;
const better = (a: Counts, b: Counts): boolean => acc(a) > acc(b) || (acc(a) === acc(b) && f1(a) > f1(b));
for (const [writer, counts] of perWriter) console.log(writer, GRID.map((w, g) => `${w}:${(counts[g] as Counts).right}`).join(' '));
leaveOneWriterOut(GRID, perWriter, sum, better, show);
