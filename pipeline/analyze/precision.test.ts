/** The traps issue 13 names — someone else's situation, negations, hypotheticals, the client
 * echoing the consultant's prompt, positive asides — on short labelled snippets written for
 * these tests (`testdata/snippets.jsonl`, never taken from the gold set), next to real worries
 * said plainly or indirectly, so that precision is not bought with recall. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RISK_LEVELS, THEME_IDS } from '../themes.js';
import { z } from 'zod';
import { createLocalProvider } from './local.js';
import type { AnalysisProvider } from '../ports/analysis-provider.js';
import { loadJapaneseTokenizer } from './tokenizer.js';

const SnippetSchema = z.object({
  id: z.string(),
  language: z.enum(['ja', 'en']),
  trap: z.string(),
  client: z.array(z.string()).min(1),
  themes: z.array(z.enum(THEME_IDS)),
  retention_risk: z.enum(RISK_LEVELS),
  mental_health_risk: z.enum(RISK_LEVELS),
});
const snippets = readFileSync(join(import.meta.dirname, 'testdata', 'snippets.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => SnippetSchema.parse(JSON.parse(line)));

let provider: AnalysisProvider;
beforeAll(async () => {
  provider = createLocalProvider({ tokenizer: await loadJapaneseTokenizer() });
});

describe('labelled snippets (testdata/snippets.jsonl)', () => {
  it('has enough of each trap to mean something', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(60);
    const traps = new Set(snippets.map((s) => s.trap));
    for (const t of ['others', 'family burden', 'negation', 'hypothetical', 'consultant prompt denied', 'positive aside', 'real', 'indirect']) expect(traps).toContain(t);
  });

  it('are read with theme precision ≥ 0.9 and recall ≥ 0.95, and ≥ 90 % exactly right (themes and both levels)', async () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const wrong: string[] = [];
    for (const s of snippets) {
      const a = (await provider.analyze({ sessionId: s.id, language: s.language, client: s.client })).analysis;
      const got = a.themes.map((t) => t.theme);
      tp += got.filter((t) => s.themes.includes(t)).length;
      fp += got.filter((t) => !s.themes.includes(t)).length;
      fn += s.themes.filter((t) => !got.includes(t)).length;
      const same = got.slice().sort().join() === s.themes.slice().sort().join() && a.retention_risk.level === s.retention_risk && a.mental_health_risk.level === s.mental_health_risk;
      if (!same) wrong.push(`${s.id} [${got.join(',')}] ${a.retention_risk.level}/${a.mental_health_risk.level}`);
    }
    expect(tp / (tp + fp), wrong.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(tp / (tp + fn), wrong.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(wrong.length, wrong.join('\n')).toBeLessThanOrEqual(Math.floor(snippets.length * 0.1));
  });
});
