/** `npm run bench:analysis`: local redaction + analysis throughput on 60-minute-sized Japanese
 * transcripts, against kuromoji tokenization alone on the same text. Numbers, never assertions.
 *
 *   node bin/run-ts.mjs scripts/bench-analysis.ts [--sessions 12] [--chars 18000] [--rounds 5]
 *
 * Sessions are built from the gold set's Japanese transcripts (real segment lengths, speakers,
 * PII), repeated in a different order per session until each holds about `--chars` characters.
 * "Local analysis" is everything after parsing: redactStage (detection, one kuromoji pass per
 * segment, placeholders) and analyzeStage (themes, signals, keywords, fusion, zod) — what a
 * worker does per session. One process, one thread: one core. The steps take turns on every
 * session; the ratio is printed from wall time (best round) and from CPU time (the median of
 * per-session ratios), which holds on a machine shared with other work. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalProvider } from '../pipeline/analyze/local.js';
import { buildKuromoji, loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { parseGoldCases } from '../pipeline/eval/gold.js';
import { goldSession } from '../pipeline/eval/run.js';
import type { Segment, Session, Transcript } from '../pipeline/schemas.js';
import { analyzeStage, redactStage } from '../pipeline/session.js';
import { nameType } from '../pipeline/redact/enamdict.js';
import { parseTranscript } from '../pipeline/transcripts/parse.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '12' },
    chars: { type: 'string', default: '18000' },
    rounds: { type: 'string', default: '5' },
    gold: { type: 'string', default: 'fixtures/gold' },
  },
});
const sessionCount = Number(values.sessions);
const targetChars = Number(values.chars);
const rounds = Number(values.rounds);

const goldDir = values.gold;
const casesFile = join(goldDir, 'cases.jsonl');
const entries = parseGoldCases(readFileSync(casesFile, 'utf8'), casesFile).filter((e) => e.case.language === 'ja');
const pool: Segment[][] = entries.map((e) => parseTranscript(readFileSync(join(goldDir, e.case.transcript)), { file: e.case.transcript, ...(e.case.consultant_speaker ? { consultantSpeaker: e.case.consultant_speaker } : {}) }).segments);

/** One long session: gold transcripts one after another (a different rotation per session). */
function longTranscript(seed: number): Transcript {
  const segments: Segment[] = [];
  let chars = 0;
  for (let k = 0; chars < targetChars; k++) {
    for (const s of pool[(seed * 7 + k) % pool.length] ?? []) {
      segments.push(s);
      chars += s.text.length;
    }
  }
  return { format: 'text', encoding: 'utf-8', segments };
}

const tokenizer = await loadJapaneseTokenizer();
// The yardstick is kuromoji as the library ships it (honne's own tokenizer is sped up: see
// pipeline/analyze/kuromoji-speed.ts), so the ratio is the whole cost of honne's analysis.
const stockKuromoji = await buildKuromoji();
// ENAMDICT is read once per process, at the first name lookup (before the rounds, not in them).
const heapBefore = process.memoryUsage().heapUsed;
const loadStart = performance.now();
nameType('田中');
const enamdictLoad = { ms: performance.now() - loadStart, mb: (process.memoryUsage().heapUsed - heapBefore) / 1e6 };
const provider = createLocalProvider({ tokenizer });
const first = entries[0];
if (first === undefined) throw new Error(`no Japanese case in ${casesFile}`);
const session: Session = { ...goldSession(first.case, { file: casesFile, line: first.line, root: dirname(casesFile) }), language: 'ja' };
const transcripts = Array.from({ length: sessionCount }, (_, i) => longTranscript(i));
const totalChars = transcripts.reduce((n, t) => n + t.segments.reduce((m, s) => m + s.text.length, 0), 0);

type Step = (t: Transcript) => Promise<void>;
const KUROMOJI = 'kuromoji tokenization alone (the library as shipped)';
const HONNE_TOKENIZER = "honne's tokenizer alone (sped up, the same tokens)";
const LOCAL = 'local analysis (redact + analyze, one tokenization)';
const TWICE = 'local analysis, tokenizing twice (before: no shared tokens)';
const steps: Record<string, Step> = {
  [KUROMOJI]: async (t) => {
    for (const s of t.segments) stockKuromoji.tokenize(s.text.normalize('NFKC'));
  },
  [HONNE_TOKENIZER]: async (t) => {
    for (const s of t.segments) tokenizer.tokenize(s.text.normalize('NFKC'));
  },
  [LOCAL]: async (t) => {
    await analyzeStage(session, t, redactStage(session, t, { tokenizer, companyName: () => first.case.company_name }), provider);
  },
  'local analysis with known names (employee, consultant, company alias)': async (t) => {
    const known = { knownNames: () => ['佐藤 陽向', 'Kenji Ito|伊藤 健二'], companyAliases: () => ['Sample', 'サンプル'] };
    await analyzeStage(session, t, redactStage(session, t, { tokenizer, companyName: () => first.case.company_name, ...known }), provider);
  },
  [TWICE]: async (t) => {
    const { tokens: _shared, ...redacted } = redactStage(session, t, { tokenizer, companyName: () => first.case.company_name });
    await analyzeStage(session, t, redacted, provider);
  },
};

/** Each step's time per session: wall (best round) and CPU (median over sessions). The steps
 * take turns on each session, so a noisy neighbour slows them alike; CPU time leaves out the
 * time other processes held the core, and the per-session ratios show how much the rest moved. */
interface Measured {
  wall: Record<string, number>;
  cpu: Record<string, number[]>;
}
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
async function measureAll(): Promise<Measured> {
  const wall: Record<string, number> = {};
  const cpu: Record<string, number[]> = {};
  for (const step of Object.values(steps)) for (const t of transcripts.slice(0, 2)) await step(t); // warm-up (JIT, caches)
  for (let r = 0; r < rounds; r++) {
    const roundWall: Record<string, number> = {};
    for (const t of transcripts) {
      for (const [name, step] of Object.entries(steps)) {
        const w0 = performance.now();
        const c0 = cpuMs();
        await step(t);
        (cpu[name] ??= []).push(cpuMs() - c0);
        roundWall[name] = (roundWall[name] ?? 0) + performance.now() - w0;
      }
    }
    for (const [name, total] of Object.entries(roundWall)) wall[name] = Math.min(wall[name] ?? Infinity, total / transcripts.length);
  }
  return { wall, cpu };
}

function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] ?? 0;
}

console.log(`${sessionCount} Japanese sessions of ~${Math.round(totalChars / sessionCount)} characters (${transcripts[0]?.segments.length ?? 0} segments each), ${rounds} rounds, steps taking turns per session, one thread`);
console.log(`  ${''.padEnd(62)} ${'wall, best round'.padStart(26)}   CPU, median per session`);
const { wall, cpu } = await measureAll();
for (const name of Object.keys(steps)) {
  const ms = wall[name] ?? 0;
  console.log(`  ${name.padEnd(62)} ${ms.toFixed(1).padStart(7)} ms/session ${(1000 / (ms || 1)).toFixed(2).padStart(6)}/s   ${quantile(cpu[name] ?? [], 0.5).toFixed(1).padStart(7)} ms/session`);
}
const base = wall[KUROMOJI] ?? 1;
// The same session's CPU time against kuromoji's on it, session by session.
const kuromojiCpu = cpu[KUROMOJI] ?? [];
const perSession = (cpu[LOCAL] ?? []).flatMap((ms, i) => (kuromojiCpu[i] === undefined ? [] : [ms / kuromojiCpu[i]]));
console.log(`  ENAMDICT read once per process: ${enamdictLoad.ms.toFixed(0)} ms, ~${enamdictLoad.mb.toFixed(0)} MB of heap`);
console.log(`  ratio to kuromoji alone (goal ≤ 1.5): wall ${((wall[LOCAL] ?? 0) / base).toFixed(2)}; CPU ${quantile(perSession, 0.5).toFixed(2)} (median of ${perSession.length} session runs, quartiles ${quantile(perSession, 0.25).toFixed(2)}–${quantile(perSession, 0.75).toFixed(2)}); tokenizing twice: wall ${((wall[TWICE] ?? 0) / base).toFixed(2)}`);
