/** Chat completions on the loopback server (testing/loopback.ts): the reply shape of
 * `POST /v1/chat/completions`, usage counted with the model's encoding (o200k_base) as OpenAI
 * counts it, and a stand-in analysis model that answers the analysis prompt's schema from the
 * words it is sent — deterministic, for tests and `scripts/bench-openai.ts`. */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { AnalysisWire } from '../../../pipeline/analyze/wire.js';
import type { RecordedRequest, Reply, RouteHandler } from './loopback.js';

export const CHAT_ROUTE = 'POST /v1/chat/completions';

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  temperature?: number;
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
}

export const chatRequest = (r: RecordedRequest): ChatRequest => JSON.parse(r.body.toString('utf8')) as ChatRequest;

/** Tokens of a request's messages (content, plus OpenAI's ~4 per message of framing). */
export const promptTokens = (req: ChatRequest): number => req.messages.reduce((n, m) => n + countTokens(m.content) + 4, 3);

/** A 200 with `content` as the assistant's message, and its usage. */
export function completion(req: ChatRequest, content: string, extra: { finish_reason?: string; refusal?: string } = {}): Reply {
  const prompt_tokens = promptTokens(req);
  const completion_tokens = countTokens(content);
  return {
    kind: 'json',
    body: {
      id: 'chatcmpl-loopback',
      object: 'chat.completion',
      created: 1_765_000_000,
      model: req.model,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: extra.refusal ?? null }, finish_reason: extra.finish_reason ?? 'stop', logprobs: null }],
      usage: { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens },
    },
  };
}

/** The turns of the request's transcript block (each line a JSON string). */
export function transcriptTurns(req: ChatRequest): string[] {
  const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
  const block = /<transcript>\n([\s\S]*)\n<\/transcript>/.exec(user)?.[1] ?? '';
  return block.split('\n').filter(Boolean).map((l) => JSON.parse(l) as string);
}

/** The keyword candidates the request offers. */
export function candidateKeywords(req: ChatRequest): string[] {
  const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
  return JSON.parse(/Candidate keywords \(JSON array\): (.*)/.exec(user)?.[1] ?? '[]') as string[];
}

const CUES: Array<[RegExp, AnalysisWire['themes'][number]['theme']]> = [
  [/転職|辞め|job|quit/i, 'job_change'],
  [/残業|忙し|overtime|workload/i, 'workload'],
  [/上司|boss|manager/i, 'boss_relationship'],
  [/介護|caregiv/i, 'caregiving'],
  [/子ども|保育|育児|child/i, 'childcare'],
  [/眠れ|疲れ|つら|sleep|exhaust/i, 'health'],
];

/** A stand-in model: themes from cue words, evidence the first words of the turn that had them,
 * signals from the same cues, the first three candidates kept. */
export function fakeAnalysis(req: ChatRequest): AnalysisWire {
  const turns = transcriptTurns(req);
  const themes: AnalysisWire['themes'] = [];
  for (const [re, theme] of CUES) {
    const turn = turns.find((t) => re.test(t));
    if (turn !== undefined) themes.push({ theme, confidence: 0.8, evidence: [...turn].slice(0, 20).join('') });
  }
  const has = (t: string) => themes.some((x) => x.theme === t);
  return {
    themes,
    retention_risk: has('job_change') ? { score: 0.5, level: 'medium', evidence: themes.find((t) => t.theme === 'job_change')!.evidence } : { score: 0.1, level: 'low', evidence: null },
    mental_health_risk: has('health') ? { score: 0.5, level: 'medium', evidence: themes.find((t) => t.theme === 'health')!.evidence } : { score: 0.1, level: 'low', evidence: null },
    sentiment: themes.length > 0 ? -0.4 : 0.2,
    keywords: candidateKeywords(req).slice(0, 3),
  };
}

/** The route answering every analysis request with `answer` (default: the stand-in model). */
export function analysisRoute(answer: (req: ChatRequest) => AnalysisWire | Reply = fakeAnalysis): RouteHandler {
  return (r) => {
    const req = chatRequest(r);
    const a = answer(req);
    return 'kind' in a ? a : completion(req, JSON.stringify(a));
  };
}
