/** The cases a tuning script reads, redacted as `honne eval` redacts them: per argument (`DIR` or
 * `DIR:dev`, one writer each) its cases with the client's redacted turns and the consultant turns
 * the client said yes to. A `DIR:dev` argument keeps only the set's dev split (the gold set's
 * held-out half is never read). Used by `tune-affirmed.ts` and `tune-retention.ts`. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { affirmedTurns } from '../pipeline/analyze/affirm.js';
import type { JaTokenizer } from '../pipeline/analyze/tokenizer.js';
import { parseGoldCases, type GoldCase } from '../pipeline/eval/gold.js';
import { goldSession } from '../pipeline/eval/run.js';
import { redactStage, transcriptStage } from '../pipeline/session.js';
import { noRecordings, noTranscriber } from '../pipeline/transcripts/none.js';

export interface TuningCase {
  readonly case: GoldCase;
  readonly client: string[];
  readonly affirmed: string[];
}

export async function* tuningCases(arg: string, tokenizer: JaTokenizer): AsyncGenerator<TuningCase> {
  const [dir, split] = arg.split(':') as [string, string | undefined];
  const file = join(dir, 'cases.jsonl');
  for (const entry of parseGoldCases(readFileSync(file, 'utf8'), file)) {
    const c = entry.case;
    if (split !== undefined && c.split !== split) continue;
    const session = goldSession(c, { file, line: entry.line, root: dirname(resolve(file)) });
    const transcript = await transcriptStage(session, { read: (p) => Promise.resolve(readFileSync(join(dir, p))), openRecording: noRecordings, transcriber: noTranscriber });
    const redacted = redactStage(session, transcript, { tokenizer, companyName: () => c.company_name, companyAliases: () => c.company_aliases, knownNames: () => [c.employee_name, c.consultant_name].filter((n): n is string => n !== undefined) });
    yield { case: c, client: redacted.segments.filter((s) => s.role === 'client').map((s) => s.text), affirmed: affirmedTurns(redacted.segments, c.language) };
  }
}

/** Prints, per grid value, the figure of all writers together, then each writer scored at the
 * grid value that does best on the others (`better`), and the held-out total. `perWriter` holds
 * one count per grid value for each writer. */
export function leaveOneWriterOut<C>(grid: readonly number[], perWriter: ReadonlyMap<string, readonly C[]>, sum: (list: C[]) => C, better: (a: C, b: C) => boolean, show: (c: C) => string): void {
  const at = (counts: readonly C[], g: number): C => counts[g] as C;
  grid.forEach((w, g) => console.log(`in-sample w=${w}: ${show(sum([...perWriter.values()].map((c) => at(c, g))))}`));
  const held: C[] = [];
  for (const [writer, counts] of perWriter) {
    const others = [...perWriter].filter(([k]) => k !== writer).map(([, c]) => c);
    let best = 0;
    grid.forEach((_, g) => {
      if (better(sum(others.map((c) => at(c, g))), sum(others.map((c) => at(c, best))))) best = g;
    });
    console.log(`LOWO ${writer}: w=${grid[best]} ${show(at(counts, best))}`);
    held.push(at(counts, best));
  }
  console.log(`LOWO total: ${show(sum(held))}`);
}
