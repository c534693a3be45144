import { beforeAll, describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer, type JaTokenizer } from '../analyze/tokenizer.js';
import { addressPlaces, placePattern } from './session-places.js';

let tokenizer: JaTokenizer;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
});

describe('addressPlaces', () => {
  it('carries the town below the municipality, not the prefecture, city or ward', () => {
    const places = addressPlaces(['大阪府大阪市北区梅田1丁目'], tokenizer);
    expect(places.has('梅田')).toBe(true);
    expect([...places].some((p) => /大阪|北区/u.test(p))).toBe(false);
  });

  it('carries the start of a town kuromoji reads as one word with its district', () => {
    expect(addressPlaces(['竹浦の浜町3丁目'], tokenizer).has('竹浦')).toBe(true);
  });

  it('leaves a municipality whose 町 has another place after it', () => {
    expect(addressPlaces(['白老町竹浦町'], tokenizer).has('白老')).toBe(false);
  });
});

describe('placePattern', () => {
  it('matches a carried place as a whole word before a particle only', () => {
    const re = placePattern(new Set(['梅田']));
    expect('梅田で会って、梅田駅と北梅田。'.match(re ?? /$^/u)).toEqual(['梅田']);
    expect(placePattern(new Set())).toBeNull();
  });
});
