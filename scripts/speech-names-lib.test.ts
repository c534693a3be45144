import { describe, expect, it } from 'vitest';
import { isNameString, isPersonString } from './speech-names-lib.js';

// Strings made up here, in the shapes the labels take; none is taken from a fixture.
describe('typing the untyped PII labels of the counselling sets', () => {
  it('leaves to the rules what they own: numbers written or said, e-mails, handles, URLs, era dates, addresses', () => {
    for (const s of ['080-1111-2222', '〇八〇の一一一一の二二二二', 'hanako.sato@example.com', 'さとう アットマーク example ドット com', '@sato_h_01', 'example.shop/sato', '平成三年五月一日', '架空市北区南町三丁目', 'zero-nine-zero, one-two-three']) {
      expect(isNameString(s), s).toBe(false);
    }
  });

  it('keeps names of people, organisations and brands', () => {
    for (const s of ['佐藤', 'ゆーちゃん', 'ミドリカワ電機', 'ほしぞら歯科クリニック', 'Tom Baker', 'Dr. Okonkwo']) expect(isNameString(s), s).toBe(true);
  });

  it('guesses persons by shape and dictionary, and organisations by how their names end', () => {
    for (const s of ['佐藤', '翔太', 'ゆーちゃん', 'まっつん', 'サトミ', 'Tom Baker']) expect(isPersonString(s), s).toBe(true);
    for (const s of ['ミドリカワ電機', 'ほしぞら歯科クリニック', '架空商事', 'つばめ保育園', 'Hoshizora Dental Clinic', '青空台中']) expect(isPersonString(s), s).toBe(false);
  });
});
