import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalProvider } from '../pipeline/analyze/local.js';
import type { AnalysisProvider } from '../pipeline/ports/analysis-provider.js';
import { loadJapaneseTokenizer, type JaTokenizer } from '../pipeline/analyze/tokenizer.js';
import { redactSegments } from '../pipeline/redact/redact.js';
import { CompactTokensSchema, decodeTokens, encodeTokens } from './tokens.js';

let tokenizer: JaTokenizer;
let provider: AnalysisProvider;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
  provider = createLocalProvider({ tokenizer });
});

const segments = [
  { start: 0, end: 1, speaker: 'コンサルタント', role: 'consultant' as const, text: '最近いかがですか。' },
  { start: 1, end: 2, speaker: '山田 花子', role: 'client' as const, text: '上司の佐藤部長に毎日詰められて、眠れないんです。' },
  { start: 2, end: 3, speaker: '山田 花子', role: 'client' as const, text: '株式会社サンプルを辞めて、ＡＢＣ転職エージェントに登録しました。' },
];
const nfkc = (s: string) => s.normalize('NFKC');

describe('redacted tokens through the object store', () => {
  it('round-trips what analysis reads, through JSON, and gives the same analysis', async () => {
    const r = redactSegments(segments, { language: 'ja', speakerNames: ['山田 花子'], companyName: '株式会社サンプル', tokenizer });
    const normalized = (i: number) => nfkc(r.segments[i]?.text ?? '');
    const stored = CompactTokensSchema.parse(JSON.parse(JSON.stringify(encodeTokens(r.tokens, normalized))));
    const back = decodeTokens(stored, normalized);
    expect(back.map((t) => t?.text ?? null)).toEqual(r.tokens.map((t) => t?.text ?? null));
    back.forEach((t, i) => {
      const orig = r.tokens[i];
      if (t === null || orig === null || orig === undefined) return expect(t).toBe(orig ?? null);
      expect(t.tokens.map((p) => [p.start, p.end, p.token.surface_form, p.token.pos, p.token.pos_detail_1, p.token.pos_detail_2, p.token.basic_form, p.token.word_type === 'KNOWN'])).toEqual(
        orig.tokens.map((p) => [p.start, p.end, p.token.surface_form, p.token.pos, p.token.pos_detail_1, p.token.pos_detail_2, p.token.basic_form, p.token.word_type === 'KNOWN']),
      );
    });
    const clientIdx = [1, 2];
    const client = clientIdx.map((i) => r.segments[i]?.text ?? '');
    const viaStore = await provider.analyze({ sessionId: 's', language: 'ja', client, tokens: clientIdx.map((i) => back[i] ?? null) });
    expect(viaStore).toEqual(await provider.analyze({ sessionId: 's', language: 'ja', client, tokens: clientIdx.map((i) => r.tokens[i] ?? null) }));
    expect(viaStore).toEqual(await provider.analyze({ sessionId: 's', language: 'ja', client }));
  });

  it('rejects malformed objects and drops a segment whose ranges do not fit its text', () => {
    expect(CompactTokensSchema.safeParse({ strings: ['a'], segments: [{ m: [0, 1, 0, 0, 0, 5, 1] }] }).success).toBe(false);
    expect(CompactTokensSchema.safeParse({ strings: ['a'], segments: [{ m: [0, 1, 0] }] }).success).toBe(false);
    expect(CompactTokensSchema.safeParse({ strings: [], segments: [null] }).success).toBe(true);
    expect(decodeTokens({ strings: ['名詞'], segments: [{ m: [0, 9, 0, 0, 0, 0, 1] }] }, () => 'abc')).toEqual([null]);
  });
});
