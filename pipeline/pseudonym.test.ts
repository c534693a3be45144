import { describe, expect, it } from 'vitest';
import { caseVariants, employeeIdSpellings, pseudonymise, VARIANT_CHARS } from './pseudonym.js';

describe('pseudonymise', () => {
  it('is keyed, per company, and hides the raw id', () => {
    const a = pseudonymise('key-one-xxxxxxxxxx', 'c1', 'E100');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain('E100');
    expect(pseudonymise('key-one-xxxxxxxxxx', 'c1', 'E100')).toBe(a);
    expect(pseudonymise('key-two-xxxxxxxxxx', 'c1', 'E100')).not.toBe(a);
    expect(pseudonymise('key-one-xxxxxxxxxx', 'c2', 'E100')).not.toBe(a);
  });
});

describe('employeeIdSpellings', () => {
  it('attack: reaches an id a later manifest wrote in a mixed case (Emp-f0 for EMP-F0), not only in lower or upper case', () => {
    const spellings = employeeIdSpellings('EMP-F0');
    for (const id of ['EMP-F0', 'emp-f0', 'Emp-f0', 'eMP-F0', 'EMP-f0']) expect(spellings).toContain(id);
    expect(spellings).toHaveLength(16);
    // an id of many letters: lower and upper case only (2^11 spellings would be too many)
    expect(employeeIdSpellings('abcdefghijk')).toEqual(['abcdefghijk', 'ABCDEFGHIJK']);
  });
});

describe('caseVariants', () => {
  it("gives the start of the pseudonym of every other letter case of the id, never the id's own", () => {
    const v = caseVariants('k'.repeat(20), 'C1', 'Ab-1');
    expect([...v].sort()).toEqual(['ab-1', 'aB-1', 'AB-1'].map((id) => pseudonymise('k'.repeat(20), 'C1', id).slice(0, VARIANT_CHARS)).sort());
    expect(caseVariants('k'.repeat(20), 'C1', 'E-123'.toLowerCase())).toHaveLength(1);
    expect(caseVariants('k'.repeat(20), 'C1', '12345')).toEqual([]);
  });
});
