import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eraseFromOperatorFiles, expireOperatorFiles, rejectNames } from './operator-files.js';

/** A line of rejects.jsonl keeping `raw`. */
const rejectLine = (raw: string) => JSON.stringify({ file: 'm.jsonl', line: 3, reason: 'bad', raw });
const who = { employeeId: '4711', companyIds: new Set(['Z9']), pids: new Set<string>() };

describe('rejectNames: the rejected rows an erasure must find (attack: the raw id written another way)', () => {
  it('finds the id written as a JSON number or with spaces around it (the manifest trims ids)', () => {
    expect(rejectNames(rejectLine('{"company_id":"Z9","employee_id":4711,"started_at":"soon"}'), who)).toBe(true);
    expect(rejectNames(rejectLine('{"company_id":" Z9 ","employee_id":"  4711 ","started_at":"soon"}'), who)).toBe(true);
    expect(rejectNames(rejectLine('company_id,employee_id\nZ9, 4711 ,x'), who)).toBe(true);
  });

  it('finds the id spelled with JSON escapes in a line that could not be parsed', () => {
    expect(rejectNames(rejectLine('{"company_id":"Z9","employee_id":"\\u0034711",'), who)).toBe(true);
  });

  it("leaves another employee's and another company's rows", () => {
    expect(rejectNames(rejectLine('{"company_id":"Z9","employee_id":47110}'), who)).toBe(false);
    expect(rejectNames(rejectLine('{"company_id":"Y1","employee_id":4711}'), who)).toBe(false);
    expect(rejectNames(rejectLine('Z9,47112,x'), who)).toBe(false);
  });
});

describe('attack: a run killed while it wrote its rejected rows', () => {
  // `honne run` writes rejects.jsonl as it goes under a temporary name and renames it at the end:
  // kill -9, the OOM killer or a second Ctrl-C midway left the raw rows under a name that neither
  // erase nor retention read.
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
  const victim = { employeeId: 'VICTIM-77', companyIds: new Set(['C1']), pids: new Set(['pid-of-victim']) };
  const leftBehind = (dir: string, pid: number) => {
    writeFileSync(join(dir, `rejects.jsonl.tmp-${pid}`), rejectLine('{"company_id":"C1","employee_id":"VICTIM-77","started_at":"soon"}') + '\n');
    writeFileSync(join(dir, `failed.jsonl.tmp-${pid}`), JSON.stringify({ session_id: 's9', employee_pid: 'pid-of-victim', reason: 'x' }) + '\n');
  };

  it('erase leaves no byte of the employee in the folder, and counts their rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'honne-opfiles-'));
    leftBehind(dir, deadPid());
    expect(await eraseFromOperatorFiles([dir], victim)).toBe(2);
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), 'utf8')).not.toContain('VICTIM-77');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('retention removes them (a file no run will ever rename), and a live run\'s file is left alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'honne-opfiles-'));
    leftBehind(dir, deadPid());
    writeFileSync(join(dir, `rejects.jsonl.tmp-${process.pid}`), 'in progress\n');
    expect(await expireOperatorFiles([dir], 90, new Date(), false)).toEqual({ files: 2, rows: 2 });
    expect(readdirSync(dir)).toEqual([`rejects.jsonl.tmp-${process.pid}`]);
  });
});
