import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
const t = await loadJapaneseTokenizer();
for (const s of process.argv.slice(2)) console.log(s, t.tokenize(s).map((x) => `${x.surface_form}/${x.pos_detail_1}/${x.pos_detail_2}/${x.word_type}`).join(' '));
