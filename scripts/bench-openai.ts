/** `npm run bench:openai`: what the OpenAI analysis provider sends and costs per 60-minute
 * session, and the cache hit rate of a second eval run — against the loopback server (the real
 * `openai` client, never the network). Numbers, never assertions.
 *
 *   node bin/run-ts.mjs scripts/bench-openai.ts [--sessions 6] [--chars 18000]
 *
 * A 60-minute session is built as bench:analysis builds it: the gold set's Japanese transcripts
 * one after another until it holds about `--chars` characters (18,000: ~300 spoken characters a
 * minute), then redacted as a run redacts it. Input tokens are counted exactly as OpenAI counts
 * them (o200k_base, the loopback's usage); output tokens are the stand-in model's answers
 * (adapters/openai/testing/chat.ts), shorter than a real model's quotes: the cost is estimated
 * at the default prompt's model with the real output measured per answer instead. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analysisRoute, CHAT_ROUTE } from '../adapters/openai/testing/chat.js';
import { startLoopback } from '../adapters/openai/testing/loopback.js';
import { estimateCost, priceOf } from '../adapters/openai/prices.js';
import { providerFor, sourceReaderFor } from '../app/compose.js';
import { loadPrompt } from '../pipeline/analyze/prompt.js';
import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { loadConfig } from '../pipeline/config.js';
import { parseGoldCases, selectSplit } from '../pipeline/eval/gold.js';
import { goldSession, runEval } from '../pipeline/eval/run.js';
import type { Segment, Transcript } from '../pipeline/schemas.js';
import { redactStage } from '../pipeline/session.js';
import { parseTranscript } from '../pipeline/transcripts/parse.js';

const { values } = parseArgs({ options: { sessions: { type: 'string', default: '6' }, chars: { type: 'string', default: '18000' }, gold: { type: 'string', default: 'fixtures/gold' } } });
const sessions = Number(values.sessions);
const targetChars = Number(values.chars);
const casesFile = join(values.gold, 'cases.jsonl');
const entries = parseGoldCases(readFileSync(casesFile, 'utf8'), casesFile);
const ja = entries.filter((e) => e.case.language === 'ja');
const pool: Segment[][] = ja.map((e) => parseTranscript(readFileSync(join(values.gold, e.case.transcript)), { file: e.case.transcript, ...(e.case.consultant_speaker ? { consultantSpeaker: e.case.consultant_speaker } : {}) }).segments);

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

const server = await startLoopback({ routes: { [CHAT_ROUTE]: analysisRoute() } });
const root = mkdtempSync(join(tmpdir(), 'honne-bench-openai-'));
try {
  const config = loadConfig({ HONNE_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: server.baseURL, HONNE_DATA_DIR: root, HONNE_TRANSCRIBER: 'none' }, { demo: true });
  const tokenizer = await loadJapaneseTokenizer();
  const provider = await providerFor(config, tokenizer);
  const prompt = loadPrompt('analysis', undefined, config.promptsDir);
  const price = priceOf(prompt.meta.model, config.prices);
  const session = goldSession(ja[0]!.case, { file: casesFile, line: 1, root: values.gold });

  console.log(`OpenAI analysis per 60-minute session (${targetChars} characters of transcript), prompt analysis@${prompt.version}, ${prompt.meta.model}, chunk_tokens ${prompt.meta.chunk_tokens}`);
  console.log('session  client chars  requests  input tokens  output tokens  est. USD');
  const totals = { input: 0, output: 0, requests: 0, cost: 0 };
  for (let i = 0; i < sessions; i++) {
    const t = longTranscript(i);
    const redacted = redactStage(session, t, { tokenizer, companyName: () => ja[0]!.case.company_name });
    const client = redacted.segments.filter((s) => s.role === 'client').map((s) => s.text);
    const before = server.requests.length;
    const r = await provider.analyze({ sessionId: `bench-${i}`, language: 'ja', client, owner: 'bench' });
    const requests = server.requests.length - before;
    totals.input += r.usage.inputTokens;
    totals.output += r.usage.outputTokens;
    totals.requests += requests;
    totals.cost += r.usage.costUsd;
    console.log(`${String(i + 1).padStart(7)}  ${String(client.join('').length).padStart(12)}  ${String(requests).padStart(8)}  ${String(r.usage.inputTokens).padStart(12)}  ${String(r.usage.outputTokens).padStart(13)}  ${r.usage.costUsd.toFixed(5).padStart(8)}`);
  }
  const n = sessions;
  console.log(`mean: ${(totals.requests / n).toFixed(1)} request(s), ${Math.round(totals.input / n)} input + ${Math.round(totals.output / n)} output tokens, $${(totals.cost / n).toFixed(5)} per session (stand-in output)`);
  for (const out of [300, 800]) {
    console.log(`  with ${out} output tokens per request (a real model's answer with quotes): $${estimateCost(price, { inputTokens: totals.input / n, outputTokens: (out * totals.requests) / n }).toFixed(5)} per session, $${(estimateCost(price, { inputTokens: totals.input / n, outputTokens: (out * totals.requests) / n }) * 1000).toFixed(2)} per 1,000 sessions`);
  }

  // The cache: the same gold set evaluated twice.
  const dev = selectSplit(entries, 'dev');
  const deps = { read: sourceReaderFor(config), provider, tokenizer, clock: () => performance.now() };
  const first = await runEval(dev, casesFile, deps);
  const before = server.requests.length;
  const second = await runEval(dev, casesFile, deps);
  console.log(`eval of the gold dev half: first run ${first.usage.calls} call(s), ${first.usage.cached_calls} cached; second run ${second.usage.calls} call(s), ${second.usage.cached_calls} cached (hit rate ${((second.usage.cache_hit_rate ?? 0) * 100).toFixed(1)} %), ${server.requests.length - before} request(s) reached the server`);
} finally {
  await server.close();
  rmSync(root, { recursive: true, force: true });
}
