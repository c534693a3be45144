import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { parseCompanies } from './companies.js';
import { openKnownNames } from './known-names.js';
import { parseManifest, withoutContacts } from './manifest.js';
import { LOCATIONS_WITHHELD } from './reject-locations.js';
import { MAX_LINE_CHARS } from './records.js';
import { caseKey, pseudonymise } from '../pseudonym.js';

const KEY = 'test-key-0123456789';
const existing = new Set(['/m/t/ok.vtt', '/m/t/ok2.srt']);
const deps = {
  companyIds: new Set(['c1']),
  pseudonymKey: KEY,
  checkFile: (p: string) => (existing.has(p) ? undefined : 'not found'),
  analysisVersion: 'local/rules/test',
};
const good = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    session_id: 's1',
    company_id: 'c1',
    employee_id: 'E1',
    consultant_id: 'cc1',
    started_at: '2026-09-30T16:30:00Z',
    transcript_uri: 't/ok.vtt',
    ...over,
  });

describe('parseManifest', () => {
  it('rejects every bad row with line, field and reason, and keeps the good rows', () => {
    const lines = [
      good(),
      '{"session_id": "s2", oops',
      good({ session_id: 's3', consultant_id: undefined }),
      good({ session_id: 's1' }),
      good({ session_id: 's4', company_id: 'nope' }),
      good({ session_id: 's5', started_at: '2026-13-45T10:00:00+09:00' }),
      good({ session_id: 's6', started_at: '2026-10-01T10:00:00' }),
      good({ session_id: 's7', transcript_uri: undefined }),
      good({ session_id: 's8', transcript_uri: 't/missing.vtt' }),
      good({ session_id: 's9', consultant_assessment: { mental_health_concern: 2, retention_risk: 7 } }),
      good({ session_id: 's11', started_at: '2026-02-30T10:00:00+09:00' }),
      good({ session_id: 's12', started_at: '2026-10-01T24:00:00+09:00' }),
      good({ session_id: 's10', transcript_uri: 't/ok2.srt', language: 'en' }),
    ];
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/sessions.jsonl', deps);
    expect(sessions.map((s) => [s.session_id, s.period, s.language, s.transcript_uri, s.source.line])).toEqual([
      ['s1', '2026-10', 'ja', '/m/t/ok.vtt', 1],
      ['s10', '2026-10', 'en', '/m/t/ok2.srt', 13],
    ]);
    expect(rejects.map(({ line, field, reason }) => ({ line, field, reason }))).toEqual([
      { line: 2, field: undefined, reason: expect.stringMatching(/^invalid JSON/) },
      { line: 3, field: 'consultant_id', reason: 'is required' },
      { line: 4, field: 'session_id', reason: 'duplicate session_id "s1" (first seen on line 1)' },
      { line: 5, field: 'company_id', reason: 'unknown company_id "nope" (not in the companies file)' },
      { line: 6, field: 'started_at', reason: 'is not a real date' },
      { line: 7, field: 'started_at', reason: expect.stringMatching(/with an offset/) },
      { line: 8, field: 'recording_uri', reason: 'one of recording_uri or transcript_uri is required' },
      { line: 9, field: 'transcript_uri', reason: 'transcript file not found: [transcript_uri]' },
      { line: 10, field: 'consultant_assessment.retention_risk', reason: expect.stringMatching(/5/) },
      { line: 11, field: 'started_at', reason: 'is not a real date' },
      { line: 12, field: 'started_at', reason: 'is not a real date' },
    ]);
    expect(rejects.every((r) => r.file === '/m/sessions.jsonl' && r.raw.length > 0)).toBe(true);
  });

  it('a row with only a recording needs consultant_speaker (diarisation labels say nothing of who is who); "first" and a label are taken', () => {
    const rec = (over: Record<string, unknown>) => good({ transcript_uri: undefined, recording_uri: 's3://rec/a.m4a', ...over });
    const lines = [rec({ session_id: 'r1' }), rec({ session_id: 'r2', consultant_speaker: 'first' }), rec({ session_id: 'r3', consultant_speaker: 'B' }), good({ session_id: 't1', recording_uri: 's3://rec/b.m4a' })];
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/sessions.jsonl', deps);
    expect(sessions.map((s) => [s.session_id, s.consultant_speaker])).toEqual([['r2', 'first'], ['r3', 'B'], ['t1', undefined]]);
    expect(rejects.map(({ line, field, reason }) => ({ line, field, reason }))).toEqual([
      { line: 1, field: 'consultant_speaker', reason: 'a session with only a recording needs consultant_speaker: the consultant\'s label in the diarised transcription ("A" spoke first, "B" second) or "first"' },
    ]);
  });

  it('checks every local file against the input root, the manifest folder by default, and carries the root with the session', () => {
    const asked: string[][] = [];
    const check = { ...deps, checkFile: (p: string, root: string) => (asked.push([p, root]), p.includes('passwd') ? 'resolves outside the input root (…)' : undefined) };
    const rows = [good(), good({ session_id: 's2', transcript_uri: '../../etc/passwd' }), good({ session_id: 's3', transcript_uri: 's3://b/k.vtt' })].join('\n');
    const byDefault = parseManifest(Buffer.from(rows), '/m/sessions.jsonl', check);
    expect(byDefault.sessions.map((s) => [s.session_id, s.source.root])).toEqual([
      ['s1', '/m'],
      ['s3', '/m'],
    ]);
    expect(byDefault.rejects.map((r) => [r.line, r.field, r.reason])).toEqual([[2, 'transcript_uri', 'transcript file resolves outside the input root (…): [transcript_uri]']]);
    expect(asked).toEqual([
      ['/m/t/ok.vtt', '/m'],
      ['/etc/passwd', '/m'],
    ]);
    const configured = parseManifest(Buffer.from(good()), '/m/sessions.jsonl', { ...check, inputRoot: '/data' });
    expect(configured.sessions.map((s) => [s.transcript_uri, s.source.root])).toEqual([['/m/t/ok.vtt', '/data']]);
  });

    it('pseudonymises: the raw employee id is gone and the fingerprint is stable', () => {
    const a = parseManifest(Buffer.from(good()), '/m/sessions.jsonl', deps).sessions[0]!;
    const b = parseManifest(Buffer.from(good()), '/m/sessions.jsonl', deps).sessions[0]!;
    expect(JSON.stringify(a)).not.toContain('"E1"');
    expect('employee_id' in a).toBe(false);
    expect(a.employee_pid).toMatch(/^[0-9a-f]{64}$/);
    expect(a.fingerprint).toBe(b.fingerprint);
    const other = parseManifest(Buffer.from(good()), '/m/sessions.jsonl', { ...deps, analysisVersion: 'v2' }).sessions[0]!;
    expect(other.fingerprint).not.toBe(a.fingerprint);
  });

  it("fingerprints each session with its own language's content hash: a change to one language's lexicon leaves the other's sessions unchanged", () => {
    const rows = [good(), good({ session_id: 's2', employee_id: 'E2', language: 'en' })].join('\n');
    const parse = (hashes: Record<'ja' | 'en', string>) =>
      parseManifest(Buffer.from(rows), '/m/sessions.jsonl', { ...deps, analysisVersion: (l: 'ja' | 'en') => `local/rules/v#${hashes[l]}` }).sessions;
    const before = parse({ ja: 'aaa', en: 'bbb' });
    const jaEdited = parse({ ja: 'ccc', en: 'bbb' });
    expect(jaEdited[0]!.fingerprint).not.toBe(before[0]!.fingerprint);
    expect(jaEdited[1]!.fingerprint).toBe(before[1]!.fingerprint);
  });

  it('reads the CSV form with nested assessment columns, in Shift_JIS, with line numbers', () => {
    const csv = [
      'session_id,company_id,employee_id,department,consultant_id,started_at,transcript_uri,consultant_assessment.mental_health_concern,consultant_assessment.retention_risk',
      's1,c1,E1,営業部,cc1,2026-10-01T10:00:00+09:00,t/ok.vtt,4,2',
      's2,c1,E2,営業部,cc1,2026-10-01T10:00:00+09:00',
      's3,c1,E3,,cc1,2026-10-02T10:00:00+09:00,t/ok2.srt,,',
    ].join('\r\n');
    const { sessions, rejects } = parseManifest(iconv.encode(csv, 'Shift_JIS'), '/m/sessions.csv', deps);
    expect(sessions.map((s) => [s.session_id, s.department, s.consultant_assessment])).toEqual([
      ['s1', '営業部', { mental_health_concern: 4, retention_risk: 2 }],
      ['s3', undefined, undefined],
    ]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([[3, 'expected 9 columns as in the header, found 6']]);
  });

  it('rejects a CSV row with an unclosed quote and goes on with the next lines', () => {
    const csv = [
      'session_id,company_id,employee_id,consultant_id,started_at,transcript_uri',
      's1,c1,E1,cc1,2026-10-01T10:00:00+09:00,t/ok.vtt',
      's2,c1,"E2,cc1,2026-10-01T10:00:00+09:00,t/ok.vtt',
      's3,c1,E3,cc1,2026-10-02T10:00:00+09:00,t/ok2.srt',
      's4,c1,E4,cc1,2026-10-02T10:00:00+09:00,t/ok2.srt',
    ].join('\n');
    const { sessions, rejects } = parseManifest(Buffer.from(csv), '/m/sessions.csv', deps);
    expect(sessions.map((s) => [s.session_id, s.source.line])).toEqual([
      ['s1', 2],
      ['s3', 4],
      ['s4', 5],
    ]);
    expect(rejects.map((r) => [r.line, r.reason, r.raw])).toEqual([
      // the line is withheld: its transcript_uri could be anywhere in it (file names may name the employee)
      [3, expect.stringMatching(/^unreadable CSV row: Quote Not Closed/), LOCATIONS_WITHHELD],
    ]);
  });
});

describe('an employee id in another letter case than one in the store', () => {
  it('attack: is refused in another mix of cases (EMP-f0 beside a stored Emp-F0: neither its lower nor its upper case is stored)', () => {
    const storedEmployees = new Set([pseudonymise(KEY, 'c1', 'Emp-F0')]);
    const ids = ['EMP-f0', 'eMp-F0', 'emp-f0', 'Emp-F0', 'Emp-F1'];
    const lines = ids.map((employee_id, i) => good({ session_id: `s${i}`, employee_id, transcript_uri: 't/ok.vtt' }));
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', { ...deps, storedEmployees });
    expect(rejects.map((r) => `${r.line} ${r.field}`)).toEqual(['1 employee_id', '2 employee_id', '3 employee_id']);
    expect(sessions.map((s) => s.session_id)).toEqual(['s3', 's4']);
  });

  it('attack: is refused in another mix of cases however many letters it has (Kasahara-Team-Lead stored, KASAHARA-team-lead now: neither its lower nor its upper case is stored, and 2^16 mixes are not tried)', () => {
    const stored = 'Kasahara-Team-Lead';
    const storedEmployees = new Set([pseudonymise(KEY, 'c1', stored)]);
    const storedCases = new Map([[caseKey(KEY, 'c1', stored), new Set(storedEmployees)]]);
    const ids = ['KASAHARA-team-lead', 'kasahara-TEAM-LEAD', stored, 'Kasahara-Team-Lead2'];
    const lines = ids.map((employee_id, i) => good({ session_id: `s${i}`, employee_id, transcript_uri: 't/ok.vtt' }));
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', { ...deps, storedEmployees, storedCases });
    expect(rejects.map((r) => `${r.line} ${r.field}`)).toEqual(['1 employee_id', '2 employee_id']);
    expect(sessions.map((s) => s.session_id)).toEqual(['s2', 's3']);
    // what the store keeps beside the pseudonym: one case key for every spelling
    expect(sessions[0]!.employee_case).toBe(caseKey(KEY, 'c1', 'KASAHARA-TEAM-LEAD'));
  });
});

describe('parseCompanies', () => {
  it('reads CSV (with BOM) and JSONL and rejects bad rows', () => {
    const csv = '\uFEFFcompany_id,name,industry,employee_count\nc1,株式会社A,manufacturing,1200\nc2,B社,retail,-3\nc1,dup,it,10\n';
    const r = parseCompanies(Buffer.from(csv), 'companies.csv');
    expect(r.companies).toEqual([{ company_id: 'c1', name: '株式会社A', industry: 'manufacturing', employee_count: 1200 }]);
    expect(r.rejects.map((x) => [x.line, x.field])).toEqual([
      [3, 'employee_count'],
      [4, 'company_id'],
    ]);
    const jsonl = '{"company_id":"c9","name":"N","industry":"it","employee_count":50}\n{"company_id":"c8"}\n';
    const j = parseCompanies(Buffer.from(jsonl), 'companies.jsonl');
    expect(j.companies.map((c) => c.company_id)).toEqual(['c9']);
    expect(j.rejects.map((x) => [x.line, x.field, x.reason])).toEqual([[2, 'name', 'is required']]);
  });
});

const NAMES = ['佐藤 陽向', 'Kenji Ito'];
const named = (over: Record<string, unknown> = {}) => good({ employee_name: NAMES[0], consultant_name: NAMES[1], ...over });
/** Every way the names' bytes could show: as written, per part, JSON-escaped. */
const traces = (text: string) => ['佐藤', '陽向', 'Kenji', 'Ito', '\\u4f50', '\\u967d'].filter((t) => text.includes(t));

describe('manifest rows with known names', () => {
  it('become sessions that carry them sealed only, with a fingerprint that changes with them', () => {
    const { sessions, rejects } = parseManifest(Buffer.from([named(), named({ session_id: 's2', employee_name: '佐藤 ひなた' })].join('\n')), '/m/s.jsonl', deps);
    expect(rejects).toEqual([]);
    const [a, b] = sessions as [(typeof sessions)[0], (typeof sessions)[0]];
    expect(traces(JSON.stringify(sessions))).toEqual([]);
    expect(openKnownNames(KEY, a.known_names!)).toEqual(NAMES);
    expect(a).not.toHaveProperty('employee_name');
    expect(b.fingerprint).not.toBe(parseManifest(Buffer.from(named({ session_id: 's2' })), '/m/s.jsonl', deps).sessions[0]!.fingerprint);
  });

  it('attack: the sealed names, kept in every batch record and redacted object, do not tell how long the names are', () => {
    const rows = [named({ employee_name: '林 楓', consultant_name: undefined }), named({ session_id: 's2', employee_name: 'Alexandrina Montgomery-Whitfield|アレクサンドリナ・モンゴメリー' })];
    const { sessions } = parseManifest(Buffer.from(rows.join('\n')), '/m/s.jsonl', deps);
    const [short, long] = sessions.map((s) => s.known_names!) as [string, string];
    expect(short.length).toBe(long.length);
    expect(openKnownNames(KEY, long)).toEqual(['Alexandrina Montgomery-Whitfield|アレクサンドリナ・モンゴメリー', NAMES[1]]);
  });

  it('keep the fingerprint a session had before its seal was padded, so a stored session is not analysed again', () => {
    // computed on the store's sessions before padding (the same row, key and analysis version)
    const [s] = parseManifest(Buffer.from(named()), '/m/s.jsonl', deps).sessions;
    expect(s!.fingerprint).toBe('c9b7cf346c65f1d3a08b80bbcfe0643ea13deb89b742b415b5dffc0562bfa4a8');
  });

  it('are validated field by field, and a rejected row keeps its raw line without the names', () => {
    const lines = [
      named({ employee_name: 'x'.repeat(201) }),
      named({ consultant_name: '12345' }),
      named({ employee_name: '佐藤\u0007陽向' }),
      named({ employee_name: 42 }),
      named({ consultant_id: undefined }),
      named({ company_id: 'nope' }),
      named({ session_id: 's9', employee_name: '', consultant_name: '   ' }),
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

  it('refuse a session id, consultant id, department, age band or gender built from the employee id or a known name (they are stored in the clear), quoting neither', () => {
    const lines = [
      named({ session_id: 'E1-2026-10-01' }),
      named({ session_id: 'EMP-佐藤-20261001' }),
      named({ session_id: 'ito.kenji.oct' }),
      named({ session_id: 'ＥＭＰ－E1' }),
      // the 1 of E1 inside a longer piece, a name part of one letter: fine
      named({ session_id: 's-0001E10' }),
      named({ session_id: 'kw-ita-01', consultant_name: 'It' }),
      named({ session_id: 's7', consultant_id: 'CNS-ito' }),
      named({ session_id: 's8', department: '営業二課 佐藤チーム' }),
      named({ session_id: 's9', employee_id: 'EMP-778', department: '開発 EMP-778' }),
      named({ session_id: 's10', gender: 'Kenji' }),
      named({ session_id: 's11', age_band: '陽向' }),
      // an id-like piece in a field that holds no ids, an ordinary team: fine
      named({ session_id: 's12', employee_id: '20', age_band: '20-29', department: '営業二課', consultant_id: 'CNS-111' }),
      // an employee id with separators, inside a session id
      named({ session_id: 's-EMP-778-1', employee_id: 'EMP-778' }),
      // free text that only shares letters with a name: a branch named after a place, a short
      // Latin name inside a word, a short employee id: fine
      named({ session_id: 's14', department: '千葉支店', consultant_name: '千葉 恵' }),
      named({ session_id: 's15', department: 'Engineering', gender: 'female', employee_name: 'Rin Sato|Ale Sato' }),
      named({ session_id: 's16', department: 'Sales 2', employee_id: '2' }),
    ];
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map(({ line, field, reason }) => ({ line, field, reason: reason.split(':')[0] }))).toEqual([
      { line: 1, field: 'session_id', reason: 'holds the employee_id' },
      { line: 2, field: 'session_id', reason: 'holds a part of employee_name or consultant_name' },
      { line: 3, field: 'session_id', reason: 'holds a part of employee_name or consultant_name' },
      { line: 4, field: 'session_id', reason: 'holds the employee_id' },
      { line: 7, field: 'consultant_id', reason: 'holds a part of employee_name or consultant_name' },
      { line: 8, field: 'department', reason: 'holds a part of employee_name or consultant_name' },
      { line: 9, field: 'department', reason: 'holds the employee_id' },
      { line: 10, field: 'gender', reason: 'holds a part of employee_name or consultant_name' },
      { line: 11, field: 'age_band', reason: 'holds a part of employee_name or consultant_name' },
      { line: 13, field: 'session_id', reason: 'holds the employee_id' },
    ]);
    for (const r of rejects) expect(`${r.reason} ${r.raw}`, r.raw).not.toMatch(/佐藤|陽向|ito\.kenji|CNS-ito|Kenji/iu);
    expect(sessions.map((s) => s.session_id)).toEqual(['s-0001E10', 'kw-ita-01', 's12', 's14', 's15', 's16']);
  });

  it('refuse a field that spells a known name in another script than it is given: romaji or kana of a kanji name (attack)', () => {
    // ids are ASCII: a system that builds them from the employee's name writes it in romaji,
    // which the literal check of the kanji spelling never saw
    const kanji = (over: Record<string, unknown>) => good({ employee_name: '桐谷 奏多', consultant_name: '佐藤', ...over });
    const lines = [
      kanji({ session_id: '2026-10-kiritani-kanata' }),
      kanji({ session_id: 'KiritaniKanata-07' }),
      kanji({ session_id: 's3', consultant_id: 'cc-satoh' }),
      kanji({ session_id: 's4', department: 'キリタニ班' }),
      kanji({ session_id: 's5', department: 'Kiritani team' }),
      kanji({ session_id: 's6', gender: 'かなた' }),
      kanji({ session_id: 's7', department: 'きりたにかなた' }),
      // a name given in romaji, a department in katakana
      good({ session_id: 's8', employee_name: 'Kanata Kiritani', department: 'キリタニ班' }),
      // machine ids, places and ordinary departments beside the same names: fine
      kanji({ session_id: 'OGI0NmUwNjItNzIyNy00Nj', department: 'Tokyo Office' }),
      kanji({ session_id: '3f2abe10-9c4d-4e0a-8b7f-2d1c0e5a6b7c', department: 'Engineering', consultant_id: 'consultant-a8ahe' }),
      kanji({ session_id: 'sess_k2j3h4', department: '営業部', gender: 'その他' }),
    ];
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map(({ line, field, reason }) => ({ line, field, reason: reason.split(':')[0] }))).toEqual([
      { line: 1, field: 'session_id', reason: 'holds a part of employee_name or consultant_name' },
      { line: 2, field: 'session_id', reason: 'holds a part of employee_name or consultant_name' },
      { line: 3, field: 'consultant_id', reason: 'holds a part of employee_name or consultant_name' },
      { line: 4, field: 'department', reason: 'holds a part of employee_name or consultant_name' },
      { line: 5, field: 'department', reason: 'holds a part of employee_name or consultant_name' },
      { line: 6, field: 'gender', reason: 'holds a part of employee_name or consultant_name' },
      { line: 7, field: 'department', reason: 'holds a part of employee_name or consultant_name' },
      { line: 8, field: 'department', reason: 'holds a part of employee_name or consultant_name' },
    ]);
    for (const r of rejects) expect(`${r.reason} ${r.raw}`, r.raw).not.toMatch(/kiritani|キリタニ|かなた|satoh/iu);
    expect(sessions.map((s) => s.session_id)).toEqual(['OGI0NmUwNjItNzIyNy00Nj', '3f2abe10-9c4d-4e0a-8b7f-2d1c0e5a6b7c', 'sess_k2j3h4']);
  });

  it('refuse a session id holding a mobile number written with dots or an address with its @ percent-encoded (attack)', () => {
    const ids = ['2026-10-01_090.4417.2381', 'bk-080.6339.5521-01', 't.yamada%40corp.example', 's-2026.10.01-0930', 'v1.0.2-0001'];
    const lines = ids.map((session_id, i) => good({ session_id, employee_id: `E${i}` }));
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map((r) => `${r.line} ${r.field}`)).toEqual(['1 session_id', '2 session_id', '3 session_id']);
    for (const r of rejects) expect(`${r.reason} ${r.raw}`).not.toMatch(/4417|6339|yamada/u);
    expect(sessions.map((s) => s.session_id)).toEqual(['s-2026.10.01-0930', 'v1.0.2-0001']);
    // and a failure's message naming such files keeps neither
    expect(withoutContacts('t/k.tanaka%40corp.example.vtt, t/memo_090.5521.7734.txt')).not.toMatch(/tanaka|5521/u);
  });

  it('refuse a consultant_id holding a mobile number over underscores, dots, parentheses or other dashes, and cut such numbers from file names (attack)', () => {
    const ids = ['cc_090_1234_5678', '+81.90.1234.5678', 'cc-090ー1234ー5678', 'cc-090–1234–5678', '+81(90)1234-5678', 'matsui-080/2231/7734', 'cc-2026.10.01-0930', 'v1.0.2-0001'];
    const lines = ids.map((consultant_id, i) => good({ session_id: `s${i}`, employee_id: `E${i}`, consultant_id }));
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map((r) => `${r.line} ${r.field}`)).toEqual([1, 2, 3, 4, 5, 6].map((l) => `${l} consultant_id`));
    expect(sessions.map((s) => s.consultant_id)).toEqual(['cc-2026.10.01-0930', 'v1.0.2-0001']);
    const names = ['t/memo_03_5541_0000.txt', 't/memo_03(5541)0000.txt', 't/memo_03.5541.0000.txt', 't/memo_090_1234_5678.vtt', 't/k_+81_3_5541_0000.vtt', 'file:///t/memo%2003%205541%200000.txt', 't/k.tanaka＠corp.example.vtt'];
    for (const n of names) expect(withoutContacts(n)).not.toMatch(/5541|1234|tanaka/u);
    // landlines as redaction's phone detector finds them: a failure's message may reach a path
    // its location did not spell (a reject keeps no path at all)
    for (const n of ['記録_(06)6310-4471.txt', 'memo 045 884 2210.txt', '面談-0422-51-8830.txt']) expect(withoutContacts(n)).not.toMatch(/6310|884 2210|51-8830/u);
    expect(withoutContacts('t/s-2026.10.01-0930.vtt')).toBe('t/s-2026.10.01-0930.vtt');
  });

  it('reject a row whose file is missing without printing or keeping the contacts its file name holds (attack: files named after people)', () => {
    const uris = ['t/memo_(06)6310-1234.txt', 't/k.tanaka@corp.example.jp.vtt', 't/\u9234\u6728_090-1234-5678.txt'];
    const lines = uris.map((transcript_uri, i) => good({ session_id: `s${i}`, employee_id: `E${i}`, transcript_uri }));
    // the third line spells its file name's kanji as JSON escapes, as some exports do
    lines[2] = lines[2]!.replace('鈴木', '\\u9234\\u6728');
    expect(lines[2]).toContain('\\u9234');
    const { rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map((r) => `${r.line} ${r.field}`)).toEqual(['1 transcript_uri', '2 transcript_uri', '3 transcript_uri']);
    for (const r of rejects) {
      expect(`${r.reason} ${r.raw}`).not.toMatch(/6310|tanaka|1234-5678/u);
      // what is left still says which row and field: the operator can find and fix it
      expect(r.reason).toBe('transcript file not found: [transcript_uri]');
      expect(JSON.parse(r.raw)).toMatchObject({ employee_id: `E${r.line - 1}`, transcript_uri: '[transcript_uri]' });
    }
  });

  it('attack: a reject keeps no file location, which names the employee even when the platform gave no name; file, line and raw id still find the row', () => {
    const name = /tanaka|hiroshi|田中|浩史|\\u7530|sakurai/iu;
    const lines = [
      good({ transcript_uri: 't/Tanaka_Hiroshi_2026-10.vtt' }),
      good({ session_id: 's2', employee_id: 'E2', started_at: 'soon', recording_uri: 's3://rec/tanaka-hiroshi.m4a', consultant_speaker: 'Sakurai' }),
      good({ session_id: 's3', employee_id: 'E3', company_id: 'nope', transcript_uri: 't/\\u7530\\u4e2d\\u6d69\\u53f2.vtt' }),
      good({ session_id: 's4', employee_id: 'E4', transcript_uri: 't/田中浩史.vtt', department: 'x'.repeat(MAX_LINE_CHARS) }),
      good({ session_id: 's5', employee_id: 'E5', transcript_uri: 't/Tanaka, Hiroshi.vtt' }).replace(/\}$/u, ','),
    ];
    // a JSON export that escapes its kanji
    lines[2] = lines[2]!.replace('\\\\u7530\\\\u4e2d\\\\u6d69\\\\u53f2', '\\u7530\\u4e2d\\u6d69\\u53f2');
    const { rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map((r) => [r.line, r.field ?? null])).toEqual([[1, 'transcript_uri'], [2, 'started_at'], [3, 'company_id'], [4, null], [5, null]]);
    for (const r of rejects) expect(`${r.reason} ${r.raw}`, r.raw.slice(0, 300)).not.toMatch(name);
    expect(rejects[0]!.reason).toBe('transcript file not found: [transcript_uri]');
    expect(JSON.parse(rejects[1]!.raw)).toMatchObject({ employee_id: 'E2', recording_uri: '[recording_uri]', consultant_speaker: '[consultant_speaker]' });
    for (const r of rejects.slice(3)) expect(r.raw).toContain(`"employee_id":"E${r.line}"`);
    const csv = [
      'session_id,company_id,employee_id,consultant_id,started_at,transcript_uri,consultant_speaker',
      's1,c1,E1,cc1,2026-10-01T10:00:00+09:00,"t/Tanaka ""Hiro"" Hiroshi.vtt",A',
      's2-A,c1,E2,cc1,later,t/tanaka_h.vtt,Sakurai',
    ].join('\n');
    const fromCsv = parseManifest(Buffer.from(csv), '/m/s.csv', deps).rejects;
    // cut as whole cells: the A of s2-A stays
    expect(fromCsv.map((r) => r.raw)).toEqual(['s1,c1,E1,cc1,2026-10-01T10:00:00+09:00,[transcript_uri],[consultant_speaker]', 's2-A,c1,E2,cc1,later,[transcript_uri],[consultant_speaker]']);
  });

  it('attack: a reject keeps no location under a key the manifest does not have (another case, camelCase, an extra column), nor in a line that is only part of a row; file, line and field stay', () => {
    const name = /morimoto|kaede|森本|楓/iu;
    const lines = [
      good({ transcript_uri: undefined, Transcript_URI: 'tx/森本楓_03.vtt' }),
      good({ session_id: 's2', transcript_uri: undefined, recordingUri: 's3://rec/Morimoto-Kaede.m4a' }),
      good({ session_id: 's3', company_id: 'nope', path: 'tx/森本楓_03.vtt', consultant_assessment: { mental_health_concern: 2, retention_risk: 2, note: 'kaede' } }),
      // too broken to read: a misspelled key, a member split over two lines, an array
      good({ session_id: 's4', transcriptUri: 'tx/森本楓_03.vtt' }).replace(/\}$/u, ','),
      '{"session_id":"s5","transcript_uri":',
      '"tx/森本楓_03.vtt"}',
      '["tx/森本楓_03.vtt"]',
      // given twice, the last one empty: the row has no location, yet the line holds one
      good({ session_id: 's8' }).replace('"transcript_uri":"t/ok.vtt"', '"transcript_uri":"tx/森本楓_03.vtt","transcript\\u005furi":""'),
    ];
    const { rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map((r) => [r.file, r.line, r.field ?? null])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((l) => ['/m/s.jsonl', l, l === 3 ? 'company_id' : l < 3 || l === 8 ? 'recording_uri' : null]));
    for (const r of rejects) expect(`${r.reason} ${r.raw}`, r.raw).not.toMatch(name);
    // the key stays, so the operator sees the misspelling
    expect(JSON.parse(rejects[0]!.raw)).toMatchObject({ employee_id: 'E1', Transcript_URI: '[not a manifest field]' });
    expect(JSON.parse(rejects[2]!.raw)).toMatchObject({ path: '[not a manifest field]', consultant_assessment: { retention_risk: 2, note: '[not a manifest field]' } });
    expect(rejects[3]!.raw).toContain('"employee_id":"E1"');
    expect(JSON.parse(rejects[7]!.raw)).toMatchObject({ session_id: 's8', transcript_uri: '' });

    const header = 'session_id,company_id,employee_id,consultant_id,started_at,recording_uri,Transcript_URI';
    const csv = [header, 's1,c1,E1,cc1,2026-10-01T10:00:00+09:00,,tx/森本楓_03.vtt', 's2,c1,E2,cc1,2026-10-01T10:00:00+09:00,,tx/森本楓_03.vtt,extra'].join('\n');
    const fromCsv = parseManifest(Buffer.from(csv), '/m/s.csv', deps).rejects;
    expect(fromCsv.map((r) => [r.line, r.field ?? null])).toEqual([[2, 'recording_uri'], [3, null]]);
    for (const r of fromCsv) expect(`${r.reason} ${r.raw}`, r.raw).not.toMatch(name);
    expect(fromCsv[0]!.raw).toBe('s1,c1,E1,cc1,2026-10-01T10:00:00+09:00,,[not a manifest field]');
  });

  it('refuse an id holding a whole name of one-kanji parts (森誠 beside 森 誠), whose parts alone are too short to judge (attack)', () => {
    // [session_id, consultant_id]; the last: one kanji of a name alone is any word's (森林, 誠実), kept
    const ids = [['森誠-2026-10', 'cc1'], ['2026-10_森_誠', 'cc1'], ['s3', 'cc-関巧'], ['森林-01', 'cc-誠実']] as const;
    const lines = ids.map(([session_id, consultant_id]) => good({ employee_name: '森 誠', consultant_name: '関 巧', session_id, consultant_id }));
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map((r) => `${r.line} ${r.field}`)).toEqual(['1 session_id', '2 session_id', '3 consultant_id']);
    for (const r of rejects) expect(r.reason).toMatch(/^holds a part of employee_name or consultant_name:/u);
    for (const r of rejects) expect(`${r.reason} ${r.raw}`).not.toMatch(/森誠|関巧/u);
    expect(sessions.map((s) => s.session_id)).toEqual(['森林-01']);
  });

  it('refuse an id holding a short reading of a known name as a whole piece (s-ito-01 beside 伊藤), and no random id (attack)', () => {
    // 伊藤 reads ito (three letters): as a whole piece between separators it is the name, however short
    const ito = (over: Record<string, unknown>) => good({ employee_name: '伊藤 健二', consultant_name: '小野 純', ...over });
    const lines = [
      ito({ session_id: 's-ito-01' }),
      ito({ session_id: 's2', consultant_id: 'cc-ito' }),
      ito({ session_id: 'S_ITO_3' }),
      ito({ session_id: 's4', consultant_id: 'cns.Ono' }),
      ito({ session_id: '2026-10-jun' }),
      ito({ session_id: 's6', department: 'Ito team' }),
      // beside a machine's token the name is still a name (a booking id: name slug + short uuid);
      // a random id's short piece is so rarely a reading of its row's names (about 1 in 50,000
      // UUIDs, base64 and nanoid ids) that a refusal, kept for a retry, is the cheaper mistake
      ito({ session_id: 'ito-3f2abe10' }),
      ito({ session_id: 'x_ito-Zq8rT2mWvP' }),
      // the same letters inside a longer piece, or in a piece with digits: fine
      ito({ session_id: 'ito01', consultant_id: 'cc-monologue' }),
      ito({ session_id: 'sito-2026', consultant_id: 'cc-pito' }),
      ito({ session_id: 'fO391-htC9beA-x7ito_EwKo', consultant_id: 'e5b1c2d3-ono0-4a1b-9c8d-7e6f5a4b3c2d' }),
    ];
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map(({ line, field, reason }) => ({ line, field, reason: reason.split(':')[0] }))).toEqual([
      { line: 1, field: 'session_id', reason: 'holds a part of employee_name or consultant_name' },
      { line: 2, field: 'consultant_id', reason: 'holds a part of employee_name or consultant_name' },
      { line: 3, field: 'session_id', reason: 'holds a part of employee_name or consultant_name' },
      { line: 4, field: 'consultant_id', reason: 'holds a part of employee_name or consultant_name' },
      { line: 5, field: 'session_id', reason: 'holds a part of employee_name or consultant_name' },
      { line: 6, field: 'department', reason: 'holds a part of employee_name or consultant_name' },
      { line: 7, field: 'session_id', reason: 'holds a part of employee_name or consultant_name' },
      { line: 8, field: 'session_id', reason: 'holds a part of employee_name or consultant_name' },
    ]);
    for (const r of rejects) expect(`${r.reason} ${r.raw}`, r.raw).not.toMatch(/ito|ono|jun|伊藤|小野/iu);
    expect(sessions.map((s) => s.session_id)).toEqual(['ito01', 'sito-2026', 'fO391-htC9beA-x7ito_EwKo']);
  });

  it('refuse a session id built from a name the platform was not given: a surname beside a given name in romaji (attack)', () => {
    const lines = [
      good({ session_id: '2026-10-nishimura-haruka' }),
      good({ session_id: 'Moriyama_Shota_3' }),
      good({ session_id: 's-OgawaYuto' }),
      good({ session_id: 'ito-kenji-01' }),
      // … or in kana, which a session id may be written in as well
      good({ session_id: '2026-10-にしむら-はるか' }),
      good({ session_id: 's-モリヤマ・ショウタ-3' }),
      // ordinary ids, a place beside a word, a month: fine
      good({ session_id: 'そうだん-2026-10-01' }),
      good({ session_id: 'tokyo-main-01' }),
      good({ session_id: '2026-jun-session-4' }),
      good({ session_id: 'osaka-branch-2026-10-0001' }),
      good({ session_id: '9b1f0c2e-77aa-4c1d-b2e5-0f6d3a9c8e11' }),
    ];
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map(({ line, field, raw }) => ({ line, field, raw: raw.startsWith('(raw line withheld') }))).toEqual(
      [1, 2, 3, 4, 5, 6].map((line) => ({ line, field: 'session_id', raw: true })),
    );
    for (const r of rejects) expect(r.reason).not.toMatch(/nishimura|haruka|moriyama|ogawa|kenji|にしむら|モリヤマ/iu);
    expect(sessions.map((s) => s.session_id)).toEqual(['そうだん-2026-10-01', 'tokyo-main-01', '2026-jun-session-4', 'osaka-branch-2026-10-0001', '9b1f0c2e-77aa-4c1d-b2e5-0f6d3a9c8e11']);
  });

  it('refuse a segment field that holds a birth date, an e-mail address or a phone number: stored in the clear beside the pseudonym (attack)', () => {
    const lines = [
      good({ session_id: 'd1', age_band: '1987-03-14' }),
      good({ session_id: 'd2', age_band: '昭和62年3月14日生' }),
      good({ session_id: 'd3', age_band: '1987/3/14' }),
      good({ session_id: 'd4', department: '営業部 someone@example.co.jp' }),
      good({ session_id: 'd5', gender: '080-2468-1357' }),
      good({ session_id: 'd6', department: '総務 +81 3 1234 5678' }),
      // bands, years, codes and ordinary departments: fine
      good({ session_id: 'd7', age_band: '40-49', department: '2026年度入社', gender: '女性' }),
      good({ session_id: 'd8', age_band: '60+', department: '第2営業部 3課' }),
      good({ session_id: 'd9', age_band: '1987', department: 'R&D 2024-10 reorg' }),
    ];
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map(({ line, field, reason }) => ({ line, field, reason: reason.split(':')[0] }))).toEqual([
      { line: 1, field: 'age_band', reason: 'holds a calendar date, an e-mail address or a phone number' },
      { line: 2, field: 'age_band', reason: 'holds a calendar date, an e-mail address or a phone number' },
      { line: 3, field: 'age_band', reason: 'holds a calendar date, an e-mail address or a phone number' },
      { line: 4, field: 'department', reason: 'holds a calendar date, an e-mail address or a phone number' },
      { line: 5, field: 'gender', reason: 'holds a calendar date, an e-mail address or a phone number' },
      { line: 6, field: 'department', reason: 'holds a calendar date, an e-mail address or a phone number' },
    ]);
    expect(sessions.map((s) => s.session_id)).toEqual(['d7', 'd8', 'd9']);
    // rejects.jsonl outlives the run: the line that holds the birth date or contact is withheld
    for (const r of rejects) expect(JSON.stringify(r)).not.toMatch(/1987|昭和62|someone@|2468|1234 5678/u);
  });

  it('refuse a name given twice (a JSON key or a CSV column repeated), keeping neither in the reject (attack)', () => {
    // JSON.parse keeps the last of two members and a CSV record the last filled column of two,
    // so the first name was neither redacted nor cut from the reject's raw line.
    const twice = named({ consultant_id: undefined }).replace(/\}$/, ',"employee_name":"匿名"}');
    const twiceGood = named({ session_id: 's2' }).replace(/\}$/, ',"employee_name":"匿名"}');
    const escapedKey = named({ session_id: 's3' }).replace(/\}$/, ',"consultant\\u005fname":"匿名"}');
    const jsonl = parseManifest(Buffer.from([twice, twiceGood, escapedKey].join('\n')), '/m/s.jsonl', deps);
    expect(jsonl.sessions).toEqual([]);
    expect(jsonl.rejects.map(({ line, field }) => ({ line, field }))).toEqual([
      { line: 1, field: 'consultant_id' },
      { line: 2, field: 'employee_name' },
      { line: 3, field: 'consultant_name' },
    ]);
    for (const r of jsonl.rejects) expect(traces(`${r.reason} ${r.raw}`), r.raw).toEqual([]);

    const header = 'session_id,company_id,employee_id,employee_name,consultant_id,started_at,transcript_uri,employee_name';
    const csv = [header, `s1,nope,E1,${NAMES[0]},cc1,2026-09-30T16:30:00Z,t/ok.vtt,匿名`, `s2,c1,E2,${NAMES[0]},cc1,2026-09-30T16:30:00Z,t/ok.vtt,匿名`].join('\n');
    const c = parseManifest(Buffer.from(csv), '/m/s.csv', deps);
    expect(c.sessions).toEqual([]);
    expect(c.rejects.map(({ line, field }) => ({ line, field }))).toEqual([
      { line: 2, field: 'employee_name' },
      { line: 3, field: 'employee_name' },
    ]);
    for (const r of c.rejects) expect(traces(`${r.reason} ${r.raw}`), r.raw).toEqual([]);
  });

  it('leave no piece of a name in a reject that spells it another way: a file named after the employee (attack)', () => {
    // operators name files after people: without the space, joined by _ or -, upper case
    const lines = [
      named({ transcript_uri: 't/佐藤陽向_2026-10.vtt' }),
      named({ session_id: 's2', transcript_uri: 't/KENJI-ITO.vtt' }),
      named({ session_id: 's3', company_id: 'nope', transcript_uri: 't/ok.vtt', employee_id: 'Kenji01' }),
    ];
    const { rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map((r) => r.field)).toEqual(['transcript_uri', 'transcript_uri', 'company_id']);
    for (const r of rejects) expect(`${r.reason} ${r.raw}`.replace('Kenji01', ''), `${r.reason} ${r.raw}`).not.toMatch(/佐藤|陽向|kenji|ito\b/iu);
    expect(rejects[0]!.reason).toBe('transcript file not found: [transcript_uri]');
    // the raw line is still the row, keys and the raw id intact (erase finds it by the id)
    expect(JSON.parse(rejects[2]!.raw)).toMatchObject({ employee_id: 'Kenji01', employee_name: '[PERSON]', consultant_name: '[PERSON]' });
  });

  it('leave no piece of a name in the raw line of a line too long to read, whose file is named after the employee (attack)', () => {
    const long = named({ transcript_uri: 't/佐藤陽向_2026-10.vtt', department: `${'x'.repeat(MAX_LINE_CHARS)}` });
    const broken = named({ session_id: 's2', employee_id: 'Kenji02', transcript_uri: 't/KENJI-ITO.vtt' }).replace(/\}$/u, ',');
    const { rejects } = parseManifest(Buffer.from([long, broken].join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map((r) => r.line)).toEqual([1, 2]);
    for (const r of rejects) expect(`${r.reason} ${r.raw}`.replace('Kenji02', ''), r.raw.slice(0, 300)).not.toMatch(/佐藤|陽向|kenji|ito\b/iu);
    // the raw id stays, for erase
    expect(rejects[1]!.raw).toContain('"employee_id":"Kenji02"');
  });

  it('attack: keep nothing of a line too long to read whose known names come after the cut (a team or an id named after the employee before it)', () => {
    const lines = [
      good({ department: '森本チーム', consultant_assessment: { note: 'x'.repeat(MAX_LINE_CHARS) }, employee_name: '森本 楓' }),
      good({ session_id: 'kaede-m', transcript_uri: undefined, recording_uri: `s3://r/${'x'.repeat(MAX_LINE_CHARS)}`, consultant_name: 'Kaede Morimoto' }),
    ];
    const csv = ['session_id,company_id,employee_id,consultant_id,started_at,department,transcript_uri,employee_name', `s1,c1,E1,cc1,2026-09-30T16:30:00Z,森本チーム,t/${'x'.repeat(MAX_LINE_CHARS)}.vtt,森本 楓`];
    const rejects = [...parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps).rejects, ...parseManifest(Buffer.from(csv.join('\n')), '/m/s.csv', deps).rejects];
    expect(rejects.map((r) => [r.file, r.line])).toEqual([['/m/s.jsonl', 1], ['/m/s.jsonl', 2], ['/m/s.csv', 2]]);
    for (const r of rejects) expect(`${r.reason} ${r.raw}`, r.raw.slice(0, 300)).not.toMatch(/morimoto|kaede|森本|楓/iu);
  });

  it('refuse a name field spelled another way, which would silently redact nothing (attack)', () => {
    const lines = [
      good({ employeeName: NAMES[0] }),
      good({ session_id: 's2', 'Employee Name': NAMES[0] }),
      good({ session_id: 's3', employee_name: NAMES[0], employee_name_kana: 'サトウ ヒナタ' }),
      good({ session_id: 's4', consultant_id: undefined, CONSULTANT_NAME: NAMES[1] }),
      // other fields a manifest export may carry are no names the platform knows: ignored, as before
      good({ session_id: 's5', company_name: '株式会社A', employee_no: 7 }),
    ];
    const { sessions, rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map(({ line, field }) => ({ line, field }))).toEqual([
      { line: 1, field: 'employeeName' },
      { line: 2, field: 'Employee Name' },
      { line: 3, field: 'employee_name_kana' },
      { line: 4, field: 'consultant_id' },
    ]);
    for (const r of rejects) expect(traces(`${r.reason} ${r.raw}`), r.raw).toEqual([]);
    expect(JSON.stringify(rejects)).not.toContain('サトウ');
    expect(sessions.map((s) => s.session_id)).toEqual(['s5']);
  });

  it('leave no name in rejects of lines that cannot be parsed (JSON broken, CSV with a name column)', () => {
    const broken = '{"session_id":"s1","employee_name":"佐藤 陽向", "consultant_name" : "Kenji \\"Ken\\" Ito", oops';
    const jsonl = parseManifest(Buffer.from(broken), '/m/s.jsonl', deps);
    expect(jsonl.rejects).toHaveLength(1);
    expect(traces(jsonl.rejects[0]!.raw)).toEqual([]);
    expect(jsonl.rejects[0]!.raw).toContain('"session_id":"s1"');

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

describe('a broken JSON line', () => {
  it('attack: keeps no text written without quotes in its reject (a name as a value or between members); file, line and the quoted members stay', () => {
    const lines = [
      '{"session_id":"s1","company_id":"c1","department":森本 楓,"employee_id":"E1"}',
      '{"session_id":"s2","company_id":"c1", Morimoto Kaede }',
      '{"session_id":"s3","note":"x"   Morimoto-Kaede,"duration_sec":12.5,"consultant_assessment":{"retention_risk":2}',
      '{"session_id":"s4","department":kaede',
      '{"session_id":"s5","employee_id":E77,"company_id":"c1"',
      // a known name without quotes is still cut, with its pieces elsewhere in the line
      '{"session_id":"s6","department":"森本チーム","employee_name":森本 楓,"company_id":"c1"}',
    ];
    const { rejects } = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
    expect(rejects.map((r) => [r.file, r.line])).toEqual([1, 2, 3, 4, 5, 6].map((l) => ['/m/s.jsonl', l]));
    for (const r of rejects) expect(`${r.reason} ${r.raw}`, r.raw).not.toMatch(/morimoto|kaede|森本|楓/iu);
    // the raw id stays however it is written: erase finds the row by it
    expect(rejects[4]!.raw).toBe('{"session_id":"s5","employee_id":E77,"company_id":"c1"');
    expect(rejects[0]!.raw).toBe('{"session_id":"s1","company_id":"c1","department":[unquoted text],"employee_id":"E1"}');
    expect(rejects[1]!.raw).toBe('{"session_id":"s2","company_id":"c1", [unquoted text] }');
    // a literal is no name: it stays
    expect(rejects[2]!.raw).toContain('"duration_sec":12.5,"consultant_assessment":{"retention_risk":2}');
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
