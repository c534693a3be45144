import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eraseWorkFolders } from './erase.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('eraseWorkFolders', () => {
  it("removes exactly the work folders of the erased employees' sessions", async () => {
    const root = mkdtempSync(join(tmpdir(), 'honne-erase-'));
    dirs.push(root);
    const put = (key: string, pid: string) => {
      mkdirSync(join(root, 'sessions', key), { recursive: true });
      writeFileSync(join(root, 'sessions', key, 'session.json'), JSON.stringify({ session_id: key, employee_pid: pid }));
      writeFileSync(join(root, 'sessions', key, 'redacted.json'), '{}');
    };
    put('a', 'p1');
    put('b', 'p2');
    put('c', 'p1');
    mkdirSync(join(root, 'sessions', 'broken'));
    expect(await eraseWorkFolders(root, new Set(['p1']))).toBe(2);
    expect(readdirSync(join(root, 'sessions')).sort()).toEqual(['b', 'broken']);
    expect(await eraseWorkFolders(join(root, 'missing'), new Set(['p1']))).toBe(0);
  });
});
