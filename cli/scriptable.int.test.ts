/** The command line as scripts use it, spawned as users run it (bin/honne.mjs → dist/):
 * --version, exit codes, .env, `config` (secrets masked), `doctor`, `run --dry-run` and `--json`. */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHonne } from './testing/spawn.js';

const repo = resolve(import.meta.dirname, '..');
const fixtures = join(repo, 'fixtures');
const root = mkdtempSync(join(tmpdir(), 'honne-scriptable-'));
const KEY = 'scriptable-test-key-0123456789abcdef';
const base = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: KEY, HONNE_INPUT_ROOT: fixtures };
const cwd = root;
let manifest: string;

beforeAll(() => {
  // 20 fixture sessions (transcripts by absolute path under HONNE_INPUT_ROOT) and one bad row
  const rows = readFileSync(join(fixtures, 'sessions.jsonl'), 'utf8').trim().split('\n').slice(0, 20)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map((r) => JSON.stringify({ ...r, transcript_uri: join(fixtures, String(r['transcript_uri'])) }));
  manifest = join(root, 'manifest.jsonl');
  writeFileSync(manifest, [...rows, '{"session_id": "broken",'].join('\n') + '\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the command line for scripts', () => {
  it('--version prints the package version', async () => {
    const r = await runHonne(['--version'], { cwd, env: base });
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('names a missing input file and exits 2 (a usage error), not a raw ENOENT', async () => {
    const r = await runHonne(['run', '--companies', 'nope.csv', '--manifest', manifest], { cwd, env: base });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage error: --companies: no such file "nope.csv"');
    expect(r.stderr).not.toContain('ENOENT');
    expect(existsSync(join(root, 'data'))).toBe(false);
  });

  it('reads .env from the working folder, never over the environment', async () => {
    const dir = mkdtempSync(join(root, 'env-'));
    writeFileSync(join(dir, '.env'), `HONNE_K=7\nHONNE_BENCHMARK_MIN_COMPANIES=6\nHONNE_PSEUDONYM_KEY=${KEY}\n`, { mode: 0o600 });
    const r = await runHonne(['config', '--json'], { cwd: dir, env: { HONNE_K: '9' } });
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as { k: number; benchmarkMinCompanies: number; demoKey: boolean };
    expect(c.k).toBe(9);
    expect(c.benchmarkMinCompanies).toBe(6);
    expect(c.demoKey).toBe(false);
    // a command that loads the analysis reads the same .env, and its stdout stays one JSON text
    const dry = await runHonne(['run', '--companies', join(fixtures, 'companies.csv'), '--manifest', manifest, '--dry-run', '--json'], { cwd: dir, env: { HONNE_INPUT_ROOT: fixtures } });
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, sessions: 20 });
  });

  it('refuses a .env that other accounts of the host can read the key from, or change', async () => {
    const dir = mkdtempSync(join(root, 'env-open-'));
    const dotenv = join(dir, '.env');
    // written as an operator's editor writes it, under the usual umask 022
    writeFileSync(dotenv, `HONNE_PSEUDONYM_KEY=${KEY}\n`);
    chmodSync(dotenv, 0o644);
    for (const args of [['config', '--json'], ['run', '--companies', join(fixtures, 'companies.csv'), '--manifest', manifest, '--dry-run'], ['doctor']]) {
      const r = await runHonne(args, { cwd: dir, env: { HONNE_INPUT_ROOT: fixtures } });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('.env holds HONNE_PSEUDONYM_KEY and other accounts can read it (mode 0644)');
      expect(r.stdout + r.stderr).not.toContain(KEY);
    }
    // another account could point the uploads elsewhere: refused even with no secret in it
    writeFileSync(dotenv, 'OPENAI_BASE_URL=http://127.0.0.1:9/v1\n');
    chmodSync(dotenv, 0o666);
    expect((await runHonne(['config', '--json'], { cwd: dir, env: base })).stderr).toContain('.env can be changed by other accounts (mode 0666)');
    // the owner's alone: used; help and version answer whatever the .env
    writeFileSync(dotenv, `HONNE_PSEUDONYM_KEY=${KEY}\n`);
    chmodSync(dotenv, 0o644);
    expect((await runHonne(['--version'], { cwd: dir, env: {} })).code).toBe(0);
    chmodSync(dotenv, 0o600);
    const ok = await runHonne(['config', '--json'], { cwd: dir, env: {} });
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as { demoKey: boolean }).demoKey).toBe(false);
  });

  it('`config` prints the effective configuration with every secret masked', async () => {
    const secrets = { HONNE_PSEUDONYM_KEY: 'a-real-secret-key-XYZ-0987654321', OPENAI_API_KEY: 'sk-secret-openai-4242', AWS_SECRET_ACCESS_KEY: 'aws-secret-9f9f9f', AWS_SESSION_TOKEN: 'aws-token-7e7e' };
    const env = { ...base, ...secrets, REDIS_URL: 'redis://user:redis-pass-5151@127.0.0.1:6390', AWS_REGION: 'ap-northeast-1' };
    for (const args of [['config', '--json'], ['config']]) {
      const r = await runHonne(args, { cwd, env });
      expect(r.code, r.stderr).toBe(0);
      for (const s of [...Object.values(secrets), 'redis-pass-5151']) {
        expect(r.stdout).not.toContain(s);
        expect(r.stderr).not.toContain(s);
      }
      expect(r.stdout).toContain('ap-northeast-1');
      expect(r.stdout).toContain('127.0.0.1:6390');
    }
    const c = JSON.parse((await runHonne(['config', '--json'], { cwd, env })).stdout) as Record<string, unknown>;
    expect(c['pseudonymKey']).toBe('********');
    expect(c['openaiApiKey']).toBe('********');
    expect(c['k']).toBe(5);
    expect((c['queue'] as Record<string, unknown>)['prefix']).toBe('honne');
  });

  it('`doctor` says OK or the fix for each check, and fails only on what is required', async () => {
    const good = await runHonne(['doctor', '--json'], { cwd, env: { ...base, REDIS_URL: 'redis://127.0.0.1:1' } });
    expect(good.code, good.stdout + good.stderr).toBe(0);
    const checks = JSON.parse(good.stdout) as { name: string; status: string; fix?: string }[];
    const byName = new Map(checks.map((c) => [c.name, c]));
    expect(byName.get('config')?.status).toBe('ok');
    expect(byName.get('fonts')?.status).toBe('ok');
    expect(byName.get('object store')?.status).toBe('ok');
    expect(byName.get('redis')).toMatchObject({ status: 'warn', fix: expect.stringContaining('REDIS_URL') });
    expect(byName.has('ffmpeg')).toBe(true);

    const broken = await runHonne(['doctor'], { cwd, env: { ...base, HONNE_K: '1' } });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^FAIL {2}config +HONNE_K must be at least 3/m);
    expect(broken.stdout).toContain('fix: ');

    const openai = await runHonne(['doctor', '--json'], { cwd, env: { ...base, HONNE_PROVIDER: 'openai', OPENAI_API_KEY: '' } });
    expect(openai.code).toBe(1);
    expect(JSON.parse(openai.stdout)).toContainEqual(expect.objectContaining({ name: 'openai', status: 'fail' }));

    // inputs kept inside honne's own data: every session would be refused
    mkdirSync(join(cwd, 'data', 'inputs'), { recursive: true });
    const inside = await runHonne(['doctor', '--json'], { cwd, env: { ...base, HONNE_INPUT_ROOT: join(cwd, 'data', 'inputs') } });
    expect(inside.code).toBe(1);
    expect(JSON.parse(inside.stdout)).toContainEqual(expect.objectContaining({ name: 'input root', status: 'fail' }));
  });

  // three CLI processes, each loading the tokenizer: minutes on a loaded 2-core machine
  it('`run --dry-run` validates the inputs, says what would run and writes nothing; the run then does what it said', { timeout: 240_000 }, async () => {
    const out = join(root, 'out');
    const args = ['run', '--companies', join(fixtures, 'companies.csv'), '--manifest', manifest, '--out', out, '--format', 'csv'];
    const text = await runHonne([...args, '--dry-run'], { cwd, env: base });
    expect(text.code).toBe(1); // one rejected row, as a run
    expect(text.stdout).toContain('dry run: nothing is written');
    expect(text.stdout).toContain(`${manifest}:21: invalid JSON`);
    expect(text.stdout).toContain('20 valid session(s), 1 rejected row(s)');
    const dry = JSON.parse((await runHonne([...args, '--dry-run', '--json'], { cwd, env: base })).stdout) as { sessions: number; rejected: number; out: string; periods: { period: string; companies: Record<string, number> }[] };
    expect(dry).toMatchObject({ sessions: 20, rejected: 1, out });
    expect(dry.periods.flatMap((p) => Object.values(p.companies)).reduce((a, b) => a + b, 0)).toBe(20);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(root, 'data', 'honne.duckdb'))).toBe(false);

    const run = await runHonne([...args, '--json'], { cwd, env: base });
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as { processed: number; failed: unknown[]; rejected: number; out: string; reports: { period: string }[]; usage: unknown };
    expect(summary.processed + summary.failed.length).toBe(dry.sessions);
    // one analysis per processed session, by the local provider: nothing used, nothing cached
    expect(summary.usage).toEqual({ calls: summary.processed, cachedCalls: 0, inputTokens: 0, outputTokens: 0, audioSeconds: 0, trimmedSeconds: 0, costUsd: 0 });
    expect(summary.rejected).toBe(dry.rejected);
    expect(summary.out).toBe(out);
    // One report per company and month with sessions, plus the quarter of each month too small
    // to report (written instead of that month's figures, which point to it); the report step
    // shows its progress on stderr (a line, not a bar: no terminal) and stdout stays one JSON object.
    const months = new Set(dry.periods.map((p) => p.period));
    const quarterOf = (m: string) => `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5, 7)) / 3)}`;
    expect(summary.reports.filter((r) => months.has(r.period)).length).toBe(dry.periods.reduce((a, p) => a + Object.keys(p.companies).length, 0));
    for (const r of summary.reports) expect(months.has(r.period) || [...months].some((m) => quarterOf(m) === r.period), r.period).toBe(true);
    // the progress counts the company-months with sessions (the quarters follow them)
    const n = summary.reports.filter((r) => months.has(r.period)).length;
    expect(run.stderr).toContain(`writing ${n} report(s)\n`);
    expect(run.stderr).toMatch(new RegExp(`^reports ${n}/${n} \\(100%\\) `, 'm'));

    // the text summary says where the reports went; report and audit answer in JSON too
    const again = await runHonne(args, { cwd, env: base });
    expect(again.stdout).toContain(`file(s) in ${out}`);
    const period = dry.periods[0]!.period;
    const company = Object.keys(dry.periods[0]!.companies)[0]!;
    const rep = await runHonne(['report', '--company', company, '--period', period, '--format', 'csv', '--out', out, '--json'], { cwd, env: base });
    expect(rep.code, rep.stderr).toBe(0);
    expect(JSON.parse(rep.stdout)).toMatchObject({ out, reports: [expect.objectContaining({ companyId: company, period })] });
    const audit = JSON.parse((await runHonne(['audit', '--json'], { cwd, env: base })).stdout) as { action: string }[];
    expect(audit.filter((e) => e.action === 'run')).toHaveLength(2);

    const erase = await runHonne(['erase', '--employee', 'nobody-at-all', '--json'], { cwd, env: base });
    expect(erase.code).toBe(1);
    expect(JSON.parse(erase.stdout)).toEqual({ sessions: 0, queued: 0, queueFailures: 0, queueRejects: 0, operatorRows: 0, cacheEntries: 0 });
  });
});
