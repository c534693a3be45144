/** Person-name recall and over-redaction on `pipeline/redact/names.dev.jsonl`: sentences written
 * for tuning (names in context without honorifics; common nouns, products and events that must
 * survive). Numbers, never assertions (`names.test.ts` holds the floors).
 *
 *   node bin/run-ts.mjs scripts/names-dev.ts [--verbose]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { scoreNameCases, parseNameCases } from '../pipeline/redact/names-dev.js';

const { values } = parseArgs({ options: { verbose: { type: 'boolean', default: false }, file: { type: 'string', default: 'pipeline/redact/names.dev.jsonl' } } });
const cases = parseNameCases(readFileSync(values.file, 'utf8'), values.file);
const tokenizer = await loadJapaneseTokenizer();
const score = scoreNameCases(cases, tokenizer);
console.log(`names: ${score.names.found}/${score.names.total} redacted (recall ${score.names.recall.toFixed(3)})`);
console.log(`kept words: ${score.kept.wrong}/${score.kept.total} wrongly redacted (over-redaction ${score.kept.rate.toFixed(3)})`);
if (values.verbose) for (const line of score.misses) console.log('  ' + line);
