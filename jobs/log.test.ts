import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from './log.js';

const dir = mkdtempSync(join(tmpdir(), 'honne-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('log lines', () => {
  it('carry no raw control character, and stay JSON with the same values', () => {
    const file = join(dir, 'log.jsonl');
    const fd = openSync(file, 'w');
    const companyId = 'C\x1b]0;pwned\x07\u009b2J\u007f\u202e';
    createLogger('info', 'json', fd).info({ companyId }, 'load of \x1b[2J done');
    closeSync(fd);
    const text = readFileSync(file, 'utf8');
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(text)).toMatchObject({ level: 'info', companyId, msg: 'load of \x1b[2J done' });
  });

  it('in the pretty format, are readable lines with the same values and no raw control character', () => {
    const file = join(dir, 'log.txt');
    const fd = openSync(file, 'w');
    createLogger('info', 'pretty', fd).warn({ companyId: 'C\x1b[2J', batch: 'b-1' }, 'job failed');
    closeSync(fd);
    const text = readFileSync(file, 'utf8');
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] WARN: job failed\n/);
    expect(text).toContain('companyId: "C\\u001b[2J"');
    expect(text).toContain('batch: "b-1"');
  });
});
