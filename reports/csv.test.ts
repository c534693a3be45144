import { describe, expect, it } from 'vitest';
import { neutraliseFormula } from './csv.js';
import { safeName } from './write.js';

describe('CSV cells', () => {
  it('never start a formula in Excel', () => {
    expect(['=HYPERLINK("x")', '+1', '-x', '@SUM(A1)', '\tx', '営業部', 'a=b'].map(neutraliseFormula)).toEqual([
      `'=HYPERLINK("x")`, `'+1`, `'-x`, `'@SUM(A1)`, `'\tx`, '営業部', 'a=b',
    ]);
  });
});

describe('report paths', () => {
  it('keep a company id inside the output folder', () => {
    expect(['C001', '../etc', '..', 'a/b', '株式会社-01', '.hidden'].map(safeName)).toEqual(['C001', '___etc', '__', 'a_b', '株式会社-01', '_hidden']);
  });
});
