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
 * - With a token budget (queue mode, HONNE_RATE_LIMITS `openai.tokens`), each request reserves
 *   its estimate first (`requestTokens`: its messages counted as the usage counts them, and an
 *   output allowance: the largest answer of the last few, `OUTPUT_TOKEN_ALLOWANCE` before the
 *   first) and settles with the usage it reports; a budget used up for the window is a
 *   `RateLimitedError` until the window ends, as a 429 is. An estimate close to the usage
 *   matters: a window refused on estimates pauses the queue till its end. */
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

/** Output tokens reserved with a request's input before any answer has been seen (an answer
 * with quotes is 300–800); then the largest of the last `OUTPUT_SAMPLES` answers. */
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
  /** Output tokens of the last answers (the token budget's allowance). */
  const outputs: number[] = [];
  const allowance = () => (outputs.length === 0 ? OUTPUT_TOKEN_ALLOWANCE : Math.max(...outputs));
  const parseStored = (v: unknown): PartAnswer | undefined => {
    const a = v as Partial<PartAnswer> | null;
    const wire = schema.safeParse(a?.wire);
    if (!wire.success || invalidAnswer(wire.data) !== undefined || typeof a?.inputTokens !== 'number' || typeof a.outputTokens !== 'number') return undefined;
    return { wire: wire.data, inputTokens: a.inputTokens, outputTokens: a.outputTokens };
  };

  /** One request; the answer checked: a PartAnswer, or the reason it is unusable (no text of it). */
  async function ask(messages: ModelMessage[], what: string, sessionId: string): Promise<{ answer?: PartAnswer; reason?: string; inputTokens: number; outputTokens: number }> {
    const grant = await deps.budget?.reserve(requestTokens(messages, count) + allowance());
    if (grant?.granted === false) {
      throw new RateLimitedError(`${what}: the token budget of the window is used up (HONNE_RATE_LIMITS openai.tokens)`, { sessionId }, { retryAfterMs: grant.retryAfterMs });
    }
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await client.chat.completions.create({ model, messages, temperature, response_format: responseFormat });
    } catch (err) {
      // the reservation stays: whether the server counted the request is unknown
      throw fromOpenAiError(err, { what, server: deps.server, sessionId });
    }
    const inputTokens = completion.usage?.prompt_tokens ?? 0;
    const outputTokens = completion.usage?.completion_tokens ?? 0;
    if (completion.usage) {
      await grant?.settle(inputTokens + outputTokens);
      if (outputs.push(outputTokens) > OUTPUT_SAMPLES) outputs.shift();
    }
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

  return {
    lineage: { provider: 'openai', model, version: `${prompt.name}@${prompt.version}` },
    promptHash: () => prompt.hash,
    async analyze(input: AnalyzeInput): Promise<AnalysisResponse> {
      const candidates = await deps.keywords(input);
      const turns = input.client.filter((t) => t.trim() !== '');
      const parts = splitTurns(turns, chunk_tokens, count);
      const requests = partMessages(prompt, input.language, parts, candidates);
      const answers: Array<{ wire: AnalysisWire; weight: number }> = [];
      let [inputTokens, outputTokens, cachedParts] = [0, 0, 0];
      for (const [i, messages] of requests.entries()) {
        const what = `analysis of part ${i + 1} of ${requests.length}`;
        const params = { temperature, response_format: prompt.schemaName, ...(input.sample ? { sample: input.sample } : {}) };
        const { value, cached } = await cachedCall(deps.cache, input.owner ?? 'unowned', { model, promptHash: prompt.hash, input: messages, params }, parseStored, async () => {
          const first = await ask(messages, what, input.sessionId);
          if (first.answer) return first.answer;
          // Asked again once: a bad answer is often a one-off.
          const second = await ask(messages, what, input.sessionId);
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
    },
  };
}
