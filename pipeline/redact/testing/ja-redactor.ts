/** Japanese redaction of one sentence with kuromoji, as the redaction tests call it: the
 * tokenizer is loaded once by the calling file's (or describe's) `beforeAll`. */
import { beforeAll } from 'vitest';
import { loadJapaneseTokenizer, type JaTokenizer } from '../../analyze/tokenizer.js';
import { apply, detect, type RedactContext } from '../redact.js';

export function jaRedactor(): (text: string) => string {
  let tokenizer: JaTokenizer;
  beforeAll(async () => {
    tokenizer = await loadJapaneseTokenizer();
  });
  return (text) => {
    const ctx: RedactContext = { language: 'ja', speakerNames: [], tokenizer };
    return apply(text, detect(text, ctx));
  };
}
