/** What `train-names.ts` and `names-errors.ts` share: a check sentence's tagger examples, and an
 * averaged perceptron (`wink-perceptron`) trained on them, as the shipped file's weights. */
import perceptron from 'wink-perceptron';
import { positionTokens, type PositionedToken, type JaTokenizer } from '../pipeline/analyze/tokenizer.js';
import type { CheckSentence } from '../pipeline/eval/ner-check.js';
import { isCandidate, NAME_FEATURES_VERSION, tokenFeatures, type NameModelFile } from '../pipeline/redact/name-model.js';
import { normalizedView, toOriginal, type NormalizedView } from '../pipeline/redact/normalize.js';

export interface Prepared {
  sentence: CheckSentence;
  view: NormalizedView;
  tokens: PositionedToken[];
  examples: Array<[Record<string, number>, { label: 'N' | 'O' }]>;
}

/** Each candidate token of the sentence's NFKC view is one example, a name piece when it
 * overlaps a PERSON span. */
export function prepareSentence(tokenizer: JaTokenizer, sentence: CheckSentence): Prepared {
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
export function trainNameModel(
  set: ReadonlyArray<Pick<Prepared, 'examples'>>,
  epochs = 8,
  trainedOn = `UD Japanese GSD train sentences with Megagon Labs NE labels (fixtures/ner-check/gsd-names.jsonl, ${set.length} sentences)`,
): Omit<NameModelFile, 'threshold'> {
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
    trained_on: trainedOn,
    licence: 'CC BY-SA 4.0 (a model derived from the corpus; see fixtures/ner-check/README.md)',
    features: NAME_FEATURES_VERSION,
    bias: Math.round(((biases['N'] ?? 0) - (biases['O'] ?? 0)) * 1000) / 1000,
    weights: diff,
  };
}
