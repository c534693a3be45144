import { describe, expect, it } from 'vitest';
import { rejectNames } from './operator-files.js';

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
