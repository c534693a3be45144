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
 * - With a token budget (queue mode, HONNE_RATE_LIMITS `openai.tokens`), each synchronous
 *   request reserves its own estimate just before it is sent: its messages counted as the usage
 *   counts them (`requestTokens`), and an allowance for the answer, the largest of the last
 *   answers' (`OUTPUT_TOKEN_ALLOWANCE` before the first); it settles with that request's usage.
 *   A part the model cache or the batch API answers reserves nothing (the batch API has its own
 *   limits). A budget used up is a `RateLimitedError` with the budget's wait, as a 429 is; the
 *   parts answered before it are in the model cache, so the retry does not pay for them again.
 *   A session may need more than a window in all; only a request larger than a whole window is a
 *   configuration error. An estimate close to the usage matters: a refusal pauses the queue. */
import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { invalidAnswer, mergeAnswers, partMessages, splitTurns, type CountTokens, type ModelMessage } from '../../pipeline/analyze/model-answer.js';
import type { Prompt } from '../../pipeline/analyze/prompt.js';
import { WIRE_SCHEMAS, type AnalysisWire } from '../../pipeline/analyze/wire.js';
import { ConfigError, ProviderError, RateLimitedError } from '../../pipeline/errors.js';
import { cachedCall, modelCacheKey } from '../../pipeline/model-cache.js';
import type { AnalysisProvider, AnalysisResponse, AnalyzeInput, ProviderRequest } from '../../pipeline/ports/analysis-provider.js';
import type { ModelCache } from '../../pipeline/ports/model-cache.js';
import type { TokenBudget, TokenGrant } from '../../pipeline/ports/token-budget.js';
import type { KeywordCount } from '../../pipeline/schemas.js';
import type { PriceOverrides } from '../../pipeline/usage.js';
import { fromOpenAiError } from './errors.js';
import { BATCH_DISCOUNT, estimateCost, priceOf } from './prices.js';

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

/** Tokens reserved per request beyond its messages (the answer, 300–800 with quotes) before any
 * answer has been seen; then the largest of the last `OUTPUT_SAMPLES` requests' (their usage less
 * their messages' count, at least 0). */
export const OUTPUT_TOKEN_ALLOWANCE = 1_000;
const OUTPUT_SAMPLES = 20;

/** A request's input tokens as the chat usage counts them: each message's content and ~4 of
 * framing, and 3 for the reply's priming. */
export function requestTokens(messages: readonly ModelMessage[], count: CountTokens = countTokens): number {
  return messages.reduce((n, m) => n + count(m.content) + 4, 3);
}

/** One part's answer as it is cached (`cacheable`): the validated wire answer and what it used. */
export interface PartAnswer {
  wire: AnalysisWire;
  inputTokens: number;
  outputTokens: number;
  /** What the answer cost (a batch API's at its discount); absent in entries cached before. */
  costUsd?: number;
}

/** An answer as the model cache keeps it. Never the model's quotes (evidence: they carry whatever
 * redaction missed, and only the prompt lab shows them, of a fresh answer), nor a keyword it was
 * not offered (`offered`: one it copied from the text is a quote too; merging drops it anyway). An
 * answer filed under no employee (`owner` absent: `honne eval`, whose gold cases name none, so
 * `honne erase` cannot find it) keeps no word at all — theme ids, levels and numbers, no keyword either. */
export function cacheable(answer: PartAnswer, owned: boolean, offered: ReadonlySet<string>): PartAnswer {
  const w = answer.wire;
  const signal = (r: AnalysisWire['retention_risk']) => ({ ...r, evidence: null });
  return {
    ...answer,
    wire: {
      ...w,
      themes: w.themes.map((t) => ({ ...t, evidence: '' })),
      retention_risk: signal(w.retention_risk),
      mental_health_risk: signal(w.mental_health_risk),
      keywords: owned ? w.keywords.filter((k) => offered.has(k)) : [],
    },
  };
}

export function createOpenAiProvider(deps: OpenAiProviderDeps): AnalysisProvider {
  const { client, prompt } = deps;
  const { model, temperature, chunk_tokens } = prompt.meta;
  const schema = WIRE_SCHEMAS[prompt.schemaName];
  const responseFormat = zodResponseFormat(schema, 'analysis');
  const count = deps.countTokens ?? countTokens;
  const price = priceOf(model, deps.prices);
  /** What the last requests used beyond their messages (the budget's allowance; never below 0:
   * a server that counts the messages lower than `requestTokens` must not shrink it). */
  const extras: number[] = [];
  const allowance = () => (extras.length === 0 ? OUTPUT_TOKEN_ALLOWANCE : Math.max(...extras));
  const parseStored = (v: unknown): PartAnswer | undefined => {
    const a = v as Partial<PartAnswer> | null;
    const wire = schema.safeParse(a?.wire);
    if (!wire.success || invalidAnswer(wire.data) !== undefined || typeof a?.inputTokens !== 'number' || typeof a.outputTokens !== 'number') return undefined;
    return { wire: wire.data, inputTokens: a.inputTokens, outputTokens: a.outputTokens, ...(typeof a.costUsd === 'number' ? { costUsd: a.costUsd } : {}) };
  };

  /** The request's answer checked: a PartAnswer, or the reason it is unusable (no text of it). */
  function check(completion: OpenAI.Chat.Completions.ChatCompletion): { answer?: PartAnswer; reason?: string; inputTokens: number; outputTokens: number } {
    const inputTokens = completion.usage?.prompt_tokens ?? 0;
    const outputTokens = completion.usage?.completion_tokens ?? 0;
    const used = { inputTokens, outputTokens };
    const choice = completion.choices?.[0];
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

  /** The body of one part's request: the same for a synchronous call and a batch line. */
  const bodyOf = (messages: ModelMessage[]) => ({ model, messages, temperature, response_format: responseFormat });

  /** One synchronous request, its answer checked. With a budget it reserves the request's
   * estimate just before sending and settles with the request's usage. */
  async function ask(messages: ModelMessage[], what: string, sessionId: string): Promise<ReturnType<typeof check>> {
    const base = deps.budget ? requestTokens(messages, count) : 0;
    const estimate = base + allowance();
    const grant = await reserve(estimate, what, sessionId);
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await client.chat.completions.create(bodyOf(messages));
    } catch (err) {
      // the server may have counted a failed request: keep the estimate
      await grant?.settle(estimate);
      throw fromOpenAiError(err, { what, server: deps.server, sessionId });
    }
    const got = check(completion);
    if (grant) {
      const used = got.inputTokens + got.outputTokens;
      // no usage in the answer: keep the estimate, and learn nothing from it
      await grant.settle(used > 0 ? used : estimate);
      if (used > 0 && extras.push(Math.max(0, used - base)) > OUTPUT_SAMPLES) extras.shift();
    }
    return got;
  }

  /** The budget's grant for one request (undefined: no budget); a refusal is a rate limit, a
   * request larger than the whole window a configuration error naming the request. */
  async function reserve(estimate: number, what: string, sessionId: string) {
    if (deps.budget === undefined) return undefined;
    let grant: TokenGrant;
    try {
      grant = await deps.budget.reserve(estimate);
    } catch (err) {
      if (err instanceof ConfigError) throw new ConfigError(`${what}: ${err.message}`, { ...err.context, sessionId }, { cause: err });
      throw err;
    }
    if (!grant.granted) {
      throw new RateLimitedError(`${what}: the token budget is used up for now (HONNE_RATE_LIMITS openai.tokens)`, { sessionId }, { retryAfterMs: grant.retryAfterMs });
    }
    return grant;
  }

  /** The session's client turns split into parts of at most `chunk_tokens`. */
  const partsOf = (input: AnalyzeInput) => splitTurns(input.client.filter((t) => t.trim() !== ''), chunk_tokens, count);

  /** The session's parts: each one's messages and its key (the model cache's, also a batch line's). */
  async function plan(input: AnalyzeInput, parts = partsOf(input)) {
    const candidates = await deps.keywords(input);
    const requests = partMessages(prompt, input.language, parts, candidates).map((messages) => {
      const params = { temperature, response_format: prompt.schemaName, ...(input.sample ? { sample: input.sample } : {}) };
      const keyParts = { model, promptHash: prompt.hash, input: messages, params };
      return { messages, keyParts, key: modelCacheKey(keyParts) };
    });
    return { candidates, parts, requests };
  }

  /** A batch API's answer to a part, checked like a fresh one (its cost at the batch price);
   * undefined when there is none. */
  function batched(input: AnalyzeInput, key: string): (ReturnType<typeof check> & { costUsd: number }) | { reason: string } | undefined {
    const got = input.answered?.[key];
    if (got === undefined) return undefined;
    if ('error' in got) return { reason: `the batch API's answer was an error (${got.error})` };
    let checked: ReturnType<typeof check>;
    try {
      checked = check(got.response as OpenAI.Chat.Completions.ChatCompletion);
    } catch {
      checked = { inputTokens: 0, outputTokens: 0, reason: 'the response is not a chat completion' };
    }
    return { ...checked, costUsd: BATCH_DISCOUNT * estimateCost(price, checked) };
  }

  /** The session's parts answered (by the batch API, the cache or a request) and merged. */
  async function answer(input: AnalyzeInput, parts: string[][]): Promise<AnalysisResponse> {
    const { candidates, requests } = await plan(input, parts);
    const offered = new Set(candidates.map((c) => c.keyword));
    const answers: Array<{ wire: AnalysisWire; weight: number }> = [];
    let [inputTokens, outputTokens, costUsd, cachedParts] = [0, 0, 0, 0];
    for (const [i, { messages, keyParts, key }] of requests.entries()) {
      const what = `analysis of part ${i + 1} of ${requests.length}`;
      const { value, cached } = await cachedCall(deps.cache, input.owner ?? 'unowned', keyParts, parseStored, async (): Promise<PartAnswer> => {
        const used = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
        const add = (c: { inputTokens: number; outputTokens: number }, costUsd: number) => {
          [used.inputTokens, used.outputTokens, used.costUsd] = [used.inputTokens + c.inputTokens, used.outputTokens + c.outputTokens, used.costUsd + costUsd];
        };
        const unusable: string[] = [];
        let note = '';
        // Two answers in all, a bad answer is often a one-off: a batch API's answer counts as
        // the first (asked again synchronously once when it is bad); its error line, as none.
        let asks = 2;
        const pre = batched(input, key);
        if (pre !== undefined && 'costUsd' in pre) {
          add(pre, pre.costUsd);
          if (pre.answer) return { ...pre.answer, ...used };
          unusable.push(`batch API: ${pre.reason}`);
          asks = 1;
        } else if (pre !== undefined) note = `${pre.reason}; `;
        for (let n = 0; n < asks; n++) {
          const got = await ask(messages, what, input.sessionId);
          add(got, estimateCost(price, got));
          if (got.answer) return { ...got.answer, ...used };
          unusable.push(got.reason ?? 'unusable');
        }
        throw new ProviderError('PROVIDER_INVALID_OUTPUT', `${what}: ${note}the model's answer was unusable twice (${unusable.join('; then ')})`, { sessionId: input.sessionId });
      }, (fresh) => cacheable(fresh, input.owner !== undefined, offered));
      answers.push({ wire: value.wire, weight: parts[i]!.reduce((n, l) => n + l.length, 0) });
      if (cached) cachedParts += 1;
      else [inputTokens, outputTokens, costUsd] = [inputTokens + value.inputTokens, outputTokens + value.outputTokens, costUsd + (value.costUsd ?? estimateCost(price, value))];
    }
    const { analysis, evidence } = mergeAnswers(answers, candidates);
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
      return answer(input, partsOf(input));
    },
    async batchRequests(input: AnalyzeInput): Promise<ProviderRequest[]> {
      const { requests } = await plan(input);
      const out: ProviderRequest[] = [];
      for (const r of requests) {
        // what the cache answers is not sent again: a re-run costs nothing
        const stored = deps.cache === undefined ? undefined : await deps.cache.get(input.owner ?? 'unowned', r.key);
        if (stored === undefined || parseStored(stored) === undefined) out.push({ key: r.key, body: bodyOf(r.messages) });
      }
      return out;
    },
  };
}
