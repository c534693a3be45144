import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CURRENT_LEXICON, LEXICON_VERSIONS } from '../../prompts/lexicon/versions.js';
import jaData from '../../prompts/lexicon/2026.12.2/ja.json' with { type: 'json' };
import enData from '../../prompts/lexicon/2026.12.2/en.json' with { type: 'json' };
import { ConfigError } from '../errors.js';
import { THEME_IDS } from '../themes.js';
import { bundledLexicons, lexiconsOfVersion, lexiconVersions, parseLexicons } from './lexicon.js';

describe('lexicons', () => {
  it('share one version and cover every theme in both languages', () => {
    const lex = bundledLexicons();
    expect(lex.version).toBe('lexicon-2026.12.2');
    expect(Object.keys(lex.ja.themes).sort()).toEqual([...THEME_IDS].sort());
    expect(Object.keys(lex.en.themes).sort()).toEqual([...THEME_IDS].sort());
  });

  it('contain only patterns that compile', () => {
    const lex = bundledLexicons();
    for (const l of [lex.ja, lex.en]) {
      const patterns = [
        ...Object.values(l.themes).flatMap((e) => Object.keys(e.patterns)),
        ...Object.values(l.signals).flatMap((e) => Object.keys(e.patterns)),
        ...Object.keys(l.sentiment.patterns),
        ...l.cues.hypothetical_patterns,
      ];
      for (const p of patterns) expect(() => new RegExp(p, 'u')).not.toThrow();
    }
  });

  it('reject a missing theme, naming file and field', () => {
    const broken = structuredClone(jaData) as { themes: Record<string, unknown> };
    delete broken.themes['caregiving'];
    expect(() => parseLexicons(broken, enData, '2026.12.2')).toThrow(ConfigError);
    try {
      parseLexicons(broken, enData, '2026.12.2');
    } catch (err) {
      expect((err as ConfigError).context).toEqual({ file: 'prompts/lexicon/2026.12.2/ja.json', field: 'themes.caregiving' });
    }
  });

  it('reject differing versions', () => {
    expect(() => parseLexicons(jaData, { ...enData, version: 'lexicon-1999.1.1' }, '2026.12.2')).toThrow(/versions differ/);
  });

  it('refuse a folder whose files still carry another version (a copied folder not bumped)', () => {
    // Loaded, it would record its results as 2026.12.2 and `honne run` would skip them as unchanged.
    expect(() => parseLexicons(jaData, enData, '2026.12.3')).toThrow(ConfigError);
    try {
      parseLexicons(jaData, enData, '2026.12.3');
    } catch (err) {
      expect((err as ConfigError).message).toBe('the lexicon in prompts/lexicon/2026.12.3 says it is lexicon-2026.12.2: set "version" to "lexicon-2026.12.3" in ja.json and en.json');
      expect((err as ConfigError).context).toEqual({ file: 'prompts/lexicon/2026.12.3', field: 'version' });
    }
  });

  it('load every folder of prompts/lexicon/, each registered and carrying its folder\'s version', () => {
    const root = new URL('../../prompts/lexicon/', import.meta.url);
    const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
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
    expect(lexiconVersions()).toEqual(['lexicon-2026.12.2', 'lexicon-2026.12.1', 'lexicon-2026.11.4', 'lexicon-2026.11.3', 'lexicon-2026.11.2', 'lexicon-2026.11.1']);
    expect(lexiconsOfVersion('2026.11.1').version).toBe('lexicon-2026.11.1');
    expect(lexiconsOfVersion('2026.11.2').version).toBe('lexicon-2026.11.2');
    expect(lexiconsOfVersion('2026.11.3').version).toBe('lexicon-2026.11.3');
    expect(lexiconsOfVersion('2026.12.1').version).toBe('lexicon-2026.12.1');
    expect(lexiconsOfVersion('lexicon-2026.12.2')).toBe(bundledLexicons());
    expect(() => lexiconsOfVersion('2025.1.1')).toThrow(/unknown lexicon version "2025.1.1" \(available: lexicon-2026.12.2, lexicon-2026.12.1, lexicon-2026.11.4, lexicon-2026.11.3, lexicon-2026.11.2, lexicon-2026.11.1\)/);
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
