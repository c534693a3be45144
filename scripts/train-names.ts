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
 * With --speech, every model (the written one and each fold's) also learns the counselling sets'
 * tuning halves (`speech-names-lib.ts`; --labels names: every name string's tokens are name
 * pieces, persons: only persons'); `names-loso.ts` measures what that gives on speech, writer by
 * writer. Not what ships (see pipeline/redact/README.md): without --speech the model is the
 * shipped one, byte for byte.
 *
 *   node bin/run-ts.mjs scripts/train-names.ts [--threshold 2] [--epochs 8] [--folds 5] [--no-cv] [--speech [--labels persons]]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { parseCheckSentences, renderNameCheck, scoreNameMasks, selectSplit } from '../pipeline/eval/ner-check.js';
import { modelNames, NAME_MODEL_FILE, nameModelFrom, type NameModel, type NameModelFile } from '../pipeline/redact/name-model.js';
import { toOriginal } from '../pipeline/redact/normalize.js';
import { learnedNames } from '../pipeline/redact/names.js';
import { detect } from '../pipeline/redact/redact.js';
import { loadSpeechSource, SPEECH_SOURCES } from './speech-names-lib.js';
import { prepareSentence, trainNameModel, type Prepared } from './train-names-lib.js';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: 'fixtures/ner-check/gsd-names.jsonl' },
    threshold: { type: 'string', default: '2' },
    epochs: { type: 'string', default: '8' },
    folds: { type: 'string', default: '5' },
    'no-cv': { type: 'boolean', default: false },
    speech: { type: 'boolean', default: false },
    /** With --speech: which labelled strings' tokens are name pieces (names, or persons only). */
    labels: { type: 'string', default: 'names' },
    /** Where the model goes (with --speech, write it elsewhere: it is not the shipped one). */
    out: { type: 'string' },
  },
});
if (values.labels !== 'names' && values.labels !== 'persons') throw new Error(`--labels is names or persons, not ${values.labels}`);
// A model that learned the tuning halves of the counselling sets is an experiment, not the shipped file.
if (values.speech && values.out === undefined) throw new Error('--speech needs --out FILE: that model is not the shipped one');
const threshold = Number(values.threshold);
const epochs = Number(values.epochs);
const folds = Number(values.folds);

const sentences = selectSplit(parseCheckSentences(readFileSync(values.file, 'utf8'), values.file), 'tuning', values.file);
const tokenizer = await loadJapaneseTokenizer();

const prepared = sentences.map((s) => prepareSentence(tokenizer, s));
// With --speech, every model (the shipped one and each fold's) also learns the counselling
// sources' tuning halves; the folds still hold out GSD sentences only.
const speech = values.speech ? SPEECH_SOURCES.flatMap((s) => loadSpeechSource(tokenizer, s, values.labels === 'persons' ? 'persons' : 'names').flatMap((c) => c.tagged)) : [];
const trainedOn = values.speech
  ? `UD Japanese GSD train sentences with Megagon Labs NE labels (fixtures/ner-check/gsd-names.jsonl, ${prepared.length} sentences) and the tuning halves of honne's own counselling sets (fixtures/dev2-dev8 and gold, odd ids: ${speech.length} segments; names among their PII labels)`
  : undefined;
const train = (set: readonly Prepared[]): Omit<NameModelFile, 'threshold'> => trainNameModel([...set, ...speech], epochs, trainedOn);

const started = performance.now();
const full: NameModelFile = { ...train(prepared), threshold };
const packed = gzipSync(JSON.stringify(full), { level: 9 });
const out = values.out ?? NAME_MODEL_FILE.pathname;
writeFileSync(out, packed);
console.log(`trained on ${prepared.length} sentences, ${prepared.reduce((n, p) => n + p.examples.length, 0)} tokens, ${epochs} epochs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`wrote ${out}: ${Object.keys(full.weights).length} features, ${(packed.length / 1024).toFixed(0)} KiB`);

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
