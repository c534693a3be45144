/** `honne doctor` and `honne config` (cli/commands/ops.ts declares their options). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadQueueConfig, type QueueConfig } from '../../jobs/config.js';
import { loadConfig, redactUrl, type Config } from '../../pipeline/config.js';
import { describeError, StoreLockedError } from '../../pipeline/errors.js';
import { isWithin } from '../../pipeline/sources.js';
import type { CommandContext } from '../command.js';

export interface OpsOptions {
  json?: boolean;
  demo?: boolean;
}

export interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  /** What to do about a warning or a failure. */
  fix?: string;
}

const ok = (name: string, detail: string): Check => ({ name, status: 'ok', detail });
const bad = (name: string, required: boolean, detail: string, fix: string): Check => ({ name, status: required ? 'fail' : 'warn', detail, fix });

async function checkStore(cfg: Config): Promise<Check> {
  if (!existsSync(cfg.storePath)) return ok('store', `${cfg.storePath} (not created yet: the first run creates it)`);
  // each check loads what it checks: `honne config` loads none of it
  const { analyticsStore } = await import('../../app/compose.js');
  try {
    const store = await analyticsStore(cfg).open();
    store.close();
    return ok('store', `${cfg.storePath}: free, bound to this key`);
  } catch (err) {
    if (err instanceof StoreLockedError) {
      return bad('store', false, `${cfg.storePath} is open in another honne process`, 'wait for the run, report or store-queue worker holding it to finish');
    }
    return bad('store', true, describeError(err), 'set HONNE_PSEUDONYM_KEY to the key the store was built with, or HONNE_DATA_DIR to another folder');
  }
}

/** Writes and deletes a probe object through the port, as every command that stores does. */
async function checkObjectStore(cfg: Config): Promise<Check> {
  const { objectStoreFor } = await import('../../app/compose.js');
  const objects = objectStoreFor(cfg);
  try {
    // Written and deleted through the port: a folder or a bucket is probed alike (reachable,
    // credentials accepted, writable).
    const probe = `.doctor-${process.pid}`;
    await objects.put(probe, '');
    await objects.delete(probe);
    return ok('object store', `${objects.location}: writable`);
  } catch (err) {
    const fix = cfg.objects.kind === 's3' ? 'check the bucket in HONNE_OBJECTS, HONNE_S3_ENDPOINT, AWS_REGION and the AWS credentials' : 'make HONNE_DATA_DIR (or HONNE_OBJECTS) a folder this user can write';
    return bad('object store', true, `${objects.location}: ${(err as Error).message}`, fix);
  }
}

async function checkRedis(cfg: Config): Promise<Check> {
  const { connectRedis } = await import('../../jobs/queues.js');
  const redis = connectRedis(cfg.redisUrl, 'client');
  redis.on('error', () => {});
  try {
    await redis.ping();
    return ok('redis', `${redactUrl(cfg.redisUrl)}: answers (queue mode)`);
  } catch (err) {
    return bad('redis', false, `${redactUrl(cfg.redisUrl)}: ${(err as Error).message}`, 'only queue mode needs Redis: start redis-server, or set REDIS_URL');
  } finally {
    redis.disconnect();
  }
}

/** The OpenAI server, required when it analyses (HONNE_PROVIDER=openai) or transcribes
 * (HONNE_TRANSCRIBER=openai): the key set, the server answering, the key not refused. */
async function checkOpenAi(cfg: Config): Promise<Check | null> {
  const uses = [cfg.provider === 'openai' ? 'HONNE_PROVIDER=openai' : '', cfg.transcriber === 'openai' ? 'HONNE_TRANSCRIBER=openai' : ''].filter(Boolean);
  if (uses.length === 0 && cfg.openaiBaseUrl === undefined) return null;
  const required = uses.length > 0;
  const { baseOf, serverAnswer } = await import('../../app/preflight.js');
  const base = baseOf(cfg);
  const instead = 'set OPENAI_API_KEY, or HONNE_PROVIDER=local and HONNE_TRANSCRIBER=none';
  if (required && !cfg.openaiApiKey) return bad('openai', true, `OPENAI_API_KEY is not set (${uses.join(', ')})`, instead);
  const status = await serverAnswer(cfg, 5_000);
  if (typeof status !== 'number') return bad('openai', required, `${base}: ${status}`, 'check OPENAI_BASE_URL and the network (or proxy) on this machine');
  if ((status === 401 || status === 403) && cfg.openaiApiKey) return bad('openai', required, `${base}: the key is refused (HTTP ${status})`, 'check OPENAI_API_KEY');
  return ok('openai', `${base}: reachable (HTTP ${status})`);
}

/** HONNE_TRANSCRIBER=openai: a model that labels speakers (else every recording fails). */
async function checkTranscriber(cfg: Config): Promise<Check | null> {
  if (cfg.transcriber !== 'openai') return null;
  const { modelProblem } = await import('../../app/preflight.js');
  const problem = modelProblem(cfg.transcribeModel);
  if (problem !== undefined) return bad('transcriber', true, problem, 'set HONNE_TRANSCRIBE_MODEL=gpt-4o-transcribe-diarize (or HONNE_TRANSCRIBER=none)');
  return ok('transcriber', `openai, ${cfg.transcribeModel} (speaker labels)`);
}

function checkFfmpeg(cfg?: Config): Check {
  const r = spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' });
  if (r.status === 0) return ok('ffmpeg', r.stdout.split('\n')[0] ?? 'ffmpeg');
  const required = cfg?.transcriber === 'openai';
  return bad('ffmpeg', required, 'not found on the PATH', `${required ? 'HONNE_TRANSCRIBER=openai prepares recordings with it' : 'only recordings (recording_uri) need it'}: install ffmpeg (apt-get install ffmpeg)`);
}

async function checkFonts(): Promise<Check> {
  try {
    const { FONT_WEIGHTS, fontPath } = await import('../../reports/pdf/fonts.js');
    return ok('fonts', FONT_WEIGHTS.map((w) => fontPath(w)).join(', '));
  } catch (err) {
    return bad('fonts', true, (err as Error).message, 'run npm ci (the PDF reports embed Noto Sans JP from @expo-google-fonts/noto-sans-jp)');
  }
}

export async function runChecks(o: OpsOptions, env: NodeJS.ProcessEnv): Promise<Check[]> {
  let cfg: Config;
  try {
    cfg = loadConfig(env, { demo: o.demo ?? false });
    loadQueueConfig(env);
  } catch (err) {
    return [bad('config', true, describeError(err), 'fix the variable named (README, Configuration)'), await checkFonts(), checkFfmpeg()];
  }
  const checks = [ok('config', `valid${cfg.demoKey ? ' (the public DEMO key: development only)' : ''}; data in ${cfg.dataDir}`)];
  checks.push(await checkStore(cfg), await checkObjectStore(cfg), await checkRedis(cfg));
  for (const check of [await checkOpenAi(cfg), await checkTranscriber(cfg)]) if (check) checks.push(check);
  checks.push(checkFfmpeg(cfg), await checkFonts());
  const inputRoot = await checkInputRoot(cfg);
  if (inputRoot) checks.push(inputRoot);
  return checks;
}

/** HONNE_INPUT_ROOT inside honne's own folders: the readers refuse every file there, so every
 * session would fail (app/compose.ts ownFolders). */
async function checkInputRoot(cfg: Config): Promise<Check | undefined> {
  if (cfg.inputRoot === undefined) return undefined;
  const { ownFolders } = await import('../../app/compose.js');
  const inside = ownFolders(cfg).find((d) => isWithin(cfg.inputRoot!, d));
  return inside === undefined
    ? ok('input root', `${cfg.inputRoot}`)
    : bad('input root', true, `${cfg.inputRoot} lies in honne's own data (${inside}): no transcript or recording is ever read from there`, 'keep the inputs outside HONNE_DATA_DIR, HONNE_OBJECTS and HONNE_CACHE_DIR');
}

export async function doctor(o: OpsOptions, { io, setExitCode }: CommandContext): Promise<void> {
  const checks = await runChecks(o, io.env);
  const label = { ok: 'OK  ', warn: 'WARN', fail: 'FAIL' } as const;
  io.out(
    o.json
      ? JSON.stringify(checks)
      : checks.map((c) => `${label[c.status]}  ${c.name.padEnd(12)} ${c.detail}${c.fix ? `\n      fix: ${c.fix}` : ''}`).join('\n'),
  );
  if (checks.some((c) => c.status === 'fail')) setExitCode(1);
}

const MASK = '********';
/** Secrets honne may be given; shown as set or not, never their value. */
const AWS_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_ENDPOINT_URL'] as const;
const AWS_SECRETS = new Set(['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);

/** The configuration as `honne config` prints it: every secret masked. */
export function maskedConfig(cfg: Config, qc: QueueConfig, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const aws = Object.fromEntries(AWS_VARIABLES.filter((v) => env[v]).map((v) => [v, AWS_SECRETS.has(v) ? MASK : env[v]]));
  return {
    ...cfg,
    pseudonymKey: cfg.demoKey ? '(the public DEMO key)' : MASK,
    redisUrl: redactUrl(cfg.redisUrl),
    openaiApiKey: cfg.openaiApiKey === undefined ? null : MASK,
    openaiBaseUrl: cfg.openaiBaseUrl ?? null,
    inputRoot: cfg.inputRoot ?? null,
    queue: qc,
    ...(Object.keys(aws).length > 0 ? { aws } : {}),
  };
}

export async function showConfig(o: OpsOptions, { io }: CommandContext): Promise<void> {
  const shown = maskedConfig(loadConfig(io.env, { demo: o.demo ?? false }), loadQueueConfig(io.env), io.env);
  if (o.json) return io.out(JSON.stringify(shown));
  const lines: string[] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
    else lines.push(`${prefix.padEnd(32)} ${v === undefined ? '' : JSON.stringify(v)}`);
  };
  walk('', shown);
  io.out(lines.join('\n'));
}
