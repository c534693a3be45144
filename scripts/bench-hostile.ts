/** `npm run bench:hostile`: redaction and analysis of one segment built to hurt, per kind of
 * attack, at a chosen length. Numbers, never assertions: each line is the time one segment took,
 * so that a detector or tokenizer step that turns quadratic shows at once (doubling `--chars`
 * should double the times, not quadruple them).
 *
 *   node bin/run-ts.mjs scripts/bench-hostile.ts [--chars 100000] [--only katakana,emoji]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLocalProvider } from '../pipeline/analyze/local.js';
import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { parseGoldCases } from '../pipeline/eval/gold.js';
import { goldSession } from '../pipeline/eval/run.js';
import { mulberry32 } from '../pipeline/random.js';
import type { Session, Transcript } from '../pipeline/schemas.js';
import { analyzeStage, redactStage } from '../pipeline/session.js';

const { values } = parseArgs({ options: { chars: { type: 'string', default: '100000' }, only: { type: 'string' } } });
const n = Number(values.chars);
const only = values.only?.split(',');  // attack names as printed

const random = mulberry32(7);
const repeat = (unit: string): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const attacks: Record<string, string> = {
  'さん': repeat('さん'),
  'random kanji': Array.from({ length: n }, () => String.fromCharCode(0x4e00 + Math.floor(random() * 2000))).join(''),
  'one surname': repeat('山田'),
  'surname + さん、': repeat('田中さん、'),
  'many different names + さん、': Array.from({ length: Math.ceil(n / 5) }, () => `${String.fromCharCode(0x4e00 + Math.floor(random() * 2000))}${String.fromCharCode(0x4e00 + Math.floor(random() * 2000))}さん、`).join('').slice(0, n),
  katakana: repeat('ア'),
  'katakana and ・': repeat('ア・'),
  digits: repeat('1'),
  'kanji numerals': repeat('〇三'),
  symbols: repeat('★'),
  emoji: repeat('😀'),
  'Latin words': repeat('a '),
  'titles, names and numbers mixed': repeat('佐藤部長とアイウエオ株式会社の〇九〇の'),
  'recovery and symptom': repeat('もう治りました。眠れない。'),
  'legal form': repeat('株式会社'),
  'katakana name and a person verb': repeat('ヌグエマは村で生まれた。'),
  'katakana ・ run before a ruler': `${repeat('アイ・').slice(0, n - 3)}2世`,
  'words before a spoken at': `${repeat('abc ').slice(0, n - 3)}アット`,
  'pieces of a spoken address': `${repeat('ab、ドット、').slice(0, n - 3)}アット`,
};

const casesFile = 'fixtures/gold/cases.jsonl';
const first = parseGoldCases(readFileSync(casesFile, 'utf8'), casesFile).find((e) => e.case.language === 'ja');
if (first === undefined) throw new Error(`no Japanese case in ${casesFile}`);
const session: Session = { ...goldSession(first.case, { file: casesFile, line: first.line, root: 'fixtures/gold' }), language: 'ja' };
const tokenizer = await loadJapaneseTokenizer();
const provider = createLocalProvider({ tokenizer });

console.log(`one hostile client segment of ${n.toLocaleString('en')} characters, per attack: redaction, analysis (ms)`);
for (const [name, text] of Object.entries(attacks)) {
  if (only !== undefined && !only.includes(name)) continue;
  const transcript: Transcript = {
    format: 'text',
    encoding: 'utf-8',
    segments: [
      { start: 0, end: 1, speaker: '相談者', role: 'client', text },
      { start: 1, end: 2, speaker: 'CC', role: 'consultant', text: 'はい。' },
    ],
  };
  const t0 = performance.now();
  const redacted = redactStage(session, transcript, { tokenizer, companyName: () => first.case.company_name });
  const t1 = performance.now();
  await analyzeStage(session, transcript, redacted, provider);
  const t2 = performance.now();
  console.log(`  ${name.padEnd(32)} ${String(Math.round(t1 - t0)).padStart(7)} ${String(Math.round(t2 - t1)).padStart(7)}`);
}
