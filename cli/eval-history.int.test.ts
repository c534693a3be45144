/** Attack on the eval history (`$HONNE_DATA_DIR/eval/`), which neither erase nor retention
 * reaches: a gold set made of real sessions, scored with a model provider, must leave there no
 * text of what was said — not a string redaction missed, nor the model's quotes of the redacted
 * speech (`--why` evidence), which carry whatever redaction missed. The run's own output
 * (terminal, `--json`, `--export`) still shows them to the one who runs it. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisRoute, CHAT_ROUTE } from '../adapters/openai/testing/chat.js';
import { startLoopback, type Loopback } from '../adapters/openai/testing/loopback.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-eval-history-'));
const gold = join(root, 'gold');
let server: Loopback;
let env: Record<string, string>;

// A nickname redaction does not take for a name (a common noun + ちゃん) and a private fact,
// each at the start of a turn the stand-in model quotes as its evidence.
const NICKNAME = 'ガンちゃん';
const FACT = '盆栽の品評会';

beforeAll(async () => {
  server = await startLoopback({ routes: { [CHAT_ROUTE]: analysisRoute() } });
  env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-loopback-0001', HONNE_PROVIDER: 'openai', HONNE_DATA_DIR: join(root, 'data'), HONNE_TRANSCRIBER: 'none' };
  mkdirSync(gold, { recursive: true });
  writeFileSync(join(gold, 'h-001.txt'), `CC: 今日はどうされましたか。\n相談者: 転職のことは${NICKNAME}にだけ話しました。\n相談者: ${FACT}の準備で眠れない日が続きます。\n`);
  writeFileSync(
    join(gold, 'cases.jsonl'),
    JSON.stringify({ id: 'h-001', language: 'ja', transcript: 'h-001.txt', consultant_speaker: 'CC', labels: { themes: ['job_change', 'health'], retention_risk: 'medium', mental_health_risk: 'medium', pii: [NICKNAME] } }) + '\n',
  );
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the eval history keeps no text of the gold set', () => {
  it('holds neither the leaked nickname nor the model quotes of the speech, which --json still shows', async () => {
    const r = await runCli(['eval', '--gold', gold, '--why', '--json'], env);
    expect(r.code, r.err).toBe(0);
    // the attack's premise: the run itself shows both (the redactor missed the nickname, the
    // model quoted the turn)
    expect(r.out).toContain(NICKNAME);
    expect(r.out).toContain(FACT);
    const dir = join(root, 'data', 'eval');
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const history = readFileSync(join(dir, files[0]!), 'utf8');
    expect(history.includes(NICKNAME), 'a string redaction missed is in the eval history').toBe(false);
    expect(history.includes(FACT), "the model's quote of the speech is in the eval history").toBe(false);
    expect(history).toContain('"h-001"');
    // the history still lists the run with its figures
    const list = await runCli(['eval', '--list', '--json'], env);
    expect(list.code, list.err).toBe(0);
    expect(JSON.parse(list.out)).toMatchObject([{ cases: 1, 'pii.recall': 0 }]);
  }, 240_000);
});
