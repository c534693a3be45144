/** Usage of outside systems (pipeline/schemas.ts `UsageSchema`): nothing used, and totals. */
import type { Usage } from './schemas.js';

/** What a call that reaches no outside system uses (the local provider). */
export const NO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, audioSeconds: 0, costUsd: 0, cached: false });

/** The usage of many calls: summed, and how many of them a cache answered. */
export interface UsageTotal {
  calls: number;
  cachedCalls: number;
  inputTokens: number;
  outputTokens: number;
  audioSeconds: number;
  costUsd: number;
}

export function emptyUsageTotal(): UsageTotal {
  return { calls: 0, cachedCalls: 0, inputTokens: 0, outputTokens: 0, audioSeconds: 0, costUsd: 0 };
}

/** Adds one call's usage to a total, in place. */
export function addUsage(total: UsageTotal, usage: Usage): void {
  total.calls += 1;
  if (usage.cached) total.cachedCalls += 1;
  total.inputTokens += usage.inputTokens;
  total.outputTokens += usage.outputTokens;
  total.audioSeconds += usage.audioSeconds;
  total.costUsd += usage.costUsd;
}
