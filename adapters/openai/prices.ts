/** What OpenAI's models cost, for the estimated cost of each call (`usage.costUsd`): list prices
 * in USD as published on https://openai.com/api/pricing, read on PRICES_AS_OF. An operator with
 * other prices (a contract, a self-hosted server: 0) replaces a model's entry with HONNE_PRICES
 * (JSON, `pipeline/config.ts`). A model in neither table is costed at 0 and says so (`priced`). */
import type { Price, PriceOverrides } from '../../pipeline/usage.js';

export const PRICES_AS_OF = '2025-10-01';

export const PRICES: Readonly<Record<string, Price>> = {
  // speech to text, per minute of audio sent
  'gpt-4o-transcribe': { usdPerAudioMinute: 0.006 },
  'gpt-4o-transcribe-diarize': { usdPerAudioMinute: 0.006 },
  'gpt-4o-mini-transcribe': { usdPerAudioMinute: 0.003 },
  'whisper-1': { usdPerAudioMinute: 0.006 },
  // text, per million tokens
  'gpt-4o': { usdPerMillionInputTokens: 2.5, usdPerMillionOutputTokens: 10 },
  'gpt-4o-mini': { usdPerMillionInputTokens: 0.15, usdPerMillionOutputTokens: 0.6 },
  'gpt-4.1': { usdPerMillionInputTokens: 2, usdPerMillionOutputTokens: 8 },
  'gpt-4.1-mini': { usdPerMillionInputTokens: 0.4, usdPerMillionOutputTokens: 1.6 },
  'gpt-4.1-nano': { usdPerMillionInputTokens: 0.1, usdPerMillionOutputTokens: 0.4 },
  'gpt-5': { usdPerMillionInputTokens: 1.25, usdPerMillionOutputTokens: 10 },
  'gpt-5-mini': { usdPerMillionInputTokens: 0.25, usdPerMillionOutputTokens: 2 },
  'gpt-5-nano': { usdPerMillionInputTokens: 0.05, usdPerMillionOutputTokens: 0.4 },
};

/** What the Batch API charges of the list price (https://platform.openai.com/docs/guides/batch:
 * "50% lower costs"), for chat completions answered through it (adapters/openai/batch.ts). */
export const BATCH_DISCOUNT = 0.5;

/** The model's price: HONNE_PRICES' entry over the table's; undefined when neither knows it. */
export function priceOf(model: string, overrides: PriceOverrides = {}): Price | undefined {
  const base = PRICES[model];
  const over = overrides[model];
  return base === undefined && over === undefined ? undefined : { ...base, ...over };
}

/** Estimated USD of one call: audio minutes and tokens at the model's price (0 without one). */
export function estimateCost(price: Price | undefined, used: { audioSeconds?: number; inputTokens?: number; outputTokens?: number }): number {
  if (price === undefined) return 0;
  const audio = ((used.audioSeconds ?? 0) / 60) * (price.usdPerAudioMinute ?? 0);
  const input = ((used.inputTokens ?? 0) / 1e6) * (price.usdPerMillionInputTokens ?? 0);
  const output = ((used.outputTokens ?? 0) / 1e6) * (price.usdPerMillionOutputTokens ?? 0);
  return audio + input + output;
}
