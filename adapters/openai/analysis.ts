/** The OpenAI analysis provider (port: pipeline/ports/analysis-provider.ts): one session's
 * redacted client speech → `Analysis`, through chat completions with structured outputs
 * (`zodResponseFormat` of the prompt's output schema, pipeline/analyze/wire.ts).
 *
 * - Only `AnalyzeInput.client` (redacted) is sent, with the keyword candidates the local provider
 *   counted in it; nothing else of the session.
 * - A transcript longer than the prompt's `chunk_tokens` (counted with the model's encoding,
 *   o200k_base) is split at turn boundaries; the parts' answers are merged (model-answer.ts).
 * - An answer that is not the schema's JSON, is out of range, refused or cut off is asked again
 *   once; a second bad answer fails the session (`PROVIDER_INVALID_OUTPUT`) with the reason —
 *   never the answer's text. HTTP errors: errors.ts.
 * - Each part's answer is cached (model, prompt hash, messages, parameters; filed under the
 *   employee's pseudonym), so a re-run costs nothing.
 * - With a token budget (queue mode, HONNE_RATE_LIMITS `openai.tokens`), a session reserves its
 *   estimate first, before anything else is done for it (a refused job has wasted no work, and a
 *   job let go after a pause takes its place at once): per part, its messages without the
 *   keyword candidates, counted as the usage counts them (`requestTokens`), and an allowance for
 *   the candidates and the answer, the largest of the last answers' (`OUTPUT_TOKEN_ALLOWANCE`
 *   before the first). Each request moves the reservation to its sending time (the API counts
 *   from arrival), and the session settles with the usage the answers report. A budget used up is a
 *   `RateLimitedError` with the budget's wait, as a 429 is. An estimate close to the usage
 *   matters: a refusal pauses the queue. */
import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { invalidAnswer, mergeAnswers, partMessages, splitTurns, type CountTokens, type ModelMessage } from '../../pipeline/analyze/model-answer.js';
import type { Prompt } from '../../pipeline/analyze/prompt.js';
import { WIRE_SCHEMAS, type AnalysisWire } from '../../pipeline/analyze/wire.js';
import { ProviderError, RateLimitedError } from '../../pipeline/errors.js';
import { cachedCall } from '../../pipeline/model-cache.js';
import type { AnalysisProvider, AnalysisResponse, AnalyzeInput } from '../../pipeline/ports/analysis-provider.js';
import type { ModelCache } from '../../pipeline/ports/model-cache.js';
import type { TokenBudget } from '../../pipeline/ports/token-budget.js';
import type { KeywordCount } from '../../pipeline/schemas.js';
import type { PriceOverrides } from '../../pipeline/usage.js';
import { fromOpenAiError } from './errors.js';
import { estimateCost, priceOf } from './prices.js';

export interface OpenAiProviderDeps {
  client: OpenAI;
  prompt: Prompt;
  /** The session's keyword candidates with their counts (the local provider's keywords): the
   * model keeps those that name a worry, and can add none. */
  keywords: (input: AnalyzeInput) => Promise<KeywordCount[]>;
  /** Undefined: no cache (`--no-cache`). */
  cache?: ModelCache;
  prices?: PriceOverrides;
  /** The server's host, for messages (models.ts serverOf). */
  server: string;
  countTokens?: CountTokens;
  /** Tokens a window shared by every worker (queue mode); undefined: none. */
  budget?: TokenBudget;
}

/** Tokens reserved per request beyond its messages without keyword candidates (the candidates'
 * line and the answer, 300–800 with quotes) before any answer has been seen; then the largest of
 * the last `OUTPUT_SAMPLES` requests' (their usage less that estimate). */
export const OUTPUT_TOKEN_ALLOWANCE = 1_000;
const OUTPUT_SAMPLES = 20;

/** A request's input tokens as the chat usage counts them: each message's content and ~4 of
 * framing, and 3 for the reply's priming. */
export function requestTokens(messages: readonly ModelMessage[], count: CountTokens = countTokens): number {
  return messages.reduce((n, m) => n + count(m.content) + 4, 3);
}

/** One part's answer as it is cached: the validated wire answer and what it used. */
interface PartAnswer {
  wire: AnalysisWire;
  inputTokens: number;
  outputTokens: number;
}

export function createOpenAiProvider(deps: OpenAiProviderDeps): AnalysisProvider {
  const { client, prompt } = deps;
  const { model, temperature, chunk_tokens } = prompt.meta;
  const schema = WIRE_SCHEMAS[prompt.schemaName];
  const responseFormat = zodResponseFormat(schema, 'analysis');
  const count = deps.countTokens ?? countTokens;
  const price = priceOf(model, deps.prices);
  /** What the last requests used beyond their messages without candidates (the budget's allowance). */
  const extras: number[] = [];
  const allowance = () => (extras.length === 0 ? OUTPUT_TOKEN_ALLOWANCE : Math.max(...extras));
  const parseStored = (v: unknown): PartAnswer | undefined => {
    const a = v as Partial<PartAnswer> | null;
    const wire = schema.safeParse(a?.wire);
    if (!wire.success || invalidAnswer(wire.data) !== undefined || typeof a?.inputTokens !== 'number' || typeof a.outputTokens !== 'number') return undefined;
    return { wire: wire.data, inputTokens: a.inputTokens, outputTokens: a.outputTokens };
  };

  /** One request; the answer checked: a PartAnswer, or the reason it is unusable (no text of it). */
  async function ask(messages: ModelMessage[], what: string, sessionId: string, sending?: () => Promise<void>): Promise<{ answer?: PartAnswer; reason?: string; inputTokens: number; outputTokens: number }> {
    await sending?.();
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await client.chat.completions.create({ model, messages, temperature, response_format: responseFormat });
    } catch (err) {
      throw fromOpenAiError(err, { what, server: deps.server, sessionId });
    }
    const inputTokens = completion.usage?.prompt_tokens ?? 0;
    const outputTokens = completion.usage?.completion_tokens ?? 0;
    const used = { inputTokens, outputTokens };
    const choice = completion.choices[0];
    if (choice === undefined) return { ...used, reason: 'no answer in the response' };
    if (choice.message.refusal) return { ...used, reason: 'the model refused' };
    if (choice.finish_reason === 'length') return { ...used, reason: 'the answer was cut off at the output limit' };
    if (choice.finish_reason === 'content_filter') return { ...used, reason: 'the answer was stopped by the content filter' };
    let json: unknown;
    try {
      json = JSON.parse(choice.message.content ?? '');
    } catch {
      // V8's message quotes the text: say only what was wrong.
      return { ...used, reason: 'the answer is not JSON' };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ...used, reason: `the answer does not fit the output schema (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'})` };
    }
    const out = invalidAnswer(parsed.data);
    if (out !== undefined) return { ...used, reason: out };
    return { ...used, answer: { wire: parsed.data, inputTokens, outputTokens } };
  }

  /** The session's parts asked (or answered from the cache) and merged; `onUsage` hears each request's usage. */
  async function answer(input: AnalyzeInput, parts: string[][], onUsage: (tokens: number, part: number) => void, sending?: () => Promise<void>): Promise<AnalysisResponse> {
    const candidates = await deps.keywords(input);
    const requests = partMessages(prompt, input.language, parts, candidates);
    const answers: Array<{ wire: AnalysisWire; weight: number }> = [];
    let [inputTokens, outputTokens, cachedParts] = [0, 0, 0];
    for (const [i, messages] of requests.entries()) {
      const what = `analysis of part ${i + 1} of ${requests.length}`;
      const params = { temperature, response_format: prompt.schemaName, ...(input.sample ? { sample: input.sample } : {}) };
      const { value, cached } = await cachedCall(deps.cache, input.owner ?? 'unowned', { model, promptHash: prompt.hash, input: messages, params }, parseStored, async () => {
        const first = await ask(messages, what, input.sessionId, sending);
        onUsage(first.inputTokens + first.outputTokens, i);
        if (first.answer) return first.answer;
        // Asked again once: a bad answer is often a one-off.
        const second = await ask(messages, what, input.sessionId, sending);
        onUsage(second.inputTokens + second.outputTokens, i);
        if (second.answer) return { ...second.answer, inputTokens: second.inputTokens + first.inputTokens, outputTokens: second.outputTokens + first.outputTokens };
        throw new ProviderError('PROVIDER_INVALID_OUTPUT', `${what}: the model's answer was unusable twice (${first.reason}; then ${second.reason})`, { sessionId: input.sessionId });
      });
      answers.push({ wire: value.wire, weight: parts[i]!.reduce((n, l) => n + l.length, 0) });
      if (cached) cachedParts += 1;
      else [inputTokens, outputTokens] = [inputTokens + value.inputTokens, outputTokens + value.outputTokens];
    }
    const { analysis, evidence } = mergeAnswers(answers, candidates);
    const costUsd = estimateCost(price, { inputTokens, outputTokens });
    return {
      analysis,
      evidence,
      usage: { inputTokens, outputTokens, audioSeconds: 0, trimmedSeconds: 0, costUsd, cached: requests.length > 0 && cachedParts === requests.length },
    };
  }

  return {
    lineage: { provider: 'openai', model, version: `${prompt.name}@${prompt.version}` },
    promptHash: () => prompt.hash,
    async analyze(input: AnalyzeInput): Promise<AnalysisResponse> {
      const turns = input.client.filter((t) => t.trim() !== '');
      const parts = splitTurns(turns, chunk_tokens, count);
      const bases = deps.budget && parts.length > 0 ? partMessages(prompt, input.language, parts, []).map((m) => requestTokens(m, count)) : [];
      const estimate = bases.reduce((n, b) => n + b + allowance(), 0);
      const grant = bases.length > 0 ? await deps.budget?.reserve(estimate) : undefined;
      if (grant?.granted === false) {
        throw new RateLimitedError(`analysis: the token budget is used up for now (HONNE_RATE_LIMITS openai.tokens)`, { sessionId: input.sessionId }, { retryAfterMs: grant.retryAfterMs });
      }
      /** What the server said every request of this session used (retries included). */
      let spent = 0;
      try {
        const r = await answer(input, parts, (used, part) => {
          spent += used;
          if (bases[part] !== undefined && extras.push(used - bases[part]) > OUTPUT_SAMPLES) extras.shift();
        }, grant ? () => grant.sending() : undefined);
        await grant?.settle(spent);
        return r;
      } catch (err) {
        // a failed request may have been counted: keep the estimate, or what was spent if more
        await grant?.settle(Math.max(spent, estimate));
        throw err;
      }
    },
  };
}
