/** Why the local rules found (or missed) a theme or signal in a tuning case: every piece of
 * evidence for it, with its modifiers, its strength after them and the text around it.
 * For dev cases only (`fixtures/gold` odd ids, `fixtures/dev2`): never run it on held-out or
 * blind cases.
 *
 *   node bin/run-ts.mjs scripts/explain-themes.ts --gold fixtures/dev2 d-003 [d-007 …] [--target theme:health]
 *   node bin/run-ts.mjs scripts/explain-themes.ts --gold fixtures/dev2 --errors   (every theme error of the set)
 * `--lexicon VERSION` explains with a registered version instead of the current one; `--target
 * hedge:retention_risk` (or `commitment:`, `approach:`, `signal:`) shows a signal's stance matches. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDoc } from '../pipeline/analyze/document.js';
import { bundledLexicons, lexiconsOfVersion } from '../pipeline/analyze/lexicon.js';
import { analyzeLocally } from '../pipeline/analyze/local.js';
import { compileLexicon } from '../pipeline/analyze/rules.js';
import { collectEvidence, type Evidence } from '../pipeline/analyze/score.js';
import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { parseGoldCases } from '../pipeline/eval/gold.js';
import { goldSession } from '../pipeline/eval/run.js';
import { redactStage, transcriptStage } from '../pipeline/session.js';
import { noRecordings, noTranscriber } from '../pipeline/transcripts/none.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { gold: { type: 'string', default: 'fixtures/gold' }, target: { type: 'string' }, errors: { type: 'boolean', default: false }, lexicon: { type: 'string' } },
});
const file = join(values.gold, 'cases.jsonl');
const entries = parseGoldCases(readFileSync(file, 'utf8'), file);
if (entries.some((e) => positionals.includes(e.case.id) && e.case.split !== 'dev')) throw new Error('only dev cases may be explained');
const tokenizer = await loadJapaneseTokenizer();
const lexicons = values.lexicon !== undefined ? lexiconsOfVersion(values.lexicon) : bundledLexicons();
const compiled = { ja: compileLexicon(lexicons.ja, tokenizer), en: compileLexicon(lexicons.en, tokenizer) };

for (const entry of entries) {
  const c = entry.case;
  if (c.split !== 'dev' || (!values.errors && !positionals.includes(c.id))) continue;
  const session = goldSession(c, { file, line: entry.line, root: dirname(resolve(file)) });
  const transcript = await transcriptStage(session, { read: (p) => Promise.resolve(readFileSync(join(values.gold, p))), openRecording: noRecordings, transcriber: noTranscriber });
  const redacted = redactStage(session, transcript, { tokenizer, companyName: () => c.company_name, companyAliases: () => c.company_aliases, knownNames: () => [c.employee_name, c.consultant_name].filter((n): n is string => n !== undefined) });
  const client = redacted.segments.filter((s) => s.role === 'client').map((s) => s.text);
  const lexicon = compiled[c.language];
  const { scores, analysis } = analyzeLocally(client, lexicon, tokenizer, { minThemeConfidence: lexicon.calibration.theme_min_confidence, maxKeywords: 100 });
  const predicted = analysis.themes.map((t) => t.theme);
  const gold = c.labels.themes;
  const fp = predicted.filter((t) => !gold.includes(t));
  const fn = gold.filter((t) => !predicted.includes(t));
  if (values.errors && fp.length === 0 && fn.length === 0) continue;
  console.log(`\n=== ${c.id} gold [${gold.join(', ')}] predicted [${predicted.join(', ')}] FP [${fp.join(', ')}] FN [${fn.join(', ')}] retention ${c.labels.retention_risk}/${scores.signals.retention_risk.level} mh ${c.labels.mental_health_risk}/${scores.signals.mental_health_risk.level}`);
  const doc = buildDoc(client, lexicon, tokenizer);
  const evidence = collectEvidence(doc, lexicon);
  const targets = values.target !== undefined ? [values.target] : [...fp, ...fn].map((t) => `theme:${t}`);
  for (const target of targets) {
    console.log(`  -- ${target} ${scores.themes[target.replace('theme:', '') as keyof typeof scores.themes] ?? ''}`);
    for (const e of evidence.get(target) ?? []) console.log(`     ${describe(e)}  ${context(doc.text, doc.tokens[e.start]?.start ?? 0, doc.tokens[e.end - 1]?.end ?? 0)}`);
  }
}

function describe(e: Evidence): string {
  const flags = (['negated', 'hypothetical', 'past', 'conditional', 'aboutOthers', 'hearsay', 'denied', 'echo'] as const).filter((k) => e[k]).join(',');
  return `${e.rule.weight.toFixed(2)} ${e.rule.id.slice(0, 40).padEnd(40)} ${flags}`;
}

function context(text: string, start: number, end: number): string {
  const lineStart = text.lastIndexOf('\n', start) + 1;
  const lineEnd = text.indexOf('\n', end);
  return `${text.slice(Math.max(lineStart, start - 40), start)}【${text.slice(start, end)}】${text.slice(end, Math.min(lineEnd < 0 ? text.length : lineEnd, end + 30))}`.replaceAll('\n', ' ');
}
