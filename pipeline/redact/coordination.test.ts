import { beforeAll, describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer, type JaTokenizer } from '../analyze/tokenizer.js';
import { coordinatedEnglishNames, coordinatedNames } from './coordination.js';

let tokenizer: JaTokenizer;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
});

describe('coordinatedNames', () => {
  it('finds a given name listed with a found name, either side, with or without its honorific', () => {
    const found = coordinatedNames(['新人が二人。湊とリオ。', 'リオさんと楓は同期です。'], ['リオ'], tokenizer);
    expect([...found].sort()).toEqual(['楓', '湊']);
  });

  it('takes no destination, object or kin word beside a found name', () => {
    const found = coordinatedNames(['リオと海に行った。リオと空を見た。リオと母が来た。上とリオが揉めた。'], ['リオ'], tokenizer);
    expect([...found]).toEqual([]);
  });

  it('takes nothing without a found name to list it with', () => {
    expect([...coordinatedNames(['湊と楓。'], [], tokenizer)]).toEqual([]);
  });
});

describe('coordinatedEnglishNames', () => {
  it('finds a capitalised word joined by and to a found name, not a word the dictionary knows', () => {
    const found = coordinatedEnglishNames(['Meenakshi and Ishaan left. Ishaan and Google. Monday and Ishaan.'], ['Ishaan']);
    expect([...found]).toEqual(['Meenakshi']);
  });
});
