import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { apply, detect } from '../pipeline/redact/redact.js';
const tokenizer = await loadJapaneseTokenizer();
for (const s of process.argv.slice(2)) {
  const lang = /[\u3040-\u30ff\u4e00-\u9fff]/u.test(s) ? 'ja' : 'en';
  console.log(apply(s, detect(s, { language: lang, speakerNames: [], tokenizer } as never)));
}
