import { describe, expect, it } from 'vitest';
import { namedCaseIds } from './named-ids.js';

const named = (id: string, pii: string[]) => namedCaseIds([{ id, labels: { pii } } as never]).has(id);

describe('namedCaseIds', () => {
  it('attack: withholds a case id that spells its person over separators or by reading (森_本, 森楓, morimoto, モリモト, もりもと beside 森本 楓)', () => {
    for (const id of ['g-森_本-01', 'g-森・本', 'g-morimoto-01', 'g-ＭＯＲＩＭＯＴＯ', 'g-モリモト-01', 'g-もりもと']) expect(named(id, ['森本 楓']), id).toBe(true);
    // a whole name of one-kanji parts, each too short to be a piece alone
    expect(named('g-森楓-2', ['森 楓'])).toBe(true);
  });

  it('keeps an id that holds none of its labels', () => {
    for (const id of ['g-sales-01', 'case-0042', 'h-2']) expect(named(id, ['森本 楓']), id).toBe(false);
    // one kanji of a name alone is any word's (森林)
    expect(named('g-森林-1', ['森 楓'])).toBe(false);
  });

  it('a short number shared with a label names nobody (u-031 beside 03-6418-2290); a phone group does', () => {
    expect(named('u-031', ['03-6418-2290'])).toBe(false);
    expect(named('x-090', ['090-1234-5678'])).toBe(false);
    expect(named('c-6418', ['03-6418-2290'])).toBe(true);
  });
});
