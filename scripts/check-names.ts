/** `npm run check:names`: the independent name check. Runs the check half of the vendored
 * corpus (fixtures/ner-check/: its `dev-*` and `test-*` sentences, from a public corpus nobody on
 * the team labelled) through the
 * product's redaction stage — each sentence as the client's speech in a session of its own,
 * with no company name and no speaker names — and prints person-name recall and over-redaction.
 * Offline; figures only, never the sentences. Never tune on it (fixtures/ner-check/README.md);
 * `--split tuning` scores the `train-*` half instead, the public tuning set.
 *
 *   node bin/run-ts.mjs scripts/check-names.ts [--file fixtures/ner-check/gsd-names.jsonl] [--split check|tuning] [--json]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { renderNameCheck, parseCheckSentences, scoreNameCheck, selectSplit } from '../pipeline/eval/ner-check.js';
import { goldSession } from '../pipeline/eval/run.js';
import { redactStage } from '../pipeline/session.js';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: 'fixtures/ner-check/gsd-names.jsonl' },
    split: { type: 'string', default: 'check' },
    json: { type: 'boolean', default: false },
  },
});
const split = values.split;
if (split !== 'check' && split !== 'tuning') throw new Error(`--split must be check or tuning, not ${split}`);

const sentences = selectSplit(parseCheckSentences(readFileSync(values.file, 'utf8'), values.file), split, values.file);
const tokenizer = await loadJapaneseTokenizer();
const started = performance.now();
const redacted = sentences.map((s) => {
  const session = goldSession(
    { id: s.id, language: 'ja', transcript: values.file, labels: { themes: [], retention_risk: 'low', mental_health_risk: 'low', pii: [] } },
    { file: values.file, line: 0, root: '.' },
  );
  const transcript = { format: 'text' as const, encoding: 'utf-8', segments: [{ start: null, end: null, speaker: 'client', role: 'client' as const, text: s.text }] };
  return redactStage(session, transcript, { tokenizer }).segments[0]?.text ?? s.text;
});
const report = scoreNameCheck(sentences, redacted);
const ms = performance.now() - started;
if (values.json) console.log(JSON.stringify({ file: values.file, split, ...report, ms: Math.round(ms) }, null, 2));
else console.log(`${renderNameCheck(report, `${values.file}, ${split} half`)}\n  (${(ms / 1000).toFixed(1)} s)`);
