/** `npm run check:names`: the independent name check. Runs every sentence of the vendored check
 * set (fixtures/ner-check/, from a public corpus nobody on the team labelled) through the
 * product's redaction stage — each sentence as the client's speech in a session of its own,
 * with no company name and no speaker names — and prints person-name recall and over-redaction.
 * Offline; figures only, never the sentences. Never tune on it (fixtures/ner-check/README.md).
 *
 *   node bin/run-ts.mjs scripts/check-names.ts [--file fixtures/ner-check/gsd-names.jsonl] [--json]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { renderNameCheck, parseCheckSentences, scoreNameCheck } from '../pipeline/eval/ner-check.js';
import { goldSession } from '../pipeline/eval/run.js';
import { redactStage } from '../pipeline/session.js';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: 'fixtures/ner-check/gsd-names.jsonl' },
    json: { type: 'boolean', default: false },
  },
});

const sentences = parseCheckSentences(readFileSync(values.file, 'utf8'), values.file);
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
if (values.json) console.log(JSON.stringify({ file: values.file, ...report, ms: Math.round(ms) }, null, 2));
else console.log(`${renderNameCheck(report, values.file)}\n  (${(ms / 1000).toFixed(1)} s)`);
