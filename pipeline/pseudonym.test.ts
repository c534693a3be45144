import { describe, expect, it } from 'vitest';
import { pseudonymise } from './pseudonym.js';

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
