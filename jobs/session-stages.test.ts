/** Queue mode reads transcripts under the same rules as `honne run`: the input root travels in
 * the session record `batch submit` writes, and the transcribe and redact jobs refuse a file
 * swapped for a link outside it after submit, and fail an oversized file permanently. Real
 * ingest, object store and tokenizer. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionDeps, objectStoreFor } from '../app/compose.js';
import { loadConfig, type Config } from '../pipeline/config.js';
import { HonneError } from '../pipeline/errors.js';
import { ingest } from '../pipeline/ingest/ingest.js';
import type { Session } from '../pipeline/schemas.js';
import { sparedNamesSeal } from '../pipeline/session.js';
import { batchKeys, objectKeys, workKey } from './ids.js';
import { z } from 'zod';
import { getJson, putJson } from '../pipeline/objects.js';
import type { SessionJobData } from './schemas.js';
import { sealRecord } from './record-seal.js';
import { SESSION_STAGE_RUNNERS, sessionStageDeps, type SessionStageDeps } from './session-stages.js';
import { isPermanent } from './worker.js';

const base = mkdtempSync(join(tmpdir(), 'honne-stages-'));
const root = join(base, 'root');
const inbox = join(root, 'inbox');
const shared = join(root, 'shared');
const SECRET = '極秘合併計画';
const CAP = 4096;
let config: Config;
let here: SessionStageDeps;
const sessions = new Map<string, Session>();

const transcript = (client: string) => `consultant：今日はどうされましたか。\n相談者：${client}\n`;
const row = (id: string, uri: string) =>
  JSON.stringify({ session_id: id, company_id: 'C1', employee_id: `E-${id}`, consultant_id: 'CNS-1', started_at: '2026-10-01T10:00:00+09:00', transcript_uri: uri });
const dataOf = (s: Session): SessionJobData => ({ batchId: 'b-test', sessionId: s.session_id, companyId: s.company_id, key: workKey(s) });
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

beforeAll(async () => {
  mkdirSync(inbox, { recursive: true });
  mkdirSync(shared);
  writeFileSync(join(base, 'secret.txt'), transcript(`${SECRET}が心配です。`));
  writeFileSync(join(inbox, 'good.txt'), transcript('転職を考えています。'));
  writeFileSync(join(inbox, 'swapped.txt'), transcript('残業が多いです。'));
  writeFileSync(join(shared, 'sibling.txt'), transcript('昇進に悩んでいます。'));
  // 楓 is redacted where a person's context says it is one (楓さん) and left standing where one
  // kanji is also a word (楓の件で): analysis must keep it out of the keywords.
  writeFileSync(join(inbox, 'spared.txt'), `consultant：楓さんとはその後いかがですか。\n相談者：楓とは話していません。楓の件で残業が増えて、異動も考えています。\n`);
  // Operators name files after people, and labels are names: 鷲見 is the employee, 森田 the consultant.
  writeFileSync(join(inbox, '鷲見聡子_1on1.txt'), `森田：その後いかがですか。\n鷲見：残業が多くて、異動も考えています。\n`);
  writeFileSync(join(inbox, 'huge.txt'), '');
  truncateSync(join(inbox, 'huge.txt'), 10 * CAP);
  writeFileSync(join(inbox, 'companies.csv'), 'company_id,name,industry,employee_count\nC1,株式会社テスト,IT,500\n');
  writeFileSync(join(inbox, 'sessions.jsonl'), [row('good', 'good.txt'), row('swapped', 'swapped.txt'), row('sibling', '../shared/sibling.txt'), row('huge', 'huge.txt'), row('spared', 'spared.txt'), JSON.stringify({ ...JSON.parse(row('named', '鷲見聡子_1on1.txt')), consultant_speaker: '森田' })].join('\n'));
  // The operator allows the manifest's parent folder: the sibling folder's transcript is in.
  config = loadConfig({ HONNE_DATA_DIR: join(base, 'data'), HONNE_PSEUDONYM_KEY: 'stages-test-key-0123456789', HONNE_INPUT_ROOT: root, HONNE_MAX_TRANSCRIPT_BYTES: String(CAP) });
  const deps = await createSessionDeps(config);
  const file = (f: string) => ({ file: join(inbox, f), bytes: readFileSync(join(inbox, f)) });
  const ingested = ingest({ companies: file('companies.csv'), manifest: file('sessions.jsonl'), pseudonymKey: config.pseudonymKey, analysis: deps.provider, inputRoot: config.inputRoot });
  expect(ingested.rejects).toEqual([]);
  for (const s of ingested.sessions) sessions.set(s.session_id, s);
  const objects = objectStoreFor(config);
  // The session records, as `batch submit` writes them: the root goes with them.
  await putJson(objects, batchKeys('b-test').sessions('C1'), { sessions: ingested.sessions });
  await putJson(objects, batchKeys('b-test').companies, ingested.companies);
  here = sessionStageDeps(objects, deps, config.pseudonymKey);
  // After submit, a transcript is swapped for a link to a file outside the root.
  unlinkSync(join(inbox, 'swapped.txt'));
  symlinkSync(join(base, 'secret.txt'), join(inbox, 'swapped.txt'));
}, 60_000);

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

describe('session stages in queue mode', () => {
  it('carry the input root in the session record and read good files under it', async () => {
    expect(sessions.get('sibling')!.source.root).toBe(root);
    for (const id of ['good', 'sibling']) expect(await SESSION_STAGE_RUNNERS.transcribe(dataOf(sessions.get(id)!), here), id).toEqual({ segments: 2 });
  }, 30_000);

  it('refuse a file swapped for a link outside the root after submit, in transcribe and in redact', async () => {
    const s = sessions.get('swapped')!;
    for (const stage of ['transcribe', 'redact'] as const) {
      const err = await failure(SESSION_STAGE_RUNNERS[stage](dataOf(s), here));
      expect(err, stage).toBeInstanceOf(HonneError);
      expect(isPermanent(err)).toBe(true);
      expect([(err as HonneError).code, (err as HonneError).message]).toEqual(['SOURCE_NOT_ALLOWED', `file resolves outside the input root (${root})`]);
      expect((err as HonneError).describe()).not.toContain(SECRET);
    }
  }, 30_000);

  it('fail an oversized transcript permanently, naming the cap', async () => {
    const s = sessions.get('huge')!;
    const err = await failure(SESSION_STAGE_RUNNERS.transcribe(dataOf(s), here));
    expect(isPermanent(err)).toBe(true);
    expect((err as HonneError).code).toBe('SOURCE_TOO_LARGE');
    expect((err as HonneError).describe()).toBe(`[transcript_uri]: file is ${10 * CAP} bytes, over the limit of ${CAP} bytes (HONNE_MAX_TRANSCRIPT_BYTES)`);
  }, 30_000);

  it('attack: the redacted object between redact and analyze says of no word that it is a name, and analysis still keeps the name out of the keywords', async () => {
    const s = sessions.get('spared')!;
    await SESSION_STAGE_RUNNERS.redact(dataOf(s), here);
    const k = objectKeys(dataOf(s).key);
    const objects = objectStoreFor(config);
    const redacted = await getJson(objects, k.redacted, z.record(z.string(), z.unknown()));
    // The speech keeps 楓 where it stands as a word (its segments, its morphemes); nothing else
    // in any object may name it — in the clear it would tell which word is a person's name.
    const { segments, tokens, ...rest } = redacted!;
    expect(JSON.stringify(segments)).toContain('楓の件で');
    expect(tokens).toBeDefined();
    const files = readdirSync(join(base, 'data', 'objects'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) {
      const path = join(f.parentPath, f.name);
      const text = path.endsWith(`${k.redacted.split('/').pop()}`) ? JSON.stringify(rest) : readFileSync(path, 'utf8');
      expect(text, path).not.toContain('楓');
    }
    // Another worker (nothing handed over in memory) opens them and keeps 楓 out of the keywords.
    const other = sessionStageDeps(objects, here.session, config.pseudonymKey);
    await SESSION_STAGE_RUNNERS.analyze(dataOf(s), other);
    const result = await getJson(objects, k.result, z.object({ keywords: z.array(z.object({ keyword: z.string() })) }).passthrough());
    const keywords = result!.keywords.map((kw) => kw.keyword);
    expect(keywords).toContain('残業');
    expect(keywords).not.toContain('楓');
  }, 30_000);

  it('attack: neither the redacted object nor the result names the file (after the employee) or the consultant label the batch record keeps sealed', async () => {
    const named = join(inbox, '鷲尾遥斗_10.txt');
    writeFileSync(named, '松井：今日はどうされましたか。\n相談者：残業が多くて異動も考えています。\n');
    const files = { companies: { file: join(inbox, 'companies.csv'), bytes: readFileSync(join(inbox, 'companies.csv')) }, manifest: { file: join(inbox, 'named.jsonl'), bytes: Buffer.from(JSON.stringify({ session_id: 'named', company_id: 'C1', employee_id: 'E-named', consultant_id: 'CNS-1', started_at: '2026-10-01T10:00:00+09:00', transcript_uri: '鷲尾遥斗_10.txt', consultant_speaker: '松井' })) } };
    const ingested = ingest({ ...files, pseudonymKey: config.pseudonymKey, analysis: here.session.provider, inputRoot: config.inputRoot });
    expect(ingested.rejects).toEqual([]);
    const s = ingested.sessions[0]!;
    const objects = objectStoreFor(config);
    const data: SessionJobData = { ...dataOf(s), batchId: 'b-named' };
    // the records as `batch submit` writes them: locations and label sealed
    await putJson(objects, batchKeys('b-named').sessions('C1'), { sessions: [sealRecord(config.pseudonymKey, s)] });
    await putJson(objects, batchKeys('b-named').companies, ingested.companies);
    const fresh = () => sessionStageDeps(objects, here.session, config.pseudonymKey);
    const k = objectKeys(data.key);
    await SESSION_STAGE_RUNNERS.redact(data, fresh());
    const redacted = JSON.stringify(await getJson(objects, k.redacted, z.record(z.string(), z.unknown())));
    expect(redacted).not.toMatch(/鷲尾|遥斗|松井/u);
    // another worker analyses it: the transcript's roles still come out right
    await SESSION_STAGE_RUNNERS.analyze(data, fresh());
    const result = await getJson(objects, k.result, z.object({ keywords: z.array(z.object({ keyword: z.string() })) }).passthrough());
    expect(JSON.stringify(result)).not.toMatch(/鷲尾|遥斗|松井/u);
    expect(result!.keywords.map((kw) => kw.keyword)).toContain('残業');
  }, 30_000);

  it('fail a redacted object\'s sealed names under another key as a configuration error, never analysing without them', async () => {
    const s = sessions.get('spared')!;
    const objects = objectStoreFor(config);
    const k = objectKeys(dataOf(s).key);
    await objects.delete(k.result);
    await SESSION_STAGE_RUNNERS.redact(dataOf(s), here);
    const otherKey = { ...here.session, sparedNames: sparedNamesSeal('another-key-of-another-worker-012345') };
    const err = await failure(SESSION_STAGE_RUNNERS.analyze(dataOf(s), sessionStageDeps(objects, otherKey, config.pseudonymKey)));
    expect((err as HonneError).code).toBe('CONFIG_INVALID');
    const noSeal = { ...here.session };
    delete noSeal.sparedNames;
    const err2 = await failure(SESSION_STAGE_RUNNERS.analyze(dataOf(s), sessionStageDeps(objects, noSeal, config.pseudonymKey)));
    expect((err2 as HonneError).code).toBe('CONFIG_INVALID');
    expect(await objects.exists(k.result)).toBe(false);
  }, 30_000);

  it('attack: what the stages leave for the next stage and the loader names no file and no speaker (operators name files and labels after people)', async () => {
    const s = sessions.get('named')!;
    const objects = objectStoreFor(config);
    const k = objectKeys(dataOf(s).key);
    const raw = async (key: string) => readFileSync(join(base, 'data', 'objects', key), 'utf8');
    await SESSION_STAGE_RUNNERS.redact(dataOf(s), here);
    const redacted = await raw(k.redacted);
    for (const name of ['鷲見', '聡子', '森田', '1on1']) expect(redacted).not.toContain(name);
    // a worker that did not redact it reads it back and still tells the consultant from the client
    await SESSION_STAGE_RUNNERS.analyze(dataOf(s), sessionStageDeps(objects, here.session, config.pseudonymKey));
    expect(await raw(k.result)).toContain('残業');
    // and the worker that redacted it, analysing from what it holds in memory, stores no path either
    await objects.delete(k.result);
    await SESSION_STAGE_RUNNERS.redact(dataOf(s), here);
    await SESSION_STAGE_RUNNERS.analyze(dataOf(s), here);
    const result = await raw(k.result);
    for (const name of ['鷲見', '聡子', '森田', '1on1']) expect(result).not.toContain(name);
    expect(result).toContain('残業');
  }, 30_000);

  it('keep the spared names of a redacted object an older worker wrote in the clear (a batch submitted before the upgrade) out of the keywords', async () => {
    const s = sessions.get('spared')!;
    const objects = objectStoreFor(config);
    const k = objectKeys(dataOf(s).key);
    await objects.delete(k.result);
    await SESSION_STAGE_RUNNERS.redact(dataOf(s), here);
    const { spared_sealed: _sealed, ...rest } = (await getJson(objects, k.redacted, z.record(z.string(), z.unknown())))!;
    await putJson(objects, k.redacted, { ...rest, spared: ['楓'] });
    await SESSION_STAGE_RUNNERS.analyze(dataOf(s), sessionStageDeps(objects, here.session, config.pseudonymKey));
    const result = await getJson(objects, k.result, z.object({ keywords: z.array(z.object({ keyword: z.string() })) }).passthrough());
    expect(result!.keywords.map((kw) => kw.keyword)).toContain('残業');
    expect(result!.keywords.map((kw) => kw.keyword)).not.toContain('楓');
  }, 30_000);
});
