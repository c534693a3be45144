/** `honne batch submit`: validates the inputs exactly as `honne run` does (rejected rows are
 * kept: in Redis for `batch status` and in OUT/rejects.jsonl), writes each session's record
 * to the object store and enqueues ONE flow for the batch. The batch id is derived from the
 * inputs, so submitting the same files again finds the batch already there; a session whose
 * work another batch already queued or finished (same job id) is not queued again. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeJsonl } from '../pipeline/operator-files.js';
import { join, resolve } from 'node:path';
import { analysisVersionOf, ingest } from '../pipeline/ingest/ingest.js';
import type { Reject } from '../pipeline/ingest/records.js';
import type { Lineage } from '../pipeline/schemas.js';
import type { Lang } from '../reports/i18n.js';
import type { ReportFormat } from '../reports/write.js';
import { readMeta, type QueueContext } from './context.js';
import { buildBatchFlow, companiesOf } from './flow.js';
import { batchIdOf, batchKeys, objectKeys, stageJobId, workKey } from './ids.js';
import { putJson } from './objects.js';
import { batchesKey, batchRedisKeys } from './queues.js';
import type { BatchMeta, PlanEntry } from './schemas.js';

export interface SubmitInput {
  companiesFile: string;
  manifestFile: string;
  outDir: string;
  lang: Lang;
  formats: ReportFormat[];
}

export interface SubmitResult {
  meta: BatchMeta;
  /** True when these inputs had been submitted before: nothing was enqueued. */
  existed: boolean;
  rejects: Reject[];
}

/** How many object writes run at once while a batch is submitted. */
const WRITE_PARALLELISM = 32;

export async function submitBatch(input: SubmitInput, ctx: QueueContext, lineage: Lineage): Promise<SubmitResult> {
  const { config, qc, redis, objects } = ctx;
  const companiesFile = resolve(input.companiesFile);
  const manifestFile = resolve(input.manifestFile);
  const outDir = resolve(input.outDir);
  const [companiesBuf, manifestBuf] = await Promise.all([readFile(companiesFile), readFile(manifestFile)]);
  const analysisVersion = analysisVersionOf(lineage);
  const id = batchIdOf([companiesBuf, manifestBuf, companiesFile, manifestFile, analysisVersion, outDir, input.lang, input.formats.join(',')]);

  const { companies, sessions, rejects } = ingest({
    companies: { file: companiesFile, bytes: companiesBuf },
    manifest: { file: manifestFile, bytes: manifestBuf },
    pseudonymKey: config.pseudonymKey,
    lineage,
    fileExists: existsSync,
  });
  const existing = await readMeta(ctx, id);
  if (existing) return { meta: existing, existed: true, rejects };

  // Sessions whose analyze job exists (queued, running, done or failed in any batch) are not redone.
  const exists = await redis
    .pipeline(sessions.map((s) => ['exists', `${qc.prefix}:analyze:${stageJobId('analyze', s)}`]))
    .exec();
  const planned = sessions.filter((_, i) => exists?.[i]?.[1] !== 1);
  const plan: PlanEntry[] = planned.map((s) => ({
    sessionId: s.session_id,
    companyId: s.company_id,
    key: workKey(s),
    fingerprint: s.fingerprint,
    line: s.source.line,
    file: s.source.file,
  }));

  // The object store first: a worker may pick up the first job as soon as it is enqueued.
  await putJson(objects, batchKeys(id).companies, companies);
  await putJson(objects, batchKeys(id).plan, { sessions: plan });
  for (let i = 0; i < planned.length; i += WRITE_PARALLELISM) {
    await Promise.all(planned.slice(i, i + WRITE_PARALLELISM).map((s) => putJson(objects, objectKeys(workKey(s)).session, s)));
  }

  const rejectsFile = rejects.length > 0 ? await writeJsonl(join(outDir, 'rejects.jsonl'), rejects) : null;
  const meta: BatchMeta = {
    id,
    createdAt: ctx.now().toISOString(),
    companiesFile,
    manifestFile,
    outDir,
    lang: input.lang,
    formats: input.formats,
    periods: [...new Set(sessions.map((s) => s.period))].sort(),
    companyIds: companies.map((c) => c.company_id),
    loadCompanyIds: companiesOf(plan),
    manifestRows: sessions.length + rejects.filter((r) => r.file === manifestFile).length,
    sessions: plan.length,
    unchanged: sessions.length - plan.length,
    rejects: rejects.length,
    rejectsFile,
    rounds: 0,
    retryLoads: 0,
    lineage,
  };
  const keys = batchRedisKeys(qc.prefix, id);
  const multi = redis.multi();
  multi.set(keys.meta, JSON.stringify(meta));
  multi.zadd(batchesKey(qc.prefix), Date.parse(meta.createdAt), id);
  if (rejects.length > 0) multi.rpush(keys.rejects, ...rejects.map((r) => JSON.stringify(r)));
  await multi.exec();

  await ctx.queues.store.setGlobalConcurrency(1);
  try {
    await ctx.flow.add(buildBatchFlow({ batchId: id, round: 0, sessions: plan }, qc));
  } catch (err) {
    await redis.del(keys.meta, keys.rejects);
    await redis.zrem(batchesKey(qc.prefix), id);
    throw err;
  }
  ctx.log.info({ batch: id, sessions: plan.length, unchanged: meta.unchanged, rejects: rejects.length, companies: meta.loadCompanyIds.length }, 'batch submitted');
  return { meta, existed: false, rejects };
}

