import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { parseManifest, streamManifest, type ManifestItem } from './manifest.js';
import { MAX_LINE_CHARS } from './records.js';

const KEY = 'test-key-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'honne-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const deps = {
  companyIds: new Set(['c1', 'c2']),
  pseudonymKey: KEY,
  checkFile: (p: string) => (p.endsWith('/t/ok.vtt') ? undefined : 'not found'),
  analysisVersion: 'local/rules/test',
};
const row = (id: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({ session_id: id, company_id: 'c1', employee_id: `E-${id}`, department: '営業部', consultant_id: 'cc1', started_at: '2026-09-30T16:30:00Z', transcript_uri: 't/ok.vtt', ...over });

async function collect(items: AsyncIterable<ManifestItem>) {
  const sessions: [string, number][] = [];
  const rejects: [number, string | undefined, string][] = [];
  for await (const it of items) {
    if (it.session) sessions.push([it.session.session_id, it.session.source.line]);
    else rejects.push([it.reject.line, it.reject.field, it.reject.reason]);
  }
  return { sessions, rejects };
}

/** Yields the buffer in pieces of `size` bytes: rows, CRLFs and multibyte characters split over chunks. */
async function* pieces(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < buf.length; at += size) yield buf.subarray(at, at + size);
}

describe('manifest lines longer than the cap', () => {
  it('rejects the over-long line alone, keeps a bounded copy of it, and reads the rows around it', async () => {
    const long = row('s2', { department: 'x'.repeat(MAX_LINE_CHARS + 10) });
    const text = [row('s1'), long, row('s3')].join('\n') + '\n';
    const file = join(dir, 'long.jsonl');
    writeFileSync(file, text);
    const streamed = await collect(streamManifest(file, deps));
    expect(streamed.sessions).toEqual([['s1', 1], ['s3', 3]]);
    expect(streamed.rejects).toEqual([[2, undefined, `the line is longer than ${MAX_LINE_CHARS} characters`]]);
    const whole = parseManifest(Buffer.from(text), file, deps);
    expect(whole.sessions.map((s) => s.session_id)).toEqual(['s1', 's3']);
    expect(whole.rejects).toHaveLength(1);
    expect(whole.rejects[0]!.raw.length).toBeLessThan(2000);
    // its keys stay; its values but the ids go (a known name could follow the cut: manifest.test.ts)
    expect(whole.rejects[0]!.raw.startsWith('{"session_id":"[not kept: the line was cut]"')).toBe(true);
  });

  it('also in CSV, where a quote that never closes holds a bounded block and rejects its own line', async () => {
    const header = 'session_id,company_id,employee_id,consultant_id,started_at,transcript_uri';
    const ok = (id: string) => `${id},c1,E-${id},cc1,2026-10-01T10:00:00+09:00,t/ok.vtt`;
    const filler = Array.from({ length: 30_000 }, (_, i) => ok(`f${i}`));
    const text = [header, ok('s1'), `s2,c1,"E2,cc1,2026-10-01T10:00:00+09:00,t/ok.vtt`, ...filler, `s3,c1,E3,cc1,${'y'.repeat(MAX_LINE_CHARS + 1)}`, ok('s4')].join('\n');
    const file = join(dir, 'quote.csv');
    writeFileSync(file, text);
    const { sessions, rejects } = await collect(streamManifest(file, deps));
    expect(sessions).toHaveLength(2 + filler.length);
    expect(sessions[0]).toEqual(['s1', 2]);
    expect(sessions.at(-1)).toEqual(['s4', 4 + filler.length + 1]);
    expect(rejects).toEqual([
      [3, undefined, expect.stringMatching(/^unreadable CSV row: Quote Not Closed/)],
      [4 + filler.length, undefined, `the line is longer than ${MAX_LINE_CHARS} characters`],
    ]);
  });
});

describe('streamed manifest', () => {
  it('ingests 200,000 generated rows through the stream, with every count and line right', async () => {
    const n = 200_000;
    const file = join(dir, 'big.jsonl');
    const out = createWriteStream(file);
    for (let i = 1; i <= n; i++) {
      // every 50,000th row is a duplicate of the first, every 40,000th has no consultant
      const line = i % 50_000 === 0 ? row('r1') : i % 40_000 === 0 ? row(`r${i}`, { consultant_id: undefined }) : row(`r${i}`, { company_id: i % 2 ? 'c1' : 'c2' });
      if (!out.write(line + '\n')) await once(out, 'drain');
    }
    out.end();
    await once(out, 'close');
    let sessions = 0;
    let lastLine = 0;
    let ordered = true;
    const rejects: [number, string | undefined][] = [];
    for await (const it of streamManifest(file, deps)) {
      const line = it.session ? it.session.source.line : it.reject.line;
      ordered &&= line > lastLine;
      lastLine = line;
      if (it.session) sessions += 1;
      else rejects.push([it.reject.line, it.reject.field]);
    }
    expect(rejects).toEqual([
      [40_000, 'consultant_id'],
      [50_000, 'session_id'],
      [80_000, 'consultant_id'],
      [100_000, 'session_id'],
      [120_000, 'consultant_id'],
      [150_000, 'session_id'],
      [160_000, 'consultant_id'],
      [200_000, 'session_id'],
    ]);
    expect(sessions).toBe(n - 8);
    expect(ordered).toBe(true);
    expect(lastLine).toBe(n);
  }, 60_000);

  it('numbers lines right when rows, CRLFs and multibyte characters are split over chunks, and rejects an invalid UTF-8 row alone', async () => {
    const lines = [
      row('s1'),
      '{"session_id": "s2", oops',
      Buffer.concat([Buffer.from('{"session_id":"s3","company_id":"c1","employee_id":"E3","department":"営'), Buffer.from([0xff, 0xfe]), Buffer.from('部","consultant_id":"cc1","started_at":"2026-09-30T16:30:00Z","transcript_uri":"t/ok.vtt"}')]),
      '',
      row('s4', { department: '品質保証部' }),
      row('s5', { started_at: 'never' }),
      row('s6', { department: '開発部' }),
    ].map((l) => (typeof l === 'string' ? Buffer.from(l) : l));
    const buf = Buffer.concat(lines.flatMap((l, i) => (i === 0 ? [l] : [Buffer.from('\r\n'), l])));
    const file = join(dir, 'chunks.jsonl');
    const expected = {
      sessions: [['s1', 1], ['s4', 5], ['s6', 7]],
      rejects: [
        [2, undefined, expect.stringMatching(/^invalid JSON/)],
        [3, undefined, 'the line has bytes that are not valid UTF-8; save the file as UTF-8'],
        [6, 'started_at', expect.any(String)],
      ],
    };
    for (const size of [1, 3, 7, 64]) expect(await collect(streamManifest(file, deps, { source: pieces(buf, size) }))).toEqual(expected);
    const whole = parseManifest(buf, file, deps);
    expect(whole.sessions.map((s) => [s.session_id, s.source.line, s.department])).toEqual([
      ['s1', 1, '営業部'],
      ['s4', 5, '品質保証部'],
      ['s6', 7, '開発部'],
    ]);
    expect(whole.rejects.map((r) => r.line)).toEqual([2, 3, 6]);
  });

  it('reads a Shift_JIS CSV with a quoted cell over two lines in 5-byte chunks, lines as in the whole file', async () => {
    const csv = [
      'session_id,company_id,employee_id,department,consultant_id,started_at,transcript_uri',
      's1,c1,E1,営業部,cc1,2026-10-01T10:00:00+09:00,t/ok.vtt',
      's2,c1,E2,"第一\r\n営業部",cc1,2026-10-01T10:00:00+09:00,t/ok.vtt',
      's3,c1,E3,営業部,cc1',
      's4,c1,E4,開発部,cc1,2026-10-02T10:00:00+09:00,t/ok.vtt',
    ].join('\r\n');
    const buf = iconv.encode(csv, 'Shift_JIS');
    const file = join(dir, 'sjis.csv');
    const streamed = await collect(streamManifest(file, deps, { source: pieces(buf, 5) }));
    expect(streamed).toEqual({
      sessions: [['s1', 2], ['s2', 4], ['s4', 6]],
      rejects: [[5, undefined, 'expected 7 columns as in the header, found 5']],
    });
    const whole = parseManifest(buf, file, deps);
    expect(whole.sessions.map((s) => [s.session_id, s.source.line, s.department])).toEqual([
      ['s1', 2, '営業部'],
      ['s2', 4, '第一\n営業部'],
      ['s4', 6, '開発部'],
    ]);
  });
});

describe('a manifest line that is not JSON (attack: a known name left unquoted)', () => {
  it('keeps the name out of the reject reason as well as out of the raw line', () => {
    const line = row('s9').replace(/}$/, ',"employee_name":宍戸 万里子}');
    const { rejects } = parseManifest(Buffer.from(`${line}\n`), join(dir, 'unquoted.jsonl'), deps);
    expect(rejects).toHaveLength(1);
    expect(`${rejects[0]!.reason} ${rejects[0]!.raw}`.match(/宍戸|万里子/g)).toBeNull();
    expect(rejects[0]!.reason).toMatch(/^invalid JSON: \S/);
  });
});
