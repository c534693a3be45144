/** Stage threads: the session stages give on a thread exactly what `honne run` gives; errors
 * come back with what decides a retry; a thread that dies fails its job as retryable and is
 * replaced. Real worker threads, real tokenizer, the fixture sessions. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createSessionDeps, objectStoreFor } from '../app/compose.js';
import { loadConfig } from '../pipeline/config.js';
import { HonneError, TransientError } from '../pipeline/errors.js';
import { ingest } from '../pipeline/ingest/ingest.js';
import { SessionResultSchema, type Company, type Session } from '../pipeline/schemas.js';
import { processSession, type SessionDeps } from '../pipeline/session.js';
import { batchKeys, objectKeys, workKey, workObjects } from './ids.js';
import { getJson, putJson } from '../pipeline/objects.js';
import { fromWire, homeOf, inThreadStages, startStagePool, toWire, type StageExecutor } from './pool.js';
import type { SessionJobData } from './schemas.js';
import { isPermanent } from './worker.js';

const fixtures = resolve(import.meta.dirname, '..', 'fixtures');
const root = mkdtempSync(join(tmpdir(), 'honne-pool-'));
const config = loadConfig({ HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'pool-test-key-0123456789' });
const objects = objectStoreFor(config);
const threads: Worker[] = [];
let deps: SessionDeps;
let pool: StageExecutor;
let good: Session[];
let broken: Session[];
const companiesById = new Map<string, Company>();

const dataOf = (s: Session): SessionJobData => ({ batchId: 'b-test', sessionId: s.session_id, companyId: s.company_id, key: workKey(s) });

async function through(ex: StageExecutor, s: Session) {
  for (const stage of ['transcribe', 'redact', 'analyze'] as const) await ex.run(stage, dataOf(s));
  const result = await getJson(objects, objectKeys(workKey(s)).result, SessionResultSchema);
  for (const key of workObjects(workKey(s))) await objects.delete(key);
  return result;
}

/** Session records, one object per company, as `batch submit` writes them. */
async function writeRecords(sessions: Session[]) {
  for (const companyId of new Set(sessions.map((s) => s.company_id))) {
    await putJson(objects, batchKeys('b-test').sessions(companyId), { sessions: sessions.filter((s) => s.company_id === companyId) });
  }
}

beforeAll(async () => {
  const file = (f: string) => ({ file: join(fixtures, 'bad', f), bytes: readFileSync(join(fixtures, 'bad', f)) });
  deps = await createSessionDeps(config);
  const { companies, sessions } = ingest({ companies: file('companies.csv'), manifest: file('sessions.jsonl'), pseudonymKey: config.pseudonymKey, lineage: deps.provider.lineage });
  for (const c of companies) companiesById.set(c.company_id, c);
  await putJson(objects, batchKeys('b-test').companies, companies);
  await writeRecords(sessions);
  broken = sessions.filter((s) => /bad-(binary|empty)/.test(s.transcript_uri ?? ''));
  good = sessions.filter((s) => !broken.includes(s) && s.transcript_uri);
  pool = await startStagePool(config, 2, (t) => threads.push(t));
}, 60_000);

afterAll(async () => {
  await pool?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('stage threads', () => {
  it('give exactly the results honne run gives, on threads and on the calling thread', async () => {
    expect(good.length).toBeGreaterThan(3);
    const here = inThreadStages(objects, deps);
    for (const s of good) {
      const expected = await processSession(s, { ...deps, companyName: (id) => companiesById.get(id)?.name, companyAliases: (id) => companiesById.get(id)?.aliases });
      expect(await through(pool, s), s.session_id).toEqual(expected);
      expect(await through(here, s), s.session_id).toEqual(expected);
    }
    expect(pool.lineage).toEqual(deps.provider.lineage);
  }, 60_000);

  it('return a broken transcript as the same permanent error, code and file included', async () => {
    expect(broken.length).toBe(2);
    for (const s of broken) {
      const err = await pool.run('transcribe', dataOf(s)).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(HonneError);
      expect(isPermanent(err)).toBe(true);
      expect((err as HonneError).code).toMatch(/^TRANSCRIPT_(BINARY|EMPTY)$/);
      expect((err as HonneError).context.file).toBe(s.transcript_uri);
      expect((err as Error).name).toBe('TranscriptError');
    }
  });

  it('return a schema violation as a ZodError (permanent)', async () => {
    const s = good[0]!;
    await putJson(objects, batchKeys('b-test').sessions('X-MALFORMED'), { sessions: [{ session_id: 42 }] });
    const err = await pool.run('transcribe', { ...dataOf(s), companyId: 'X-MALFORMED' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ZodError);
    expect(isPermanent(err)).toBe(true);
  });

  it('fail the job of a thread that dies as retryable, and replace the thread', async () => {
    // A long session (hundreds of ms of redaction), so the thread is stopped mid-stage.
    const s0015 = good.find((s) => s.transcript_uri?.endsWith('s-0015.txt'))!;
    const long = join(root, 'long.txt');
    writeFileSync(long, readFileSync(s0015.transcript_uri!, 'utf8').repeat(40));
    const s: Session = { ...s0015, session_id: 's-long', transcript_uri: long, company_id: 'C-LONG', source: { ...s0015.source, root } };
    await writeRecords([s]);
    const home = threads[homeOf(workKey(s), 2)]!;
    const running = pool.run('redact', dataOf(s));
    await new Promise((r) => setTimeout(r, 30));
    await home.terminate();
    const err = await running.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(isPermanent(err)).toBe(false);
    await expect.poll(() => threads.length, { timeout: 30_000 }).toBe(3);
    // The replacement works: the whole chain again, same result as honne run.
    const expected = await processSession(s, { ...deps, companyName: (id) => companiesById.get(id)?.name, companyAliases: (id) => companiesById.get(id)?.aliases });
    expect(await through(pool, s)).toEqual(expected);
  }, 60_000);

  it('carry errors across as data and back', () => {
    const back = fromWire(toWire(new TransientError('rate limited', { sessionId: 's-1' })));
    expect(back).toBeInstanceOf(HonneError);
    expect({ code: (back as HonneError).code, retryable: (back as HonneError).retryable, sessionId: (back as HonneError).context.sessionId, name: back.name }).toEqual({
      code: 'TRANSIENT',
      retryable: true,
      sessionId: 's-1',
      name: 'TransientError',
    });
    const plain = fromWire(toWire(new RangeError('boom')));
    expect([plain.name, plain.message, plain instanceof HonneError]).toEqual(['RangeError', 'boom', false]);
  });
});
