/** `honne eval`: scores redaction, themes and signals on a labelled gold set. Thin: builds the
 * provider(s) and runs `pipeline/eval` (cli/commands/eval.ts declares the options). */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { shortHash } from '../../pipeline/analyze/content-hash.js';
import { PromptRefSchema, type PromptRef } from '../../pipeline/analyze/prompt-ref.js';
import { loadJapaneseTokenizer, type JaTokenizer } from '../../pipeline/analyze/tokenizer.js';
import { loadConfig, type Config } from '../../pipeline/config.js';
import { compareReports, type Comparison } from '../../pipeline/eval/compare.js';
import { parseGoldCases, selectSplit, type GoldSplit } from '../../pipeline/eval/gold.js';
import { renderComparison, renderReport } from '../../pipeline/eval/render.js';
import { runEval } from '../../pipeline/eval/run.js';
import type { EvalReport } from '../../pipeline/eval/score.js';
import { UsageError, type CommandContext, type Io } from '../command.js';
import { providerFor, sourceReaderFor } from '../../app/compose.js';

export interface EvalOptions {
  gold: string;
  provider?: 'local' | 'openai';
  prompt?: string;
  compare?: string;
  json?: boolean;
  split?: GoldSplit;
  /** `--no-cache`: false. */
  cache?: boolean;
}

/** What `--json` prints: the report of the run (spec fields at the top level), what ran, and
 * with `--compare` the second run and the differences. */
export interface EvalOutput extends EvalReport {
  gold: string;
  split: GoldSplit | 'all';
  lineage: EvalLineage;
  compare?: { lineage: EvalLineage; report: EvalReport; comparison: Comparison };
}

/** What ran: provider, model, version and the content hash of each language's prompt or lexicon
 * (two runs of one version name with different hashes ran different content: `@working`). */
export interface EvalLineage {
  provider: string;
  model: string;
  version: string;
  prompt_hash: { ja: string; en: string };
}

function promptRef(value: string | undefined, flag: string): PromptRef | undefined {
  if (value === undefined) return undefined;
  const parsed = PromptRefSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${flag} ${parsed.error.issues[0]?.message ?? 'is invalid'} (got "${value}")`);
  return parsed.data;
}

/** Runs the evaluation; returns the structured output (the caller prints it). */
export async function evaluate(o: EvalOptions, io: Pick<Io, 'env'>, tokenizer?: JaTokenizer): Promise<EvalOutput> {
  const dir = resolve(o.gold);
  const casesFile = join(dir, 'cases.jsonl');
  if (!existsSync(casesFile)) throw new UsageError(`--gold: no cases.jsonl in ${dir}`);
  const prompt = promptRef(o.prompt, '--prompt');
  const compare = promptRef(o.compare, '--compare');
  // Eval never touches the store or pseudonyms: the demo flag only waives the key.
  const overrides = { ...(o.provider !== undefined ? { HONNE_PROVIDER: o.provider } : {}), ...(o.cache === false ? { HONNE_CACHE: 'off' } : {}) };
  const config: Config = loadConfig(io.env, { demo: true, overrides });
  const entries = selectSplit(parseGoldCases(await readFile(casesFile, 'utf8'), casesFile), o.split);
  if (entries.length === 0) throw new UsageError(`--split ${o.split ?? ''}: the gold set has no cases in this split`);
  const tok = tokenizer ?? (await loadJapaneseTokenizer());

  const run = async (ref: PromptRef | undefined) => {
    const provider = await providerFor(config, tok, ref);
    const report = await runEval(entries, casesFile, {
      read: sourceReaderFor(config),
      provider,
      tokenizer: tok,
      clock: () => performance.now(),
    });
    const lineage: EvalLineage = { ...provider.lineage, prompt_hash: { ja: provider.promptHash('ja'), en: provider.promptHash('en') } };
    return { lineage, report };
  };
  const a = await run(prompt);
  const out: EvalOutput = { gold: relative(process.cwd(), dir) || '.', split: o.split ?? 'all', lineage: a.lineage, ...a.report };
  if (compare !== undefined) {
    const b = await run(compare);
    out.compare = { lineage: b.lineage, report: b.report, comparison: compareReports(a.report, b.report) };
  }
  return out;
}

const lineageLabel = (l: EvalLineage): string => `${l.provider}/${l.model}/${l.version} (ja ${shortHash(l.prompt_hash.ja)}, en ${shortHash(l.prompt_hash.en)})`;

export function renderEvalOutput(out: EvalOutput): string {
  const text = renderReport(out, { gold: out.gold, split: out.split, provider: lineageLabel(out.lineage) });
  if (out.compare === undefined) return text;
  return [
    text,
    '',
    renderReport(out.compare.report, { gold: out.gold, split: out.split, provider: lineageLabel(out.compare.lineage) }),
    renderComparison(out.compare.comparison, lineageLabel(out.lineage), lineageLabel(out.compare.lineage)),
  ].join('\n');
}

export async function evalCommand(o: EvalOptions, ctx: CommandContext): Promise<void> {
  const out = await evaluate(o, ctx.io);
  ctx.io.out(o.json === true ? JSON.stringify(out, null, 2) : renderEvalOutput(out));
  if (out.errors > 0 || (out.compare?.report.errors ?? 0) > 0) ctx.setExitCode(1);
}
