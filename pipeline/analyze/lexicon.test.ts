import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { THEME_IDS } from '../themes.js';
import { bundledLexicons, lexiconsOfVersion, lexiconVersions, parseLexicons } from './lexicon.js';
import jaData from './lexicon/ja.json' with { type: 'json' };
import enData from './lexicon/en.json' with { type: 'json' };

describe('lexicons', () => {
  it('share one version and cover every theme in both languages', () => {
    const lex = bundledLexicons();
    expect(lex.version).toBe('lexicon-2026.12.1');
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
    expect(() => parseLexicons(broken, enData)).toThrow(ConfigError);
    try {
      parseLexicons(broken, enData);
    } catch (err) {
      expect((err as ConfigError).context).toEqual({ file: 'pipeline/analyze/lexicon/ja.json', field: 'themes.caregiving' });
    }
  });

  it('reject differing versions', () => {
    expect(() => parseLexicons(jaData, { ...enData, version: 'lexicon-1999.1.1' })).toThrow(/versions differ/);
  });

  it('keep earlier versions runnable for comparison, by full or short version', () => {
    expect(lexiconVersions()).toEqual(['lexicon-2026.12.1', 'lexicon-2026.11.4', 'lexicon-2026.11.3', 'lexicon-2026.11.2', 'lexicon-2026.11.1']);
    expect(lexiconsOfVersion('2026.11.1').version).toBe('lexicon-2026.11.1');
    expect(lexiconsOfVersion('2026.11.2').version).toBe('lexicon-2026.11.2');
    expect(lexiconsOfVersion('2026.11.3').version).toBe('lexicon-2026.11.3');
    expect(lexiconsOfVersion('lexicon-2026.12.1')).toBe(bundledLexicons());
    expect(() => lexiconsOfVersion('2025.1.1')).toThrow(/unknown lexicon version "2025.1.1" \(available: lexicon-2026.12.1, lexicon-2026.11.4, lexicon-2026.11.3, lexicon-2026.11.2, lexicon-2026.11.1\)/);
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
