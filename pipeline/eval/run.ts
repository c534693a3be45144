/** Runs gold cases through the same per-session stages `honne run` uses (transcript → redact →
 * analyze) and collects what scoring needs. The file system, provider, tokenizer and clock come in
 * as parameters, so tests run it on plain data. */
import { dirname, resolve } from 'node:path';
import type { AnalysisEvidence, AnalysisProvider, AnalyzeInput } from '../ports/analysis-provider.js';
import type { JaTokenizer } from '../analyze/tokenizer.js';
import { describeError, TranscriptError } from '../errors.js';
import type { Session, Usage } from '../schemas.js';
import { analyzeStage, redactStage, transcriptStage, type Redacted } from '../session.js';
import type { SourceReader } from '../ports/transcript-source.js';
import { RISK_SIGNALS, type RiskLevel, type RiskSignal } from '../themes.js';
import { noRecordings, noTranscriber } from '../transcripts/none.js';
import type { GoldCase, GoldEntry } from './gold.js';
import { findLeaks } from './leaks.js';
import { findOverRedactions } from './over-redaction.js';
import { scoreEval, type CasePrediction, type EvalReport } from './score.js';

export interface EvalDeps {
  /** Reads a transcript by its path relative to the gold folder (the session's root). */
  read: SourceReader;
  provider: AnalysisProvider;
  tokenizer?: JaTokenizer;
  /** Milliseconds, monotonic (performance.now in the CLI). */
  clock: () => number;
  /** `--repeat`: the repeat number (0 first): a model's answers are cached per sample, so a
   * repeat asks the model again and shows its variance (and a re-run of the repeats is free). */
  sample?: number;
  /** `--max-cost`: stop before the estimated cost of the run would pass this (USD). */
  maxCostUsd?: number;
  /** The cost of a case expected before this run has paid for one (an earlier run's mean). */
  priorCaseUsd?: number;
}

/** The session a gold case stands for: no employee, no company id; the transcript path and the
 * consultant's speaker label as the case gives them. */
export function goldSession(c: GoldCase, source: Session['source']): Session {
  return {
    session_id: c.id,
    company_id: 'gold',
    employee_pid: '0'.repeat(64),
    consultant_id: 'gold',
    started_at: '2026-01-01T00:00:00+09:00',
    period: '2026-01',
    language: c.language,
    transcript_uri: c.transcript,
    ...(c.consultant_speaker !== undefined ? { consultant_speaker: c.consultant_speaker } : {}),
    fingerprint: 'gold',
    source,
  };
}

/** A case's redactions, and the original text of those over no labelled PII string
 * (`findOverRedactions`); `originals` are the segments' texts before redaction. */
function redactionsOf(pii: readonly string[], originals: readonly string[], r: Redacted): NonNullable<CasePrediction['redactions']> {
  const spans = r.spans ?? [];
  return {
    total: spans.reduce((n, s) => n + s.length, 0),
    over: findOverRedactions(
      pii,
      spans.map((s, i) => ({ text: originals[i] ?? '', spans: s })),
    ),
  };
}

/** One case through the stages. A case that fails (unreadable transcript, …) is returned with
 * its error and nothing predicted, so one bad file does not stop the run. */
export async function evaluateCase(entry: GoldEntry, file: string, deps: EvalDeps): Promise<CasePrediction> {
  const c = entry.case;
  // The gold transcripts are named relative to the gold folder, which is also their root.
  const session = goldSession(c, { file, line: entry.line, root: dirname(resolve(file)) });
  const started = deps.clock();
  let redacted: Redacted | undefined;
  let originals: readonly string[] = [];
  try {
    // A gold case is a transcript file: nothing to transcribe.
    const transcript = await transcriptStage(session, { read: deps.read, openRecording: noRecordings, transcriber: noTranscriber });
    originals = transcript.segments.map((s) => s.text);
    redacted = redactStage(session, transcript, {
      ...(deps.tokenizer !== undefined ? { tokenizer: deps.tokenizer } : {}),
      companyName: () => c.company_name,
      companyAliases: () => c.company_aliases,
      // honne run opens these from the session's sealed known_names: the same list, in this order.
      knownNames: () => [c.employee_name, c.consultant_name].filter((n): n is string => n !== undefined),
    });
    let usage: Usage | undefined;
    let evidence: AnalysisEvidence | undefined;
    // the provider as the stage sees it, but what it used and why are kept for the lab
    const provider: AnalysisProvider = {
      lineage: deps.provider.lineage,
      promptHash: (l) => deps.provider.promptHash(l),
      analyze: async (input) => {
        // A gold case names no employee (its pseudonym is a placeholder): asked without an owner,
        // a caching provider keeps no word of its answer, since no erasure could find it.
        const asked: AnalyzeInput = { ...input, ...(deps.sample ? { sample: deps.sample } : {}) };
        delete asked.owner;
        const r = await deps.provider.analyze(asked);
        evidence = r.evidence;
        return r;
      },
    };
    const result = await analyzeStage(session, transcript, redacted, provider, (u) => (usage = u));
    const ms = deps.clock() - started;
    const level = (s: RiskSignal): { level: RiskLevel; score: number } => ({ level: result[s].model_level, score: result[s].model_score });
    return {
      id: c.id,
      themes: result.themes.map((t) => t.theme),
      confidences: Object.fromEntries(result.themes.map((t) => [t.theme, t.confidence])),
      signals: Object.fromEntries(RISK_SIGNALS.map((s) => [s, level(s)])) as CasePrediction['signals'],
      leaked: findLeaks(
        c.labels.pii,
        redacted.segments.map((s) => s.text),
        deps.tokenizer,
      ),
      redactions: redactionsOf(c.labels.pii, originals, redacted),
      ms,
      ...(usage !== undefined ? { usage } : {}),
      ...(evidence !== undefined ? { evidence } : {}),
    };
  } catch (err) {
    // A transcript without speaker labels is refused by design (`requireSpeakers`): it scores
    // as what the product gives for it — nothing predicted — and its redaction is still scored.
    const refused = err instanceof TranscriptError && err.code === 'TRANSCRIPT_NO_SPEAKERS';
    return {
      id: c.id,
      themes: [],
      confidences: {},
      signals: { retention_risk: null, mental_health_risk: null },
      leaked:
        redacted === undefined
          ? c.labels.pii.map((text) => ({ text }))
          : findLeaks(
              c.labels.pii,
              redacted.segments.map((s) => s.text),
              deps.tokenizer,
            ),
      ...(redacted !== undefined ? { redactions: redactionsOf(c.labels.pii, originals, redacted) } : {}),
      ms: deps.clock() - started,
      ...(refused ? {} : { error: describeError(err) }),
    };
  }
}

/** Why a run stopped before its last case (`--max-cost`). */
export interface EvalStop {
  reason: 'max_cost';
  cases_run: number;
  cost_usd: number;
  max_cost_usd: number;
}

/** Every case in order, then the scores (of the cases run). With `maxCostUsd`, the run stops
 * before a case whose estimated cost — the mean of the cases that paid so far, or
 * `priorCaseUsd` — would take the total past it; without an estimate the first case runs. */
export async function runEval(entries: readonly GoldEntry[], file: string, deps: EvalDeps): Promise<EvalReport & { stopped?: EvalStop }> {
  const predictions: CasePrediction[] = [];
  let spent = 0;
  let paid = 0;
  let stopped: EvalStop | undefined;
  for (const entry of entries) {
    const expected = paid > 0 ? spent / paid : (deps.priorCaseUsd ?? 0);
    if (deps.maxCostUsd !== undefined && (predictions.length > 0 || deps.priorCaseUsd !== undefined) && spent + expected > deps.maxCostUsd) {
      stopped = { reason: 'max_cost', cases_run: predictions.length, cost_usd: spent, max_cost_usd: deps.maxCostUsd };
      break;
    }
    const p = await evaluateCase(entry, file, deps);
    predictions.push(p);
    if (p.usage !== undefined && p.usage.costUsd > 0) {
      spent += p.usage.costUsd;
      paid += 1;
    }
  }
  const report = scoreEval(
    entries.slice(0, predictions.length).map((e) => e.case),
    predictions,
  );
  return stopped === undefined ? report : { ...report, stopped };
}
