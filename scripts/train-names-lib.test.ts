/** The shipped name model is what `npm run train:names` trains today: a change to the tagger's
 * candidates or features (or to the normalised view it reads) that is not followed by a retrain
 * leaves the shipped weights keyed by features the code no longer produces. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { parseCheckSentences, selectSplit } from '../pipeline/eval/ner-check.js';
import { NAME_MODEL_FILE, type NameModelFile } from '../pipeline/redact/name-model.js';
import { prepareSentence, trainNameModel } from './train-names-lib.js';

const FILE = 'fixtures/ner-check/gsd-names.jsonl';

it('the shipped model is the one train:names trains from the tuning half, feature for feature', { timeout: 120_000 }, async () => {
  const tokenizer = await loadJapaneseTokenizer();
  const sentences = selectSplit(parseCheckSentences(readFileSync(FILE, 'utf8'), FILE), 'tuning', FILE);
  const trained = trainNameModel(sentences.map((s) => prepareSentence(tokenizer, s)));
  const shipped = JSON.parse(gunzipSync(readFileSync(NAME_MODEL_FILE)).toString('utf8')) as NameModelFile;
  expect(trained.features).toBe(shipped.features);
  // Features named first: a drift shows as the features one side has and the other lacks.
  const missing = Object.keys(trained.weights).filter((f) => !(f in shipped.weights));
  const stale = Object.keys(shipped.weights).filter((f) => !(f in trained.weights));
  expect({ missing: missing.length, stale: stale.length }).toEqual({ missing: 0, stale: 0 });
  expect(shipped.bias).toBe(trained.bias);
  expect(shipped.weights).toEqual(trained.weights);
});
