/** Where the person-name redaction goes wrong on the name check's public tuning half (the
 * `train-*` sentences of fixtures/ner-check/; the check half is never read): 5-fold
 * cross-validation as in `train-names.ts`, then one line per person name missed (what the
 * tagger alone and each rule did) and per product, event or work redacted (by which detector).
 *
 *   node bin/run-ts.mjs scripts/names-errors.ts [--folds 5] [--kind missed|over|all] */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadJapaneseTokenizer, positionTokens } from '../pipeline/analyze/tokenizer.js';
import { parseCheckSentences, selectSplit } from '../pipeline/eval/ner-check.js';
import { modelNames, nameModel, nameModelFrom, type NameModelFile } from '../pipeline/redact/name-model.js';
import { toOriginal } from '../pipeline/redact/normalize.js';
import { learnedNames, learnedNameVerdict } from '../pipeline/redact/names.js';
import { detect } from '../pipeline/redact/redact.js';
import { trainNameModel, prepareSentence } from './train-names-lib.js';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: 'fixtures/ner-check/gsd-names.jsonl' },
    folds: { type: 'string', default: '5' },
    kind: { type: 'string', default: 'all' },
  },
});
const folds = Number(values.folds);
const sentences = selectSplit(parseCheckSentences(readFileSync(values.file, 'utf8'), values.file), 'tuning', values.file);
const tokenizer = await loadJapaneseTokenizer();
const prepared = sentences.map((s) => prepareSentence(tokenizer, s));

const verdicts = new Map<string, { person: number; survive: number; other: number }>();
for (let k = 0; k < folds; k++) {
  const held = prepared.filter((_, i) => i % folds === k);
  const file: NameModelFile = { ...trainNameModel(prepared.filter((_, i) => i % folds !== k)), threshold: nameModel().threshold };
  const model = nameModelFrom(file);
  for (const p of held) {
    const { sentence, view } = p;
    const tokens = positionTokens(tokenizer, view.text);
    const orig = (r: { start: number; end: number }) => toOriginal(view, r.start, r.end);
    const spans = detect(sentence.text, { language: 'ja', speakerNames: [], tokenizer }).filter((s) => s.source !== 'model:person');
    const tagger = modelNames(tokens, model).map(orig);
    const learned = learnedNames(view.text, tokens, model).map(orig);
    for (const run of modelNames(tokens, model, true)) {
      const v = learnedNameVerdict(view.text, tokens, run);
      const o = orig(run);
      const hit = sentence.names.find((n) => n.start < o.end && o.start < n.end);
      const c = verdicts.get(v) ?? { person: 0, survive: 0, other: 0 };
      c[hit === undefined ? 'other' : hit.label === 'PERSON' ? 'person' : 'survive']++;
      verdicts.set(v, c);
      if (values.kind === 'verdicts' || values.kind === 'verdicts-person' && hit?.label === 'PERSON') console.log(`RUN ${v} ${hit?.label ?? '-'} ${sentence.text.slice(Math.max(0, o.start - 8), o.start)}【${sentence.text.slice(o.start, o.end)}】${sentence.text.slice(o.end, o.end + 8)}`);
    }
    const covers = (rs: ReadonlyArray<{ start: number; end: number }>, a: number, b: number): boolean => {
      for (let c = a; c < b; c++) if (!rs.some((r) => r.start <= c && c < r.end)) return false;
      return true;
    };
    const touches = (rs: ReadonlyArray<{ start: number; end: number }>, a: number, b: number): boolean => rs.some((r) => r.start < b && a < r.end);
    const toks = tokens.map((t) => `${t.token.surface_form}/${t.token.pos_detail_1}${t.token.pos_detail_2 !== '*' ? '.' + t.token.pos_detail_2 : ''}${t.token.word_type === 'UNKNOWN' ? '?' : ''}`).join(' ');
    for (const n of sentence.names) {
      const name = sentence.text.slice(n.start, n.end);
      const all = [...spans, ...learned];
      if (n.label === 'PERSON') {
        if (covers(all, n.start, n.end) || values.kind !== 'all' && values.kind !== 'missed') continue;
        const ctx = sentence.text.slice(Math.max(0, n.start - 10), n.start) + '【' + name + '】' + sentence.text.slice(n.end, n.end + 10);
        console.log(`MISS ${sentence.id} tagger=${covers(tagger, n.start, n.end) ? 'y' : touches(tagger, n.start, n.end) ? 'part' : 'n'} learned=${covers(learned, n.start, n.end) ? 'y' : 'n'} ${ctx}\n     ${toks.slice(0, 400)}`);
      } else {
        if (!touches(all, n.start, n.end) || values.kind !== 'all' && values.kind !== 'over') continue;
        const by = [...new Set(all.filter((r) => r.start < n.end && n.start < r.end).map((r) => ('source' in r ? (r as { source: string }).source : 'model:person')))];
        const ctx = sentence.text.slice(Math.max(0, n.start - 10), n.start) + '【' + name + '】' + sentence.text.slice(n.end, n.end + 10);
        console.log(`OVER ${sentence.id} ${n.label} by=${by.join(',')} ${ctx}`);
      }
    }
  }
}
for (const [v, c] of [...verdicts].sort()) console.log(`${v.padEnd(24)} person ${c.person}  must-survive ${c.survive}  other ${c.other}`);
