/** `npm run train:names`: trains the person-name tagger (`pipeline/redact/name-model.ts`) on the
 * public tuning half of the name check — the `train-*` sentences of fixtures/ner-check/ — and
 * writes pipeline/redact/data/name-model.json.gz. The check half (`dev-*`, `test-*`) is never
 * read here.
 *
 * Each kuromoji token of a sentence's NFKC view that can be part of a name (`isCandidate`) is one
 * example, labelled a name piece when it overlaps a PERSON span. Then k-fold cross-validation
 * over sentences prints, per threshold, person-name recall and over-redaction of the tagger
 * alone, of what `learnedNames` keeps of it, and of that together with the rules (what `redact`
 * does with every other detector).
 *
 *   node bin/run-ts.mjs scripts/train-names.ts [--threshold 2] [--epochs 8] [--folds 5] [--no-cv]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import perceptron from 'wink-perceptron';
import { loadJapaneseTokenizer, positionTokens, type PositionedToken } from '../pipeline/analyze/tokenizer.js';
import { parseCheckSentences, renderNameCheck, scoreNameMasks, selectSplit, type CheckSentence } from '../pipeline/eval/ner-check.js';
import { isCandidate, modelNames, NAME_FEATURES_VERSION, NAME_MODEL_FILE, nameModelFrom, tokenFeatures, type NameModel, type NameModelFile } from '../pipeline/redact/name-model.js';
import { normalizedView, toOriginal, type NormalizedView } from '../pipeline/redact/normalize.js';
import { learnedNames } from '../pipeline/redact/names.js';
import { detect } from '../pipeline/redact/redact.js';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: 'fixtures/ner-check/gsd-names.jsonl' },
    threshold: { type: 'string', default: '2' },
    epochs: { type: 'string', default: '8' },
    folds: { type: 'string', default: '5' },
    'no-cv': { type: 'boolean', default: false },
  },
});
const threshold = Number(values.threshold);
const epochs = Number(values.epochs);
const folds = Number(values.folds);

const sentences = selectSplit(parseCheckSentences(readFileSync(values.file, 'utf8'), values.file), 'tuning', values.file);
const tokenizer = await loadJapaneseTokenizer();

interface Prepared {
  sentence: CheckSentence;
  view: NormalizedView;
  tokens: PositionedToken[];
  examples: Array<[Record<string, number>, { label: 'N' | 'O' }]>;
}

function prepare(sentence: CheckSentence): Prepared {
  const view = normalizedView(sentence.text);
  const tokens = positionTokens(tokenizer, view.text);
  const persons = sentence.names.filter((n) => n.label === 'PERSON');
  const examples: Prepared['examples'] = [];
  let prevName = false;
  tokens.forEach((t, i) => {
    const { start, end } = toOriginal(view, t.start, t.end);
    const name = isCandidate(t) && persons.some((p) => p.start < end && start < p.end);
    if (isCandidate(t)) examples.push([Object.fromEntries(tokenFeatures(tokens, i, prevName).map((f) => [f, 1])), { label: name ? 'N' : 'O' }]);
    prevName = name;
  });
  return { sentence, view, tokens, examples };
}

const prepared = sentences.map(prepare);

/** A seeded shuffle, so that training gives the same model twice (wink's own uses Math.random). */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** An averaged perceptron over these sentences, as the shipped file's two-class difference. */
function train(set: readonly Prepared[]): Omit<NameModelFile, 'threshold'> {
  const p = perceptron();
  p.defineConfig({ shuffleData: false, maxIterations: 1 });
  // One pass per epoch over a fresh seeded order; wink averages over all updates of one
  // `learn` call, so the epochs are laid end to end in one call.
  const data = Array.from({ length: epochs }, (_, e) => shuffled(set.flatMap((x) => x.examples), e + 1)).flat();
  p.learn(data);
  const [weights, biases] = JSON.parse(p.exportJSON()) as [Record<string, Record<string, number>>, Record<string, number>];
  const diff: Record<string, number> = {};
  for (const [f, w] of Object.entries(weights)) {
    const d = Math.round(((w['N'] ?? 0) - (w['O'] ?? 0)) * 1000) / 1000;
    if (d !== 0) diff[f] = d;
  }
  return {
    trained_on: `UD Japanese GSD train sentences with Megagon Labs NE labels (fixtures/ner-check/gsd-names.jsonl, ${set.length} sentences)`,
    licence: 'CC BY-SA 4.0 (a model derived from the corpus; see fixtures/ner-check/README.md)',
    features: NAME_FEATURES_VERSION,
    bias: Math.round(((biases['N'] ?? 0) - (biases['O'] ?? 0)) * 1000) / 1000,
    weights: diff,
  };
}

const started = performance.now();
const full: NameModelFile = { ...train(prepared), threshold };
const packed = gzipSync(JSON.stringify(full), { level: 9 });
writeFileSync(NAME_MODEL_FILE, packed);
console.log(`trained on ${prepared.length} sentences, ${prepared.reduce((n, p) => n + p.examples.length, 0)} tokens, ${epochs} epochs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`wrote ${NAME_MODEL_FILE.pathname}: ${Object.keys(full.weights).length} features, ${(packed.length / 1024).toFixed(0)} KiB`);

if (!values['no-cv']) {
  const THRESHOLDS = [-2, 0, 2, 4];
  const mask = (p: Prepared, ranges: ReadonlyArray<{ start: number; end: number }>, base?: readonly boolean[]): boolean[] => {
    const m = base === undefined ? new Array<boolean>(p.sentence.text.length).fill(false) : [...base];
    for (const r of ranges) {
      const { start, end } = toOriginal(p.view, r.start, r.end);
      for (let k = start; k < end; k++) m[k] = true;
    }
    return m;
  };
  // What the rules redact: every detector but the model's own.
  const rules = prepared.map((p) => mask(p, detect(p.sentence.text, { language: 'ja', speakerNames: [], tokenizer }).filter((s) => s.source !== 'model:person')));
  const tagger = new Map(THRESHOLDS.map((t) => [t, [] as boolean[][]]));
  const alone = new Map(THRESHOLDS.map((t) => [t, [] as boolean[][]]));
  const together = new Map(THRESHOLDS.map((t) => [t, [] as boolean[][]]));
  const order: Prepared[] = [];
  for (let k = 0; k < folds; k++) {
    const held = prepared.filter((_, i) => i % folds === k);
    const model: NameModel = nameModelFrom({ ...train(prepared.filter((_, i) => i % folds !== k)), threshold: 0 });
    for (const p of held) {
      order.push(p);
      const i = prepared.indexOf(p);
      for (const t of THRESHOLDS) {
        tagger.get(t)?.push(mask(p, modelNames(p.tokens, { ...model, threshold: t })));
        const found = learnedNames(p.view.text, p.tokens, { ...model, threshold: t });
        alone.get(t)?.push(mask(p, found));
        together.get(t)?.push(mask(p, found, rules[i]));
      }
    }
  }
  const sentencesInOrder = order.map((p) => p.sentence);
  const line = (label: string, masks: boolean[][]): string => {
    const r = scoreNameMasks(sentencesInOrder, masks);
    const pl = Object.entries(r.over_redaction.per_label).map(([l, x]) => `${l} ${pct(x.rate)}`).join(', ');
    return `  ${label.padEnd(28)} recall ${pct(r.persons.rate)} (untitled ${pct(r.persons.untitled.rate)}, titled ${pct(r.persons.titled.rate)})  over-redaction ${pct(r.over_redaction.rate)} (${pl})`;
  };
  console.log(`\n${folds}-fold cross-validation over the tuning half (each fold scored by a model trained on the others):`);
  console.log(renderNameCheck(scoreNameMasks(prepared.map((p) => p.sentence), rules), 'rules alone (no model), tuning half'));
  for (const t of THRESHOLDS) {
    console.log(line(`tagger alone, ${t}`, tagger.get(t) ?? []));
    console.log(line(`learnedNames, ${t}`, alone.get(t) ?? []));
    console.log(line(`rules + learnedNames, ${t}`, together.get(t) ?? []));
  }
}

function pct(x: number | null): string {
  return x === null ? '–' : `${(x * 100).toFixed(1)} %`;
}
