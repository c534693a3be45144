import { describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer } from './tokenizer.js';

describe('loadJapaneseTokenizer', () => {
  it('builds one tokenizer per process and tokenizes with IPADIC features', async () => {
    const [a, b] = await Promise.all([loadJapaneseTokenizer(), loadJapaneseTokenizer()]);
    expect(a).toBe(b);
    expect(a.tokenize('転職を考えた').map((t) => [t.surface_form, t.pos, t.basic_form])).toEqual([
      ['転職', '名詞', '転職'],
      ['を', '助詞', 'を'],
      ['考え', '動詞', '考える'],
      ['た', '助動詞', 'た'],
    ]);
  });
});
