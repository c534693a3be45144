/** Usage of outside systems (pipeline/schemas.ts `UsageSchema`): nothing used, and totals. */
import { z } from 'zod';
import type { Usage } from './schemas.js';

/** A model's price, USD: per minute of audio sent, per million input / output tokens. */
export const PriceSchema = z.strictObject({
  usdPerAudioMinute: z.number().nonnegative().optional(),
  usdPerMillionInputTokens: z.number().nonnegative().optional(),
  usdPerMillionOutputTokens: z.number().nonnegative().optional(),
});
export type Price = z.infer<typeof PriceSchema>;

/** HONNE_PRICES: prices per model name, each replacing what the built-in table says of it. */
export const PriceOverridesSchema = z.record(z.string().min(1), PriceSchema);
export type PriceOverrides = z.infer<typeof PriceOverridesSchema>;

/** What a call that reaches no outside system uses (the local provider). */
export const NO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, audioSeconds: 0, trimmedSeconds: 0, costUsd: 0, cached: false });

/** The usage of many calls: summed, and how many of them a cache answered. */
export interface UsageTotal {
  calls: number;
  cachedCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** Seconds of audio sent to a transcriber (billed). */
  audioSeconds: number;
  /** Seconds of silence trimmed before sending (billed time saved). */
  trimmedSeconds: number;
  /** Estimated from the price table (HONNE_PRICES overrides it). */
  costUsd: number;
}

export function emptyUsageTotal(): UsageTotal {
  return { calls: 0, cachedCalls: 0, inputTokens: 0, outputTokens: 0, audioSeconds: 0, trimmedSeconds: 0, costUsd: 0 };
}

/** Adds one call's usage to a total, in place. */
export function addUsage(total: UsageTotal, usage: Usage): void {
  total.calls += 1;
  if (usage.cached) total.cachedCalls += 1;
  total.inputTokens += usage.inputTokens;
  total.outputTokens += usage.outputTokens;
  total.audioSeconds += usage.audioSeconds;
  total.trimmedSeconds += usage.trimmedSeconds;
  total.costUsd += usage.costUsd;
}
