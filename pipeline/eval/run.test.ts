import { describe, expect, it } from 'vitest';
import type { AnalysisProvider, AnalyzeInput } from '../ports/analysis-provider.js';
import { SourceError } from '../errors.js';
import type { Analysis } from '../schemas.js';
import { NO_USAGE } from '../usage.js';
import { parseGoldCases } from './gold.js';
import { runEval } from './run.js';

const files: Record<string, string> = {
  'a.txt': 'CC: 山田さん、先週の件はその後どうですか。\n山田: 転職サイトを見始めました。電話は090-1234-5678です。\n',
  'b.vtt': 'WEBVTT\n\n00:00.000 --> 00:02.000\n<v CC>お名前と、折り返しは03-5555-0101でよろしいですか。</v>\n\n00:02.000 --> 00:04.000\n<v 相談者>佐藤です。保育園のお迎えが大変で。</v>\n',
};

const read = async (uri: string, { sessionId }: { sessionId: string }): Promise<Buffer> => {
  const text = files[uri];
  if (text === undefined) throw new SourceError('SOURCE_NOT_FOUND', `file not found: ${uri}`, { file: uri, sessionId });
  return Buffer.from(text);
};

/** Sees only what the stage hands it: redacted client speech. */
function fakeProvider(seen: AnalyzeInput[]): AnalysisProvider {
  return {
    lineage: { provider: 'fake', model: 'fixed', version: 'v1' },
    promptHash: () => 'fake',
    analyze: async (input) => {
      seen.push(input);
      const job = input.client.some((t) => t.includes('転職'));
      const analysis: Analysis = {
        themes: job ? [{ theme: 'job_change', confidence: 0.9 }] : [{ theme: 'childcare', confidence: 0.8 }],
        keywords: [],
        retention_risk: { score: job ? 0.9 : 0, level: job ? 'high' : 'low' },
        mental_health_risk: { score: 0, level: 'low' },
        sentiment: 0,
      };
      return { analysis, usage: NO_USAGE };
    },
  };
}

const cases = [
  { id: 'a', transcript: 'a.txt', consultant_speaker: 'CC', labels: { themes: ['job_change'], retention_risk: 'high', mental_health_risk: 'low', pii: ['山田', '090-1234-5678'] } },
  { id: 'b', transcript: 'b.vtt', labels: { themes: ['childcare'], retention_risk: 'low', mental_health_risk: 'medium', pii: ['佐藤'] } },
  { id: 'c', transcript: 'missing.txt', labels: { themes: [], retention_risk: 'low', mental_health_risk: 'low', pii: ['x'] } },
].map((c) => JSON.stringify(c));

describe('runEval', () => {
  it('runs each case through transcript → redact → analyze, checks leaks in every segment, and keeps going past a broken case', async () => {
    const seen: AnalyzeInput[] = [];
    let now = 0;
    const report = await runEval(parseGoldCases(cases.join('\n'), 'cases.jsonl'), 'cases.jsonl', {
      read,
      provider: fakeProvider(seen),
      clock: () => (now += 5),
    });
    // Only redacted client speech reaches the provider.
    expect(seen.map((s) => s.client)).toEqual([['転職サイトを見始めました。電話は[PHONE]です。'], ['[PERSON]です。保育園のお迎えが大変で。']]);
    expect(report.cases.map((c) => [c.id, c.themes.predicted, c.retention_risk.predicted, c.pii.leaked, c.error ?? null])).toEqual([
      ['a', ['job_change'], 'high', [], null],
      ['b', ['childcare'], 'low', [], null],
      ['c', [], null, [{ text: 'x' }], '[transcript_uri]: file not found: [transcript_uri]'],
    ]);
    // A case that could not run counts all its pii strings as leaked.
    // The centre's number in b is redacted but labelled as no one's PII: over-redaction at most.
    expect(report.pii).toEqual({
      recall: 0.75,
      total: 4,
      redacted: 3,
      leaked: [{ case: 'c', text: 'x' }],
      redactions: 4,
      over_redaction: 0.25,
      over_redacted: [{ case: 'b', text: '03-5555-0101' }],
    });
    expect(report.timing.mean_ms).toBe(5);
    expect(report.errors).toBe(1);
  });
});
