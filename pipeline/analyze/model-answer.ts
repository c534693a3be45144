/** What a model provider does around the call, pure: the transcript encoded so that nothing in it
 * can pose as the prompt, split into parts of at most `chunk_tokens` tokens, each part's messages,
 * and the parts' answers checked and merged into one `Analysis` (+ the evidence the model quoted,
 * which stays in the prompt lab: never stored with a result). The token counter comes in as a
 * parameter (adapters/openai uses the model's own encoding). */
import type { AnalysisEvidence } from '../ports/analysis-provider.js';
import { AnalysisSchema, type Analysis, type KeywordCount, type Risk } from '../schemas.js';
import { RISK_LEVELS, RISK_SIGNALS, THEME_IDS, type RiskSignal, type ThemeId } from '../themes.js';
import { renderUser, type Prompt } from './prompt.js';
import type { AnalysisWire } from './wire.js';

/** Theme confidence from which a theme is reported, as the local provider's default threshold. */
export const MODEL_THEME_THRESHOLD = 0.5;

/** Keyword candidates offered to the model at most (the most frequent). */
export const MAX_KEYWORD_CANDIDATES = 60;

export type CountTokens = (text: string) => number;

/** One turn as one line: a JSON string whose `<`, `>` and `&` are escaped, so no turn can close
 * the `<transcript>` block, open another, or break out of its line. */
export function encodeTurn(text: string): string {
  return escapeJson(JSON.stringify(text));
}

const escapeJson = (json: string): string => json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Splits the encoded turns into parts of at most `maxTokens` tokens (at turn boundaries; a turn
 * longer than that alone is cut into pieces, each encoded again). Order is kept. */
export function splitTurns(turns: readonly string[], maxTokens: number, count: CountTokens): string[][] {
  const parts: string[][] = [];
  let current: string[] = [];
  let used = 0;
  const flush = () => {
    if (current.length > 0) parts.push(current);
    current = [];
    used = 0;
  };
  for (const turn of turns) {
    for (const line of cutTurn(turn, maxTokens, count)) {
      const n = count(line) + 1;
      if (used + n > maxTokens) flush();
      current.push(line);
      used += n;
    }
  }
  flush();
  return parts;
}

/** One turn's encoded lines: itself, or pieces of its text that each fit. */
function cutTurn(turn: string, maxTokens: number, count: CountTokens): string[] {
  const line = encodeTurn(turn);
  const n = count(line);
  if (n + 1 <= maxTokens) return [line];
  const chars = [...turn];
  const per = Math.max(1, Math.floor((chars.length * (maxTokens - 1)) / n / 1.2));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += per) out.push(...cutTurn(chars.slice(i, i + per).join(''), maxTokens, count));
  return out;
}

export interface ModelMessage {
  role: 'system' | 'user';
  content: string;
}

/** The messages of each part: the prompt's system text, and its user template with the part. */
export function partMessages(prompt: Prompt, language: 'ja' | 'en', parts: readonly string[][], candidates: readonly KeywordCount[]): ModelMessage[][] {
  const keywords = escapeJson(JSON.stringify(candidates.slice(0, MAX_KEYWORD_CANDIDATES).map((k) => k.keyword)));
  return parts.map((lines, i) => [
    { role: 'system', content: prompt.system },
    { role: 'user', content: renderUser(prompt, { language, keywords, part: String(i + 1), parts: String(parts.length), transcript: lines.join('\n') }) },
  ]);
}

/** Why the model said what it said: quotes of the (redacted) transcript. Prompt lab only. */
export type ModelEvidence = AnalysisEvidence;

/** A part's answer that is out of range (structured outputs cannot say "0 to 1"): the reason,
 * or undefined when it is good. */
export function invalidAnswer(wire: AnalysisWire): string | undefined {
  const bad = (x: number, lo: number, hi: number) => !Number.isFinite(x) || x < lo || x > hi;
  for (const t of wire.themes) if (bad(t.confidence, 0, 1)) return `theme ${t.theme}: confidence ${t.confidence} is not within 0 to 1`;
  for (const s of RISK_SIGNALS) if (bad(wire[s].score, 0, 1)) return `${s}: score ${wire[s].score} is not within 0 to 1`;
  if (bad(wire.sentiment, -1, 1)) return `sentiment ${wire.sentiment} is not within -1 to 1`;
  return undefined;
}

/** The parts' answers as one: a theme's highest confidence, a signal's highest score and level
 * (a worry said in one part is said), sentiment weighted by the parts' sizes, and of the keyword
 * candidates (counted in the whole session) those the model kept in any part, in candidate order
 * — the model can drop a candidate, never add a word. */
export function mergeAnswers(answers: ReadonlyArray<{ wire: AnalysisWire; weight: number }>, candidates: readonly KeywordCount[]): { analysis: Analysis; evidence: ModelEvidence } {
  const confidence = new Map<ThemeId, number>();
  const evidence: ModelEvidence = { themes: {}, signals: {} };
  for (const { wire } of answers) {
    for (const t of wire.themes) {
      confidence.set(t.theme, Math.max(confidence.get(t.theme) ?? 0, t.confidence));
      if (t.evidence.trim() !== '') (evidence.themes[t.theme] ??= []).push(t.evidence);
    }
    for (const s of RISK_SIGNALS) if (wire[s].evidence) (evidence.signals[s] ??= []).push(wire[s].evidence as string);
  }
  const risk = (s: RiskSignal): Risk => {
    const level = answers.reduce((best, { wire }) => Math.max(best, RISK_LEVELS.indexOf(wire[s].level)), 0);
    return { score: Math.max(0, ...answers.map(({ wire }) => wire[s].score)), level: RISK_LEVELS[level] ?? 'low' };
  };
  const total = answers.reduce((n, a) => n + a.weight, 0);
  const sentiment = total === 0 ? 0 : answers.reduce((sum, a) => sum + a.wire.sentiment * a.weight, 0) / total;
  const kept = new Set(answers.flatMap(({ wire }) => wire.keywords));
  const analysis = AnalysisSchema.parse({
    themes: THEME_IDS.filter((id) => (confidence.get(id) ?? 0) >= MODEL_THEME_THRESHOLD)
      .map((theme) => ({ theme, confidence: confidence.get(theme) as number }))
      .sort((a, b) => b.confidence - a.confidence),
    keywords: candidates.filter((k) => kept.has(k.keyword)),
    retention_risk: risk('retention_risk'),
    mental_health_risk: risk('mental_health_risk'),
    sentiment,
  });
  return { analysis, evidence };
}
