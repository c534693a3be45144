import { describe, expect, it } from 'vitest';
import { terminalSafe } from './terminal.js';

describe('terminalSafe', () => {
  it.each([
    ['C001 2026-10', 'C001 2026-10'],
    ['株式会社東和精機 営業部', '株式会社東和精機 営業部'],
    ['line one\nline two\tcolumn', 'line one\nline two\tcolumn'],
    ['\x1b[2Jcleared', '\\u001b[2Jcleared'],
    ['\x1b]0;pwned\x07title', '\\u001b]0;pwned\\u0007title'],
    ['\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\', '\\u001b]8;;http://x\\u001b\\link\\u001b]8;;\\u001b\\'],
    ['ok\rall fine', 'ok\\u000dall fine'],
    ['\x00\x08\x0b\x0c\x1f\x7f', '\\u0000\\u0008\\u000b\\u000c\\u001f\\u007f'],
    ['\u009b2J\u0085\u0080', '\\u009b2J\\u0085\\u0080'],
    ['evil\u202egpj.exe \u2066x\u2069', 'evil\\u202egpj.exe \\u2066x\\u2069'],
    ['', ''],
  ])('%j is printed as %j', (input, output) => {
    expect(terminalSafe(input)).toBe(output);
  });

  it('keeps a JSON text valid JSON with the same value', () => {
    const value = { id: 'C\u009b2J\u007f\u202e', ok: '営業部' };
    const json = JSON.stringify(value);
    expect(json).toMatch(/[\u007f-\u009f\u202e]/);
    expect(JSON.parse(terminalSafe(json))).toEqual(value);
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(terminalSafe(json)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});
