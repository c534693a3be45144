/** `node bin/run-ts.mjs scripts/redact-dev.ts [file]`: PII recall and over-redaction of the
 * redactor on its own dev sentences (`pipeline/redact/spoken.dev.jsonl`), with every leak and
 * every over-redacted string. Numbers, never assertions (the test asserts per case). */
import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { readDevCases, scoreDevCase } from '../pipeline/redact/devset.js';
import { detect } from '../pipeline/redact/redact.js';

const file = process.argv[2] ?? 'pipeline/redact/spoken.dev.jsonl';
const tokenizer = await loadJapaneseTokenizer();
let pii = 0;
let keep = 0;
let leaked = 0;
let over = 0;
for (const c of readDevCases(file)) {
  const score = scoreDevCase(c, detect(c.text, { language: c.lang, speakerNames: [], tokenizer }));
  pii += c.pii.length;
  keep += c.keep.length;
  leaked += score.leaked.length;
  over += score.overRedacted.length;
  for (const s of score.leaked) console.log(`  leaked    ${c.id}  ${s}`);
  for (const s of score.overRedacted) console.log(`  over      ${c.id}  ${s}`);
}
console.log(`PII recall ${((pii - leaked) / pii).toFixed(3)} (${pii - leaked}/${pii}); over-redaction ${(over / keep).toFixed(3)} (${over}/${keep} strings that must survive)`);
