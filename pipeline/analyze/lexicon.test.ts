import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CURRENT_LEXICON, LEXICON_VERSIONS } from '../../prompts/lexicon/versions.js';
import jaData from '../../prompts/lexicon/2026.12.14/ja.json' with { type: 'json' };
import enData from '../../prompts/lexicon/2026.12.14/en.json' with { type: 'json' };
import { ConfigError } from '../errors.js';
import { THEME_IDS } from '../themes.js';
import { bundledLexicons, lexiconsOfVersion, lexiconVersions, parseLexicons, readWorkingLexicons, WORKING_VERSION } from './lexicon.js';

describe('lexicons', () => {
  it('share one version and cover every theme in both languages', () => {
    const lex = bundledLexicons();
    expect(lex.version).toBe('lexicon-2026.12.14');
    expect(Object.keys(lex.ja.themes).sort()).toEqual([...THEME_IDS].sort());
    expect(Object.keys(lex.en.themes).sort()).toEqual([...THEME_IDS].sort());
  });

  it('contain only patterns that compile', () => {
    const lex = bundledLexicons();
    for (const l of [lex.ja, lex.en]) {
      const patterns = [
        ...Object.values(l.themes).flatMap((e) => Object.keys(e.patterns)),
        ...Object.values(l.signals).flatMap((e) => [...Object.keys(e.patterns), ...e.hedges, ...e.commitments, ...e.approaches]),
        ...Object.keys(l.sentiment.patterns),
        ...l.cues.hypothetical_patterns,
        ...l.cues.past_patterns,
        ...l.cues.conditional_patterns,
        ...l.cues.dismissal_patterns,
        ...l.cues.answer_denial_patterns,
        ...l.cues.denial_patterns,
      ];
      for (const p of patterns) expect(() => new RegExp(p, 'u')).not.toThrow();
    }
  });

  it('reject a missing theme, naming file and field', () => {
    const broken = structuredClone(jaData) as { themes: Record<string, unknown> };
    delete broken.themes['caregiving'];
    expect(() => parseLexicons(broken, enData, '2026.12.14')).toThrow(ConfigError);
    try {
      parseLexicons(broken, enData, '2026.12.14');
    } catch (err) {
      expect((err as ConfigError).context).toEqual({ file: 'prompts/lexicon/2026.12.14/ja.json', field: 'themes.caregiving' });
    }
  });

  it('reject differing versions', () => {
    expect(() => parseLexicons(jaData, { ...enData, version: 'lexicon-1999.1.1' }, '2026.12.14')).toThrow(/versions differ/);
  });

  it('refuse a folder whose files still carry another version (a copied folder not bumped)', () => {
    // Loaded, it would record its results as 2026.12.14 and `honne run` would skip them as unchanged.
    expect(() => parseLexicons(jaData, enData, '2026.12.15')).toThrow(ConfigError);
    try {
      parseLexicons(jaData, enData, '2026.12.15');
    } catch (err) {
      expect((err as ConfigError).message).toBe('the lexicon in prompts/lexicon/2026.12.15 says it is lexicon-2026.12.14: set "version" to "lexicon-2026.12.15" in ja.json and en.json');
      expect((err as ConfigError).context).toEqual({ file: 'prompts/lexicon/2026.12.15', field: 'version' });
    }
  });

  it('load every folder of prompts/lexicon/, each registered and carrying its folder\'s version', () => {
    const root = new URL('../../prompts/lexicon/', import.meta.url);
    const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== WORKING_VERSION).map((d) => d.name);
    expect(folders.length).toBeGreaterThan(0);
    expect(Object.keys(LEXICON_VERSIONS).sort()).toEqual([...folders].sort());
    expect(folders).toContain(CURRENT_LEXICON);
    const Meta = z.strictObject({ date: z.iso.date(), changelog: z.string().min(10) });
    for (const folder of folders) {
      expect(lexiconsOfVersion(folder).version).toBe(`lexicon-${folder}`);
      expect(Meta.safeParse(JSON.parse(readFileSync(new URL(`${folder}/meta.json`, root), 'utf8'))).error).toBeUndefined();
    }
    expect(lexiconVersions()).toHaveLength(folders.length);
  });

  it('keep earlier versions runnable for comparison, by full or short version', () => {
    expect(lexiconVersions()).toEqual(['lexicon-2026.12.14', 'lexicon-2026.12.13', 'lexicon-2026.12.12', 'lexicon-2026.12.11', 'lexicon-2026.12.10', 'lexicon-2026.12.9', 'lexicon-2026.12.8', 'lexicon-2026.12.7', 'lexicon-2026.12.6', 'lexicon-2026.12.5', 'lexicon-2026.12.4', 'lexicon-2026.12.3', 'lexicon-2026.12.2', 'lexicon-2026.12.1', 'lexicon-2026.11.4', 'lexicon-2026.11.3', 'lexicon-2026.11.2', 'lexicon-2026.11.1']);
    expect(lexiconsOfVersion('2026.11.1').version).toBe('lexicon-2026.11.1');
    expect(lexiconsOfVersion('2026.11.2').version).toBe('lexicon-2026.11.2');
    expect(lexiconsOfVersion('2026.11.3').version).toBe('lexicon-2026.11.3');
    expect(lexiconsOfVersion('2026.12.1').version).toBe('lexicon-2026.12.1');
    expect(lexiconsOfVersion('2026.12.2').version).toBe('lexicon-2026.12.2');
    expect(lexiconsOfVersion('2026.12.3').version).toBe('lexicon-2026.12.3');
    expect(lexiconsOfVersion('2026.12.4').version).toBe('lexicon-2026.12.4');
    expect(lexiconsOfVersion('2026.12.5').version).toBe('lexicon-2026.12.5');
    expect(lexiconsOfVersion('lexicon-2026.12.14')).toBe(bundledLexicons());
    expect(() => lexiconsOfVersion('2025.1.1')).toThrow(/unknown lexicon version "2025.1.1" \(available: lexicon-2026.12.14, lexicon-2026.12.13, lexicon-2026.12.12, lexicon-2026.12.11, lexicon-2026.12.10, lexicon-2026.12.9, lexicon-2026.12.8, lexicon-2026.12.7, lexicon-2026.12.6, lexicon-2026.12.5, lexicon-2026.12.4, lexicon-2026.12.3, lexicon-2026.12.2, lexicon-2026.12.1, lexicon-2026.11.4, lexicon-2026.11.3, lexicon-2026.11.2, lexicon-2026.11.1\)/);
  });

  it('give every signal a severity cut and tie job_change and health to their signals', () => {
    for (const l of [bundledLexicons().ja, bundledLexicons().en]) {
      expect(l.signals.retention_risk.severe_weight).toBe(0.6);
      expect(l.signals.mental_health_risk.severe_weight).toBe(0.6);
      expect(l.themes.job_change.from_signal).toBe('retention_risk');
      expect(l.themes.health.from_signal).toBe('mental_health_risk');
    }
  });
});

describe('lexicon content hashes', () => {
  it('differ per language and change with any value of that language\'s file only', () => {
    const lex = bundledLexicons();
    expect(lex.hashes.ja).toMatch(/^[0-9a-f]{64}$/);
    expect(lex.hashes.en).toMatch(/^[0-9a-f]{64}$/);
    expect(lex.hashes.ja).not.toBe(lex.hashes.en);
    // One weight edited in place, the version string left as it was.
    const edited = structuredClone(jaData) as { themes: { job_change: { terms: Record<string, number> } } };
    edited.themes.job_change.terms['転職'] = 0.11;
    const after = parseLexicons(edited, enData, CURRENT_LEXICON);
    expect(after.version).toBe(lex.version);
    expect(after.hashes.ja).not.toBe(lex.hashes.ja);
    expect(after.hashes.en).toBe(lex.hashes.en);
  });

  it('do not change when a file is only re-formatted or its keys reordered', () => {
    const reordered = Object.fromEntries(Object.entries(jaData as Record<string, unknown>).reverse());
    const again = parseLexicons(JSON.parse(JSON.stringify(reordered, null, 4)), enData, CURRENT_LEXICON);
    expect(again.hashes).toEqual(bundledLexicons().hashes);
  });
});

describe('the working copy (lexicon@working)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'honne-prompts-'));
  const folder = join(dir, 'lexicon', 'working');

  it('is refused with the file and how to make one when there is none', () => {
    expect(() => readWorkingLexicons(dir)).toThrow(ConfigError);
    expect(() => readWorkingLexicons(dir)).toThrow(new RegExp(`no working copy: copy a saved version first \\(cp -r prompts/lexicon/${CURRENT_LEXICON.replaceAll('.', '\\.')} `));
  });

  it('is read from disk as it is now, whatever version its files still say, and hashed', () => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'ja.json'), JSON.stringify(jaData));
    writeFileSync(join(folder, 'en.json'), JSON.stringify(enData));
    const first = readWorkingLexicons(dir);
    expect(first.version).toBe('lexicon-working');
    const edited = structuredClone(jaData) as { stopwords: string[] };
    edited.stopwords.push('ほげ');
    writeFileSync(join(folder, 'ja.json'), JSON.stringify(edited));
    const second = readWorkingLexicons(dir);
    expect(second.ja.stopwords).toContain('ほげ');
    expect(second.hashes.ja).not.toBe(first.hashes.ja);
    expect(second.hashes.en).toBe(first.hashes.en);
  });

  it('names the file and field of a schema violation', () => {
    writeFileSync(join(folder, 'en.json'), JSON.stringify({ ...enData, language: 'ja' }));
    expect(() => readWorkingLexicons(dir)).toThrow(/lexicon language is ja/);
    writeFileSync(join(folder, 'en.json'), '{ not json');
    expect(() => readWorkingLexicons(dir)).toThrow(/not valid JSON/);
    rmSync(dir, { recursive: true, force: true });
  });
});
