import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseCompanies } from './companies.js';
import { openKnownNames, scrubKnownNames, sealKnownNames } from './known-names.js';
import { parseManifest } from './manifest.js';

const KEY = 'known-names-test-key-0123456789';
const NAMES = ['佐藤 陽向', 'Kenji Ito'];
const deps = {
  companyIds: new Set(['c1']),
  pseudonymKey: KEY,
  checkFile: () => undefined,
  analysisVersion: 'local/rules/test',
};
const row = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    session_id: 's1',
    company_id: 'c1',
    employee_id: 'E1',
    consultant_id: 'cc1',
    started_at: '2026-09-30T16:30:00Z',
    transcript_uri: 't/ok.vtt',
    employee_name: NAMES[0],
    consultant_name: NAMES[1],
    ...over,
  });

/** Every way the names' bytes could show: as written, per part, JSON-escaped. */
const traces = (text: string) =>
  ['佐藤', '陽向', 'Kenji', 'Ito', '\\u4f50', '\\u967d'].filter((t) => text.includes(t));

describe('sealed known names', () => {
  it('open to the names under the same key; the seal holds no byte of them and is stable', () => {
    const sealed = sealKnownNames(KEY, NAMES)!;
    expect(openKnownNames(KEY, sealed)).toEqual(NAMES);
    expect(sealKnownNames(KEY, NAMES)).toBe(sealed);
    expect(traces(sealed)).toEqual([]);
    expect(Buffer.from(sealed.split('.')[1]!, 'base64url').includes(Buffer.from('佐藤'))).toBe(false);
    expect(sealKnownNames(KEY, [undefined, ''])).toBeUndefined();
  });

  it('cannot be opened with another key, or once altered (an attacker with the object store but not the key)', () => {
    const sealed = sealKnownNames(KEY, NAMES)!;
    expect(() => openKnownNames('another-key-0123456789', sealed)).toThrow(ConfigError);
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(() => openKnownNames(KEY, flipped)).toThrow(/HONNE_PSEUDONYM_KEY/);
    expect(() => openKnownNames(KEY, 'v1.')).toThrow(ConfigError);
  });
});

describe('manifest rows with known names', () => {
  it('become sessions that carry them sealed only, with a fingerprint that changes with them', () => {
    const { sessions, rejects } = parseManifest(Buffer.from([row(), row({ session_id: 's2', employee_name: '佐藤 ひなた' })].join('\n')), '/m/s.jsonl', deps);
    expect(rejects).toEqual([]);
    const [a, b] = sessions as [(typeof sessions)[0], (typeof sessions)[0]];
    expect(traces(JSON.stringify(sessions))).toEqual([]);
    expect(openKnownNames(KEY, a.known_names!)).toEqual(NAMES);
    expect(a).not.toHaveProperty('employee_name');
    expect(b.fingerprint).not.toBe(parseManifest(Buffer.from(row({ session_id: 's2' })), '/m/s.jsonl', deps).sessions[0]!.fingerprint);
  });

  it('are validated field by field, and a rejected row keeps its raw line without the names', () => {
    const lines = [
      row({ employee_name: 'x'.repeat(201) }),
      row({ consultant_name: '12345' }),
      row({ employee_name: '佐藤\u0007陽向' }),
      row({ employee_name: 42 }),
      row({ consultant_id: undefined }),
      row({ company_id: 'nope' }),
      row({ session_id: 's9', employee_name: '', consultant_name: '   ' }),
    ];
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map(({ line, field, reason }) => ({ line, field, reason }))).toEqual([
      { line: 1, field: 'employee_name', reason: 'must be at most 200 characters' },
      { line: 2, field: 'consultant_name', reason: 'must be a name: each spelling (between |) needs letters' },
      { line: 3, field: 'employee_name', reason: 'must not contain control characters' },
      { line: 4, field: 'employee_name', reason: expect.stringMatching(/string/) },
      { line: 5, field: 'consultant_id', reason: 'is required' },
      { line: 6, field: 'company_id', reason: expect.stringMatching(/unknown company_id/) },
    ]);
    expect(sessions.map((s) => [s.session_id, s.known_names])).toEqual([['s9', undefined]]);
    for (const r of rejects) expect(traces(r.raw), r.raw).toEqual([]);
    expect(rejects[4]!.raw).toContain('"employee_name":"[PERSON]"');
    expect(rejects[4]!.raw).toContain('"employee_id":"E1"'); // erase still finds the row by its raw id
  });

  it('leave no name in rejects of lines that cannot be parsed (JSON broken, CSV with a name column)', () => {
    const broken = '{"session_id":"s1","employee_name":"佐藤 陽向", "consultant_name" : "Kenji \\"Ken\\" Ito", oops';
    const jsonl = parseManifest(Buffer.from(broken), '/m/s.jsonl', deps);
    expect(jsonl.rejects).toHaveLength(1);
    expect(traces(jsonl.rejects[0]!.raw)).toEqual([]);
    expect(jsonl.rejects[0]!.raw).toContain('"session_id":"s1"');
    // A name whose member cannot be cut out (no closing quote): the line is withheld.
    expect(scrubKnownNames('{"employee_name": "佐藤 陽', undefined)).not.toContain('佐藤');

    const header = 'session_id,company_id,employee_id,consultant_id,started_at,transcript_uri,employee_name';
    const csv = [header, 's1,c1,E1,cc1,2026-09-30T16:30:00Z,t/ok.vtt,佐藤 陽向,extra', 's2,c1,E2,,2026-09-30T16:30:00Z,t/ok.vtt,"Ito, Kenji"'].join('\n');
    const c = parseManifest(Buffer.from(csv), '/m/s.csv', deps);
    expect(c.rejects.map((r) => [r.line, r.field])).toEqual([
      [2, undefined],
      [3, 'consultant_id'],
    ]);
    for (const r of c.rejects) expect(traces(r.raw), r.raw).toEqual([]);
    expect(c.rejects[1]!.raw).toContain('"[PERSON]"');
  });
});

describe('company aliases', () => {
  it('are read from CSV (| between them) and JSONL (an array or a |-string); bad ones rejected with the field', () => {
    const csv = ['company_id,name,industry,employee_count,aliases', 'c1,株式会社山田製作所,mfg,100,ヤマセイ|Yamasei|', 'c2,ACME Corp,it,50,', 'c3,X社,it,5,A|ミナト'].join('\n');
    const a = parseCompanies(Buffer.from(csv), '/m/c.csv');
    expect(a.companies.map((c) => [c.company_id, c.aliases])).toEqual([
      ['c1', ['ヤマセイ', 'Yamasei']],
      ['c2', undefined],
    ]);
    expect(a.rejects.map(({ line, field, reason }) => ({ line, field, reason }))).toEqual([
      { line: 4, field: 'aliases', reason: expect.stringMatching(/at least 2 characters/) },
    ]);
    const jsonl = [
      JSON.stringify({ company_id: 'c1', name: 'N', industry: 'it', employee_count: 3, aliases: ['グローバルテック', ' GlobalTech '] }),
      JSON.stringify({ company_id: 'c2', name: 'N', industry: 'it', employee_count: 3, aliases: 'ミナト|Minato' }),
      JSON.stringify({ company_id: 'c3', name: 'N', industry: 'it', employee_count: 3, aliases: [7] }),
    ].join('\n');
    const b = parseCompanies(Buffer.from(jsonl), '/m/c.jsonl');
    expect(b.companies.map((c) => c.aliases)).toEqual([
      ['グローバルテック', 'GlobalTech'],
      ['ミナト', 'Minato'],
    ]);
    expect(b.rejects.map((r) => [r.line, r.field])).toEqual([[3, 'aliases.0']]);
  });
});
