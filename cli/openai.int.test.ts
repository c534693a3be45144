/** `HONNE_PROVIDER=openai` end to end, in process, against the loopback server with the real
 * `openai` client: what reaches the server holds none of the gold set's personal data, a second
 * eval is answered wholly by the cache, and `honne erase` leaves no byte of the employee's words in
 * the cache. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisRoute, CHAT_ROUTE } from '../adapters/openai/testing/chat.js';
import { startLoopback, type Loopback } from '../adapters/openai/testing/loopback.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-openai-'));
let server: Loopback;
let env: Record<string, string>;
beforeAll(async () => {
  server = await startLoopback({ routes: { [CHAT_ROUTE]: analysisRoute() } });
  env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-loopback-0001', HONNE_PROVIDER: 'openai', HONNE_DATA_DIR: join(root, 'data'), HONNE_TRANSCRIBER: 'none' };
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

/** Every file under a folder, as text. */
const allText = (dir: string): string =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'))
    .join('\n');

describe('honne eval --provider openai', () => {
  const gold = join(import.meta.dirname, '..', 'fixtures', 'gold');
  const dev = readFileSync(join(gold, 'cases.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { split: string; labels: { pii: string[] } }).filter((c) => c.split === 'dev');

  it('sends the model no personal data of the gold dev cases, and a second run is answered by the cache', async () => {
    const first = await runCli(['eval', '--split', 'dev', '--json'], env);
    expect(first.code, first.err).toBe(0);
    const sent = server.requests.length;
    expect(sent).toBeGreaterThanOrEqual(30);
    const bodies = server.requests.map((r) => r.body.toString('utf8')).join('\n');
    // what reached the server, as JSON strings decode it
    const decoded = JSON.parse(`[${server.requests.map((r) => r.body.toString('utf8')).join(',')}]`) as Array<{ messages: Array<{ content: string }> }>;
    const text = decoded.flatMap((b) => b.messages.map((m) => m.content)).join('\n');
    for (const pii of dev.flatMap((c) => c.labels.pii)) {
      expect(text.includes(pii), `"${pii}" reached the model`).toBe(false);
      expect(bodies.includes(pii)).toBe(false);
    }
    expect(text).toContain('[PERSON]');
    const j = JSON.parse(first.out) as { lineage: { provider: string; version: string }; themes: { micro: { f1: number } } };
    expect(j.lineage).toMatchObject({ provider: 'openai', version: 'analysis@2026.12.1' });

    const second = await runCli(['eval', '--split', 'dev', '--json'], env);
    expect(second.code).toBe(0);
    expect(server.requests.length, 'requests of the second run').toBe(sent);
    expect(JSON.parse(second.out)).toMatchObject({ themes: { micro: { f1: j.themes.micro.f1 } } });

    const uncached = await runCli(['eval', '--split', 'dev', '--json', '--no-cache'], env);
    expect(uncached.code).toBe(0);
    expect(server.requests.length).toBe(2 * sent);
  }, 240_000);
});

describe('the prompt lab: honne eval --provider openai', () => {
  it('compares a prompt with a lexicon side by side, with tokens, cost, changed labels, evidence and an export', async () => {
    const csv = join(root, 'cases.csv');
    const r = await runCli(['eval', '--split', 'dev', '--prompt', 'analysis@2026.12.1', '--compare', 'lexicon@2026.12.1', '--why', '--export', csv], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Comparison: A = openai\/gpt-4\.1-mini\/analysis@2026\.12\.1 \(ja [0-9a-f]{12}, en [0-9a-f]{12}\), B = local\/rules\/lexicon-2026\.12\.1/m);
    expect(r.out).toContain('Model use per case, A | B');
    expect(r.out).toMatch(/^ {2}g-001 +\d+ +\d+ +\$0\.\d{4}\* \| +0 +0 +\$0\.0000 /m);
    expect(r.out).toMatch(/total A: \d+ call\(s\), \d+ from the cache \(100 %\)/);
    // answered by the cache, which keeps no quote
    expect(r.out).toMatch(/Why \(A = openai.*\n {2}g-001\n {4}\(answered by the model cache, which keeps no quote: --no-cache to see them\)/);
    expect(r.out).toMatch(/Why \(B = local.*\n {2}g-001\n {4}\w+: \S+ \d\.\d\d/);
    expect(r.err).toMatch(/saved to the eval history: .*eval\/.*analysis@2026\.12\.1_vs_lexicon-2026\.12\.1\.json/);
    const rows = readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    expect(rows[0]).toMatch(/^run,version,id,split,gold_themes,predicted_themes/);
    expect(rows.length - 1).toBe(2 * 35);
  }, 240_000);

  it('repeats a run to show variance, asking the model again for each repeat', async () => {
    const before = server.requests.length;
    const r = await runCli(['eval', '--split', 'dev', '--repeat', '2', '--json', '--no-history'], env);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { repeat: { repeats: number; metrics: Array<{ metric: string; stdev: number }>; unstable_cases: string[] }; usage: { calls: number; cached_calls: number } };
    expect(j.repeat.repeats).toBe(2);
    // the first repeat is the cached run of the tests above; the second asks again, once per case
    // that calls the model (a transcript without speakers calls nothing)
    expect(j.usage.cached_calls).toBe(j.usage.calls);
    expect(server.requests.length - before).toBe(j.usage.calls);
    // the stand-in model is deterministic: nothing moves
    expect(j.repeat.unstable_cases).toEqual([]);
    expect(j.repeat.metrics[0]).toMatchObject({ metric: 'themes.micro.f1', stdev: 0 });
  }, 240_000);

  it('stops before passing --max-cost, and fails a --fail-under gate', async () => {
    const before = server.requests.length;
    const r = await runCli(['eval', '--split', 'dev', '--no-cache', '--max-cost', '0.003', '--json', '--no-history'], env);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { stopped: { cases_run: number; cost_usd: number }; cases_total: number; usage: { cost_usd: number } };
    expect(j.stopped.cases_run).toBeGreaterThan(0);
    expect(j.stopped.cases_run).toBeLessThan(35);
    expect(j.cases_total).toBe(j.stopped.cases_run);
    expect(j.usage.cost_usd).toBeLessThanOrEqual(0.003);
    expect(server.requests.length - before).toBe(j.stopped.cases_run);

    const gate = await runCli(['eval', '--split', 'dev', '--fail-under', 'themes.micro.f1=0.99', '--fail-under', 'pii.recall=0.9', '--no-history'], env);
    expect(gate.code).toBe(1);
    expect(gate.out).toMatch(/^FAILED --fail-under themes\.micro\.f1=0\.99: 0\.\d{4}$/m);
    expect(gate.out).not.toMatch(/FAILED --fail-under pii/);
    const bad = await runCli(['eval', '--fail-under', 'f1=high'], env);
    expect(bad.code).toBe(2);
  }, 240_000);

  it('lists the eval history', async () => {
    const r = await runCli(['eval', '--list', '--json'], env);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Array<{ version: string; compare: string | null; cost_usd: number }>;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.some((x) => x.compare?.startsWith('local/rules/lexicon-2026.12.1'))).toBe(true);
  });
});

describe('honne run with the openai provider, then honne erase', () => {
  const input = join(root, 'in');
  const KEY = 'openai-erase-key-0123456789';
  const runEnv = () => ({ ...env, HONNE_PSEUDONYM_KEY: KEY, HONNE_DATA_DIR: join(root, 'run-data') });

  beforeAll(() => {
    mkdirSync(input, { recursive: true });
    writeFileSync(join(input, 'companies.csv'), 'company_id,name,industry,employee_count\nC001,テスト株式会社,it,100\n');
    const people = [
      ['VICT-1', '週末は盆栽の手入れをしながら転職を考えています。'],
      ['OTHER-1', '毎日の残業がきつくて週末も疲れています。'],
    ];
    const rows = people.map(([id, said], i) => {
      writeFileSync(join(input, `t${i}.txt`), `CC: どうぞ。\n相談者: ${said}\n`);
      return JSON.stringify({ session_id: `s-${i}`, company_id: 'C001', employee_id: id, consultant_id: 'c1', started_at: '2026-10-05T10:00:00+09:00', transcript_uri: `t${i}.txt`, consultant_speaker: 'CC' });
    });
    writeFileSync(join(input, 'sessions.jsonl'), rows.join('\n') + '\n');
  });

  it("removes every cached answer of the employee's speech and keeps the others'", async () => {
    const args = ['run', '--companies', join(input, 'companies.csv'), '--manifest', join(input, 'sessions.jsonl'), '--out', join(root, 'out'), '--format', 'csv', '--json'];
    const run = await runCli(args, runEnv());
    expect(run.code, run.err).toBe(0);
    const summary = JSON.parse(run.out) as { processed: number; usage: { calls: number; inputTokens: number } };
    expect(summary.processed).toBe(2);
    const cache = join(root, 'run-data', 'cache');
    expect(allText(cache)).toContain('盆栽');
    expect(allText(cache)).toContain('残業');

    const erase = await runCli(['erase', '--employee', 'VICT-1', '--json'], runEnv());
    expect(erase.code, erase.err).toBe(0);
    expect(JSON.parse(erase.out)).toMatchObject({ sessions: 1, cacheEntries: 1 });
    const left = allText(cache);
    for (const word of ['盆栽', '手入れ', '週末は']) expect(left.includes(word), `"${word}" left in the cache`).toBe(false);
    expect(left).toContain('残業');
  }, 240_000);
});

describe('honne eval of a session, then honne erase of its employee (attack: what is left in the cache)', () => {
  const input = join(root, 'in-eval');
  const goldDir = join(root, 'gold-eval');
  const KEY = 'openai-erase-key-9876543210';
  const runEnv = () => ({ ...env, HONNE_PSEUDONYM_KEY: KEY, HONNE_DATA_DIR: join(root, 'eval-data') });
  const said = '週末は盆栽の手入れをしながら転職を考えていて、体調も少し崩しています。';

  beforeAll(() => {
    mkdirSync(input, { recursive: true });
    mkdirSync(goldDir, { recursive: true });
    const transcript = `CC: どうぞ。\n相談者: ${said}\n`;
    writeFileSync(join(input, 'companies.csv'), 'company_id,name,industry,employee_count\nC001,テスト株式会社,it,100\n');
    writeFileSync(join(input, 't.txt'), transcript);
    writeFileSync(join(input, 'sessions.jsonl'), JSON.stringify({ session_id: 's-v', company_id: 'C001', employee_id: 'VICT-2', consultant_id: 'c1', started_at: '2026-10-05T10:00:00+09:00', transcript_uri: 't.txt', consultant_speaker: 'CC' }) + '\n');
    // a data scientist labels the same session for the prompt lab
    writeFileSync(join(goldDir, 'g.txt'), transcript);
    const labels = { themes: ['job_change'], retention_risk: 'medium', mental_health_risk: 'medium', pii: [] };
    writeFileSync(join(goldDir, 'cases.jsonl'), JSON.stringify({ id: 'g-1', transcript: 'g.txt', consultant_speaker: 'CC', labels }) + '\n');
  });

  it('leaves no byte of the speech anywhere in the cache: an eval keeps no quote and no word', async () => {
    const run = await runCli(['run', '--companies', join(input, 'companies.csv'), '--manifest', join(input, 'sessions.jsonl'), '--out', join(root, 'out-eval'), '--format', 'csv', '--json'], runEnv());
    expect(run.code, run.err).toBe(0);
    const ev = await runCli(['eval', '--gold', goldDir, '--json', '--no-history', '--why'], runEnv());
    expect(ev.code, ev.err).toBe(0);
    // the lab still shows the fresh answer's quotes to the one who runs it
    expect(ev.out).toContain('盆栽');
    const cache = join(root, 'eval-data', 'cache');
    expect(allText(cache)).toContain('盆栽');

    const erase = await runCli(['erase', '--employee', 'VICT-2', '--json'], runEnv());
    expect(erase.code, erase.err).toBe(0);
    // the attacker reads the raw bytes of every file left behind
    const files = readdirSync(cache, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length, 'the eval answer stays cached (a re-run costs nothing)').toBeGreaterThan(0);
    const left = files.map((f) => readFileSync(join(f.parentPath, f.name)).toString('latin1')).join('\n');
    for (const word of ['盆栽', '手入れ', '転職', '体調']) expect(Buffer.from(left, 'latin1').toString('utf8').includes(word), `"${word}" left in the cache`).toBe(false);
    // no word at all: theme ids, levels and numbers are ASCII; any byte of Japanese speech is not
    expect([...left].every((ch) => ch.charCodeAt(0) < 0x80), 'a non-ASCII byte left in the cache').toBe(true);
    expect(left).not.toMatch(/"evidence":"[^"]/);

    // and a second eval is still answered wholly by the cache
    const before = server.requests.length;
    const again = await runCli(['eval', '--gold', goldDir, '--json', '--no-history'], runEnv());
    expect(again.code, again.err).toBe(0);
    expect(server.requests.length).toBe(before);
    expect(JSON.parse(again.out)).toMatchObject({ themes: { micro: { f1: (JSON.parse(ev.out) as { themes: { micro: { f1: number } } }).themes.micro.f1 } } });
  }, 240_000);
});
