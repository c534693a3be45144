/** Does the name tagger learn counselling speech across writers? Leave-one-set-out over the eight
 * labelled counselling sources (`speech-names-lib.ts`: the tuning halves only): for each source,
 * a tagger trained on the name check's tuning half (GSD train) plus the other seven sources is
 * scored on that source, against the tagger trained on GSD alone (what ships today).
 *
 * Per source and pooled it prints:
 * - the tagger alone (every candidate token scored, `modelNames`) and what `learnedNames` keeps of
 *   it: recall of the PII strings that are names (a string counts as found when every character
 *   of every occurrence is covered), and over-redaction (the share of its runs that overlap no
 *   labelled PII string of the case);
 * - with `--full`, the whole redaction (every detector, as `honne eval` runs it) with each model:
 *   PII recall over every labelled string (`findLeaks`: a surviving part is a leak) and
 *   over-redaction (`findOverRedactions`). The rules were tuned on these halves, so this shows
 *   little headroom; the tagger alone says whether it generalises.
 *
 * --labels persons labels only persons' strings (`isPersonString`) as name pieces in training.
 *
 *   node bin/run-ts.mjs scripts/names-loso.ts [--threshold 2] [--epochs 8] [--full] [--labels persons] [--only dev5]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadJapaneseTokenizer, type JaTokenizer } from '../pipeline/analyze/tokenizer.js';
import { findLeaks } from '../pipeline/eval/leaks.js';
import { parseCheckSentences, selectSplit } from '../pipeline/eval/ner-check.js';
import { findOverRedactions } from '../pipeline/eval/over-redaction.js';
import { goldSession } from '../pipeline/eval/run.js';
import { modelNames, nameModelFrom, releaseNameModel, useNameModel, type NameModel } from '../pipeline/redact/name-model.js';
import { learnedNames } from '../pipeline/redact/names.js';
import { toOriginal } from '../pipeline/redact/normalize.js';
import { redactStage } from '../pipeline/session.js';
import { z } from 'zod';
import { loadSpeechSource, occurrencesIn, SPEECH_SOURCES, type SpeechCase, type SpeechSegment, type SpeechSource } from './speech-names-lib.js';
import { prepareSentence, trainNameModel } from './train-names-lib.js';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: 'fixtures/ner-check/gsd-names.jsonl' },
    threshold: { type: 'string', default: '2' },
    epochs: { type: 'string', default: '8' },
    full: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    /** Speech tokens labelled name pieces: of every name string, or of persons' only. */
    labels: { type: 'string', default: 'names' },
  },
});
const SpeechLabelsSchema = z.enum(['names', 'persons']);
const threshold = Number(values.threshold);
const epochs = Number(values.epochs);
const THRESHOLDS = [threshold - 2, threshold, threshold + 2];

const tokenizer = await loadJapaneseTokenizer();
const gsd = selectSplit(parseCheckSentences(readFileSync(values.file, 'utf8'), values.file), 'tuning', values.file).map((s) => prepareSentence(tokenizer, s));
const labels = SpeechLabelsSchema.parse(values.labels);
const speech = new Map<SpeechSource, SpeechCase[]>(SPEECH_SOURCES.map((s) => [s, loadSpeechSource(tokenizer, s, labels)]));
for (const [s, cases] of speech) {
  const segs = cases.flatMap((c) => c.tagged);
  const ex = segs.flatMap((x) => x.examples);
  console.log(`${s}: ${cases.length} cases, ${segs.length} Japanese segments, ${ex.length} examples (${ex.filter((e) => e[1].label === 'N').length} name pieces), ${cases.reduce((n, c) => n + c.names.length, 0)} name strings (${cases.reduce((n, c) => n + c.persons.length, 0)} persons')`);
}

const model = (set: ReadonlyArray<{ examples: SpeechSegment['examples'] }>): NameModel => nameModelFrom({ ...trainNameModel(set, epochs), threshold: 0 });
const gsdOnly = model(gsd);

interface Tally {
  found: number;
  names: number;
  /** Of them, persons' strings (`isPersonString`). */
  pfound: number;
  persons: number;
  over: number;
  runs: number;
}
const zero = (): Tally => ({ found: 0, names: 0, pfound: 0, persons: 0, over: 0, runs: 0 });
const add = (a: Tally, b: Tally): void => {
  a.found += b.found;
  a.names += b.names;
  a.pfound += b.pfound;
  a.persons += b.persons;
  a.over += b.over;
  a.runs += b.runs;
};

/** Name recall and over-redaction of ranges (of each segment's NFKC view) on one case. */
function scoreRanges(c: SpeechCase, find: (seg: SpeechSegment) => ReadonlyArray<{ start: number; end: number }>): Tally {
  const t = zero();
  const pii = [...new Set(c.gold.labels.pii)];
  const covered = new Map<string, boolean>();
  for (const seg of c.tagged) {
    const spans = find(seg).map((r) => toOriginal(seg.view, r.start, r.end));
    const labelled = occurrencesIn(pii, seg.text);
    t.runs += spans.length;
    t.over += spans.filter((s) => !labelled.some((o) => o.start < s.end && s.start < o.end)).length;
    for (const name of c.names) {
      for (const o of occurrencesIn([name], seg.text)) {
        let whole = true;
        for (let i = o.start; i < o.end && whole; i++) whole = /\s/u.test(seg.text[i] ?? '') || spans.some((s) => s.start <= i && i < s.end);
        covered.set(name, (covered.get(name) ?? true) && whole);
      }
    }
  }
  t.names = covered.size;
  t.found = [...covered.values()].filter(Boolean).length;
  const persons = [...covered].filter(([name]) => c.persons.includes(name));
  t.persons = persons.length;
  t.pfound = persons.filter(([, ok]) => ok).length;
  return t;
}

/** The whole redaction of one case, as `honne eval` runs it, with the model in use. */
function fullRedaction(c: SpeechCase, tk: JaTokenizer): Tally {
  const session = goldSession(c.gold, { file: `${c.dir}/cases.jsonl`, line: 1, root: c.dir });
  const r = redactStage(session, { format: 'text', encoding: 'utf-8', segments: c.segments }, {
    tokenizer: tk,
    companyName: () => c.gold.company_name,
    companyAliases: () => c.gold.company_aliases,
    knownNames: () => [c.gold.employee_name, c.gold.consultant_name].filter((n): n is string => n !== undefined),
  });
  const pii = [...new Set(c.gold.labels.pii)];
  const leaks = findLeaks(pii, r.segments.map((s) => s.text), tk);
  const spans = r.spans ?? [];
  const over = findOverRedactions(pii, spans.map((s, i) => ({ text: c.segments[i]?.text ?? '', spans: s })));
  return { found: pii.length - leaks.length, names: pii.length, pfound: 0, persons: 0, over: over.length, runs: spans.reduce((n, s) => n + s.length, 0) };
}

const pct = (a: number, b: number): string => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)} %`);
const fmt = (t: Tally): string =>
  `${pct(t.found, t.names)} (${t.found}/${t.names})${t.persons > 0 ? ` persons ${pct(t.pfound, t.persons)} (${t.pfound}/${t.persons})` : ''} over ${pct(t.over, t.runs)} (${t.over}/${t.runs})`;

/** What is scored: every candidate token (`tagger`), only stretches with a proper noun or an
 * unknown word in them (`tagger proper`, what `learnedNames` scores), and `learnedNames` with its
 * speech gate. */
const FIND = {
  tagger: (seg: SpeechSegment, m: NameModel) => modelNames(seg.tokens, m),
  'tagger proper': (seg: SpeechSegment, m: NameModel) => modelNames(seg.tokens, m, true),
  learnedNames: (seg: SpeechSegment, m: NameModel) => learnedNames(seg.view.text, seg.tokens, m),
} as const;
type Row = keyof typeof FIND;
const ROWS = Object.keys(FIND) as Row[];
const VARIANTS = ['gsd', 'gsd+speech'] as const;
const pooled = new Map<string, Tally>();
const full = new Map<string, Tally>();
const held = values.only === undefined ? SPEECH_SOURCES : SPEECH_SOURCES.filter((s) => values.only?.includes(s));
for (const source of held) {
  const others = SPEECH_SOURCES.filter((s) => s !== source).flatMap((s) => (speech.get(s) ?? []).flatMap((c) => c.tagged));
  const models: Record<(typeof VARIANTS)[number], NameModel> = { gsd: gsdOnly, 'gsd+speech': model([...gsd, ...others]) };
  const cases = speech.get(source) ?? [];
  console.log(`\n${source} (held out; ${cases.length} cases)`);
  for (const v of VARIANTS) {
    for (const t of THRESHOLDS) {
      const m = { ...models[v], threshold: t };
      for (const row of ROWS) {
        const tally = zero();
        for (const c of cases) add(tally, scoreRanges(c, (seg) => FIND[row](seg, m)));
        const key = `${v} ${row} ${t}`;
        if (!pooled.has(key)) pooled.set(key, zero());
        add(pooled.get(key) as Tally, tally);
        console.log(`  ${key.padEnd(30)} names ${fmt(tally)}`);
      }
    }
    if (values.full) {
      useNameModel({ ...models[v], threshold });
      const tally = zero();
      for (const c of cases) add(tally, fullRedaction(c, tokenizer));
      releaseNameModel();
      const key = `${v} full redaction ${threshold}`;
      if (!full.has(key)) full.set(key, zero());
      add(full.get(key) as Tally, tally);
      console.log(`  ${key.padEnd(30)} all PII ${fmt(tally)}`);
    }
  }
}
console.log(`\npooled over ${held.join(', ')}:`);
for (const [key, t] of pooled) console.log(`  ${key.padEnd(30)} names ${fmt(t)}`);
for (const [key, t] of full) console.log(`  ${key.padEnd(30)} all PII ${fmt(t)}`);
