import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysisPromptFiles, ANALYSIS_PROMPT_VERSIONS, CURRENT_ANALYSIS_PROMPT } from '../../prompts/analysis/versions.js';
import { ConfigError } from '../errors.js';
import { THEME_IDS } from '../themes.js';
import { loadPrompt, parsePrompt, renderUser } from './prompt.js';

const files = () => analysisPromptFiles(CURRENT_ANALYSIS_PROMPT)!;

describe('analysis prompts', () => {
  it('load every folder of prompts/analysis/, each registered, with valid metadata and templates', () => {
    const root = new URL('../../prompts/analysis/', import.meta.url);
    const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'working').map((d) => d.name);
    expect([...ANALYSIS_PROMPT_VERSIONS].sort()).toEqual(folders.sort());
    for (const v of folders) {
      const p = loadPrompt('analysis', v, '/nowhere');
      expect(p.version).toBe(v);
      expect(p.hash).toMatch(/^[0-9a-f]{64}$/);
      for (const id of THEME_IDS) expect(p.system).toContain(`\`${id}\``);
    }
    expect(loadPrompt('analysis', undefined, '/nowhere').version).toBe(CURRENT_ANALYSIS_PROMPT);
  });

  it('hash what decides the answer, not the date or the changelog', () => {
    const base = parsePrompt(files(), 'analysis', 'x');
    const meta = files().meta as Record<string, unknown>;
    expect(parsePrompt({ ...files(), meta: { ...meta, date: '2030-01-01', changelog: 'only the notes changed here' } }, 'analysis', 'x').hash).toBe(base.hash);
    expect(parsePrompt({ ...files(), meta: { ...meta, temperature: 0.7 } }, 'analysis', 'x').hash).not.toBe(base.hash);
    expect(parsePrompt({ ...files(), meta: { ...meta, model: 'gpt-other' } }, 'analysis', 'x').hash).not.toBe(base.hash);
    expect(parsePrompt({ ...files(), system: files().system + '\nBe brief.' }, 'analysis', 'x').hash).not.toBe(base.hash);
    expect(parsePrompt({ ...files(), user: files().user.replace('Language', 'LANGUAGE') }, 'analysis', 'x').hash).not.toBe(base.hash);
  });

  it('refuse bad metadata or templates, naming the file and field', () => {
    const meta = files().meta as Record<string, unknown>;
    try {
      parsePrompt({ ...files(), meta: { ...meta, schema: 'analysis-v9' } }, 'analysis', 'x');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).context).toMatchObject({ file: 'prompts/analysis/x/meta.json', field: 'schema' });
    }
    expect(() => parsePrompt({ ...files(), user: 'no slots' }, 'analysis', 'x')).toThrow(/must hold \{\{language\}\}/);
    expect(() => loadPrompt('analysis', '1999.1.1', '/nowhere')).toThrow(/unknown analysis prompt version "1999.1.1" \(available: 2026.12.1, working\)/);
    expect(() => loadPrompt('triage', undefined, '/nowhere')).toThrow(/unknown prompt "triage" \(available: analysis\)/);
  });

  it('fill each slot once: text put in a slot is never expanded as another', () => {
    const p = parsePrompt(files(), 'analysis', 'x');
    const text = renderUser(p, { language: 'ja', keywords: '["転職"]', part: '1', parts: '1', transcript: '"{{keywords}} {{language}}"' });
    expect(text).toContain('"{{keywords}} {{language}}"');
    expect(text).toContain('Candidate keywords (JSON array): ["転職"]');
  });
});

describe('the working copy (analysis@working)', () => {
  it('is read from disk at each load, and says how to make one when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'honne-prompt-'));
    try {
      expect(() => loadPrompt('analysis', 'working', dir)).toThrow(/no meta.json \(copy a saved version first: cp -r prompts\/analysis\/2026.12.1 /);
      cpSync(new URL(`../../prompts/analysis/${CURRENT_ANALYSIS_PROMPT}`, import.meta.url), join(dir, 'analysis', 'working'), { recursive: true });
      const first = loadPrompt('analysis', 'working', dir);
      expect(first.hash).toBe(loadPrompt('analysis', CURRENT_ANALYSIS_PROMPT, dir).hash);
      const system = join(dir, 'analysis', 'working', 'system.md');
      writeFileSync(system, readFileSync(system, 'utf8') + '\nAnswer carefully.\n');
      expect(loadPrompt('analysis', 'working', dir).hash).not.toBe(first.hash);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
