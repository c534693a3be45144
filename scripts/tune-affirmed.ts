/** Chooses `calibration.affirmed_weight` (the weight of theme evidence in consultant turns the
 * client said yes to, pipeline/analyze/affirm.ts) on the tunable sets only: per set (one writer
 * each) the themes predicted at each weight of a grid; prints the in-sample micro-F1 per weight
 * and the leave-one-writer-out figure (each writer scored with the weight chosen on the others).
 *
 *   node bin/run-ts.mjs scripts/tune-affirmed.ts /tmp/half-dev2-odd … fixtures/gold:dev
 * A `DIR:dev` argument keeps only the set's dev split (the gold set's held-out half is never read). */
import { bundledLexicons } from '../pipeline/analyze/lexicon.js';
import { analyzeLocally } from '../pipeline/analyze/local.js';
import { compileLexicon } from '../pipeline/analyze/rules.js';
import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { leaveOneWriterOut, tuningCases } from './tuning-cases.js';

const GRID = [0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1];
const tokenizer = await loadJapaneseTokenizer();
const lexicons = bundledLexicons();
const compiled = { ja: compileLexicon(lexicons.ja, tokenizer), en: compileLexicon(lexicons.en, tokenizer) };
type Counts = { tp: number; fp: number; fn: number };
const perWriter = new Map<string, Counts[]>();

for (const arg of process.argv.slice(2)) {
  const counts: Counts[] = GRID.map(() => ({ tp: 0, fp: 0, fn: 0 }));
  for await (const { case: c, client, affirmed } of tuningCases(arg, tokenizer)) {
    const lexicon = compiled[c.language];
    GRID.forEach((w, g) => {
      const { analysis } = analyzeLocally(client, lexicon, tokenizer, { minThemeConfidence: lexicon.calibration.theme_min_confidence, maxKeywords: 0, affirmedWeight: w }, undefined, new Set(), affirmed);
      const predicted = analysis.themes.map((t) => t.theme as string);
      const gold = c.labels.themes as string[];
      const k = counts[g] as Counts;
      k.tp += predicted.filter((t) => gold.includes(t)).length;
      k.fp += predicted.filter((t) => !gold.includes(t)).length;
      k.fn += gold.filter((t) => !predicted.includes(t)).length;
    });
  }
  perWriter.set(arg, counts);
}

const f1 = (k: Counts): number => (2 * k.tp) / (2 * k.tp + k.fp + k.fn || 1);
const sum = (list: Counts[]): Counts => list.reduce((a, b) => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn }), { tp: 0, fp: 0, fn: 0 });
const show = (k: Counts): string => `F1 ${f1(k).toFixed(3)} P ${(k.tp / (k.tp + k.fp)).toFixed(3)} R ${(k.tp / (k.tp + k.fn)).toFixed(3)} (tp ${k.tp} fp ${k.fp} fn ${k.fn})`;
for (const [writer, counts] of perWriter) console.log(writer, GRID.map((w, g) => `${w}:${f1(counts[g] as Counts).toFixed(3)}`).join(' '));
leaveOneWriterOut(GRID, perWriter, sum, (a, b) => f1(a) > f1(b), show);
