import { describe, expect, it } from 'vitest';
import { findOverRedactions } from './over-redaction.js';

describe('findOverRedactions', () => {
  const text = '上司の栗山さんが毎日クリニックに行けって。Kelly from ACME said so.';
  const at = (piece: string): { start: number; end: number } => ({ start: text.indexOf(piece), end: text.indexOf(piece) + piece.length });

  it('lists the text of redactions that overlap no labelled PII string', () => {
    expect(findOverRedactions(['栗山'], [{ text, spans: [at('栗山'), at('毎日クリニック')] }])).toEqual(['毎日クリニック']);
  });

  it('counts a redaction as labelled when it covers a label in part or more than it (栗山さん, ACME said)', () => {
    expect(findOverRedactions(['栗山', 'ACME'], [{ text, spans: [at('栗山さん'), at('ACME said')] }])).toEqual([]);
    expect(findOverRedactions(['栗山さんが'], [{ text, spans: [at('栗山')] }])).toEqual([]);
  });

  it('matches a Latin label without regard to case, and every occurrence of a label', () => {
    const twice = 'kelly said Kelly';
    expect(findOverRedactions(['KELLY'], [{ text: twice, spans: [{ start: 0, end: 5 }, { start: 11, end: 16 }] }])).toEqual([]);
  });

  it('reads each segment against its own text', () => {
    expect(
      findOverRedactions(['栗山'], [
        { text: '栗山です', spans: [{ start: 0, end: 2 }] },
        { text: 'はい、山本です', spans: [{ start: 3, end: 5 }] },
      ]),
    ).toEqual(['山本']);
  });
});
