/** Every user-facing message of the command line, in one place. */
import type { RetentionResult } from '../jobs/retention.js';
import type { AuditEntry } from '../pipeline/audit.js';
import type { SurveyImportResult } from '../pipeline/ingest/survey.js';
import type { EmergingCluster } from '../pipeline/aggregate/emerging.js';
import type { EraseCounts } from '../pipeline/erase/employee.js';
import type { RunSummary } from '../pipeline/run.js';
import type { Reject } from '../pipeline/ingest/records.js';
import type { UsageTotal } from '../pipeline/usage.js';
import type { PeriodUsage } from '../pipeline/ports/analytics-store.js';
import type { Lang } from '../reports/i18n.js';
import type { ReportFormat, WrittenReport } from '../reports/write.js';

/** What `honne run --dry-run` found and would do (also its `--json`). */
export interface DryRun {
  dryRun: true;
  companies: number;
  sessions: number;
  rejected: number;
  /** The first rejected rows (the count has them all). */
  rejects: Reject[];
  /** Valid sessions per period and company. */
  periods: { period: string; companies: Record<string, number> }[];
  store: string;
  out: string;
  formats: ReportFormat[];
  lang: Lang;
  reprocess: boolean;
  /** `--survey F`: what importing it would do (checked against the store when there is one). */
  survey?: SurveyImportResult;
}


/** A cluster as the command shows it: every count under k blank (null). */
export interface EmergingListed extends Omit<EmergingCluster, 'months' | 'previous'> {
  months: { month: string; employees: number | null }[];
  previous: number | null;
}

export interface EmergingList {
  scope: 'platform' | 'company';
  company: string | null;
  period: string;
  k: number;
  min_companies: number;
  clusters: EmergingListed[];
}

export const messages = {
  demoKey: 'warning: using the DEMO pseudonym key (development only). Set HONNE_PSEUDONYM_KEY for real data.',
  configError: (detail: string) => `configuration error: ${detail}`,
  usageError: (detail: string) => `usage error: ${detail}`,
  runStopped: (signal: string) => `stopped by ${signal}: the transcription in hand was cancelled and nothing was loaded; run again to process the sessions`,
  failure: (detail: string) => `error: ${detail}`,
  storeLocked: (path: string) => `error: the store ${path} is open in another honne process; wait for it to finish and retry`,
  runSummary(s: RunSummary, out: string): string {
    const lines = [
      `run ${s.runId}`,
      `  sessions: ${s.processed} processed, ${s.skipped} unchanged (skipped), ${s.erased ? `${s.erased} of erased employees (skipped), ` : ''}${s.expired ? `${s.expired} of periods past their lifetime (skipped), ` : ''}${s.failed.length} failed, ${s.rejected} rejected rows`,
    ];
    if (s.rejected) {
      lines.push(`  rejected rows (kept in ${s.rejectsFile}):`);
      for (const r of s.rejects) lines.push(`    ${r.file}:${r.line}${r.field ? ` ${r.field}` : ''}: ${r.reason}`);
      if (s.rejected > s.rejects.length) lines.push(`    … and ${s.rejected - s.rejects.length} more`);
    }
    if (s.failed.length) {
      lines.push(`  failed sessions (kept in ${s.failuresFile}):`);
      for (const f of s.failed.slice(0, 20)) lines.push(`    ${f.session_id} (${f.file}:${f.line}) ${f.code}: ${f.reason}`);
      if (s.failed.length > 20) lines.push(`    … and ${s.failed.length - 20} more`);
    }
    // only when an outside service was used (the local provider costs nothing)
    if (s.usage.audioSeconds > 0 || s.usage.costUsd > 0 || s.usage.cachedCalls > 0) lines.push(usageLine(s.usage));
    lines.push(...reportLines(s.reports, out));
    const t = s.timings;
    lines.push(
      `  time: ${(t.totalMs / 1000).toFixed(1)} s (ingest ${ms(t.ingestMs)}, analysis ${ms(t.processMs)}, load ${ms(t.loadMs)}, reports ${ms(t.reportMs)})`,
    );
    return lines.join('\n');
  },
  reports: (reports: WrittenReport[], out: string) => reportLines(reports, out).join('\n'),
  usageLine,
  dryRun(p: DryRun): string {
    const lines = [
      'dry run: nothing is written',
      `  inputs: ${p.companies} companies, ${p.sessions} valid session(s), ${p.rejected} rejected row(s)`,
      ...p.rejects.map((r) => `    ${r.file}:${r.line}${r.field ? ` ${r.field}` : ''}: ${r.reason}`),
      ...(p.rejected > p.rejects.length ? [`    … and ${p.rejected - p.rejects.length} more`] : []),
      ...p.periods.map((x) => `  ${x.period}: ${Object.values(x.companies).reduce((a, b) => a + b, 0)} session(s) of ${Object.keys(x.companies).length} companies`),
      `  a run would analyse the sessions not already in the store ${p.store} unchanged${p.reprocess ? ' (--reprocess: all of them)' : ''}, load them in one transaction,`,
      `  and write ${p.formats.join(' and ')} reports (${p.lang}) for each period above to ${p.out}`,
      ...(p.survey ? [messages.surveyImported(p.survey).replace(/^dry run, nothing written: /, '  ')] : []),
    ];
    return lines.join('\n');
  },
  erased: (c: EraseCounts) =>
    `erased ${c.sessions} session(s) from the store and the queue's work and records of ${c.queued} session(s) derived from that employee` +
    (c.queueFailures > 0 ? `, with ${c.queueFailures} failure record(s) of the queue` : '') +
    (c.queueRejects > 0 ? `, ${c.queueRejects} rejected row(s) kept in Redis` : '') +
    (c.operatorRows > 0 ? `, and ${c.operatorRows} row(s) of rejects.jsonl / failed.jsonl` : '') +
    (c.cacheEntries > 0 ? `; ${c.cacheEntries} model-cache entr${c.cacheEntries === 1 ? 'y' : 'ies'} removed` : ''),
  cacheCleared: (entries: number, dir: string) => `removed ${entries} cached model answer(s) from ${dir}`,
  keyRotated: (pseudonyms: number, sessions: number, objectFiles: number, variable: string) =>
    `re-pseudonymised ${pseudonyms} employee(s) under the new key in one transaction (${sessions} loaded session(s) stay unchanged for a re-run of their manifest` +
    (objectFiles > 0 ? `, ${objectFiles} object-store record file(s) rewritten` : '') +
    `); the store is bound to the new key: set HONNE_PSEUDONYM_KEY to the value of ${variable} from now on`,
  retention(r: RetentionResult): string {
    const verb = r.dryRun ? 'would delete' : 'deleted';
    const o = r.objects;
    return [
      `retention${r.dryRun ? ' (dry run: nothing deleted)' : ''}`,
      `  results: ${verb} ${r.results.sessions} session(s) of ${r.results.periods} company-period(s)` +
        (r.firstKeptPeriod ? ` before ${r.firstKeptPeriod}` : ' (kept forever)') +
        `; ${r.results.members} member(s) of the publication ledger ${r.dryRun ? 'would be' : 'are'} no longer named`,
      `  object store: ${verb} ${o.transcripts} transcript(s), ${o.recordings} recording(s), ${o.redacted} redacted text(s), ${o.results} result(s) and batch record(s)`,
      `  operator files: ${verb} ${r.operatorFiles} file(s) with ${r.operatorRows} row(s)` +
        (r.queueRecords > 0 ? `; ${r.queueRecords} record(s) of the queue` : ''),
      `  model cache: ${verb} ${r.cacheEntries} entr${r.cacheEntries === 1 ? 'y' : 'ies'}`,
    ].join('\n');
  },
  audit: (log: AuditEntry[]) =>
    log.length === 0
      ? 'the audit trail is empty'
      : log
          .map((e) => {
            const detail = Object.entries(e.detail).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ');
            return `${e.at}  ${e.action.padEnd(11)}  ${e.run_id ?? '-'}  ${detail}`;
          })
          .join('\n'),
  usage: (rows: readonly PeriodUsage[], total: Omit<PeriodUsage, 'company_id' | 'period'>) => {
    if (rows.length === 0) return 'no sessions in the store for this selection';
    const min = (sec: number) => (sec / 60).toFixed(1);
    const usd = (x: number) => x.toFixed(4);
    const head = ['company', 'period', 'sessions', 'recordings', 'cached', 'audio min', 'trimmed min', 'transcribe USD', 'analysis tokens', 'analysis USD', 'total USD'];
    const line = (r: Omit<PeriodUsage, 'company_id' | 'period'>, company: string, period: string) => [
      company, period, String(r.sessions), String(r.recordings), String(r.transcriptCached), min(r.audioSeconds), min(r.trimmedSeconds),
      usd(r.transcribeCostUsd), `${r.analysisInputTokens}+${r.analysisOutputTokens}`, usd(r.analysisCostUsd), usd(r.costUsd),
    ];
    const table = [head, ...rows.map((r) => line(r, r.company_id, r.period)), line(total, 'total', '')];
    const widths = head.map((_, i) => Math.max(...table.map((t) => t[i]!.length)));
    const text = table.map((t) => t.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
    const unrecorded = total.sessions - total.recorded;
    // costs are estimates from the price table in effect when each session ran (HONNE_PRICES)
    return [...text, ...(unrecorded > 0 ? [`${unrecorded} session(s) loaded before usage was recorded: not counted in the figures`] : []), 'costs are estimated from the prices in effect when each session was processed; a re-processed session counts once, as last processed'].join('\n');
  },
  surveyImported(r: SurveyImportResult): string {
    const lines = [`${r.dryRun ? 'dry run, nothing written: ' : ''}survey ${r.file}: ${r.rows} row(s) read; ${r.added} new, ${r.changed} changed, ${r.unchanged} unchanged; ${r.rejected} rejected`];
    if (r.rejected) {
      lines.push(r.rejectsFile ? `  rejected rows (kept in ${r.rejectsFile}):` : '  rejected rows:');
      for (const x of r.rejects) lines.push(`    ${x.file}:${x.line}${x.field ? ` ${x.field}` : ''}: ${x.reason}`);
      if (r.rejected > r.rejects.length) lines.push(`    … and ${r.rejected - r.rejects.length} more`);
    }
    return lines.join('\n');
  },
  emerging(l: EmergingList): string {
    const rule = l.scope === 'company'
      ? `each said by ${l.k} or more employees of ${l.company} and not by ${l.k} or more`
      : `each said by ${l.k} or more employees in each of ${l.min_companies} companies or more`;
    const lines = [`new topics ${l.scope === 'company' ? `of ${l.company}` : 'platform-wide'}, ${l.period} (${rule}; rising, or in two months or more; no theme covers them): ${l.clusters.length}`];
    l.clusters.forEach((c, i) => {
      const months = c.months.map((m) => `${m.month} ${m.employees ?? `<${l.k}`}`).join(', ');
      lines.push(
        `  ${i + 1}. ${c.name.join(' / ')}  ${c.employees} employees (${(c.share * 100).toFixed(1)} %)${l.scope === 'platform' ? ` in ${c.companies} companies` : ''}, ${c.trend}`,
        `     words: ${c.keywords.join(', ')}`,
        `     by month: ${months}` + (c.nearest_theme ? `; nearest theme: ${c.nearest_theme.theme} (${Math.round(c.nearest_theme.share * 100)} % of them)` : ''),
      );
    });
    return lines.join('\n');
  },
  noSessions: (company: string, period: string, periods: string[]) =>
    `error: company ${company} has no sessions in ${period} in the store; nothing written ` +
    `(${periods.length > 0 ? `its periods: ${periods.join(', ')}` : 'it has no sessions at all'})`,
  eraseFoundNothing:
    'error: nothing of this employee was found (check the employee id, --company and that HONNE_PSEUDONYM_KEY is the key the data was loaded with); ' +
    'the erasure is recorded all the same, so later runs leave the employee out',
};

function reportLines(reports: WrittenReport[], out: string): string[] {
  const files = reports.reduce((n, r) => n + r.files.length, 0);
  const lines = [`  reports: ${reports.length} company report(s), ${files} file(s) in ${out}`];
  for (const r of reports) {
    const note = r.status === 'ok' ? '' : r.status === 'below_k' ? ' (fewer than k employees: figures withheld)'
      : r.status === 'held_back' ? ' (overlaps reports already published: figures withheld)'
      : r.status === 'see_quarter' ? ' (too small for a month: see its quarter)' : ' (no sessions)';
    lines.push(`    ${r.companyId} ${r.period}: ${r.files.length} file(s)${note}`);
  }
  return lines;
}

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);

/** What outside services were used, in billed units: audio minutes sent, minutes trimmed before
 * sending (billed time saved), answers a cache gave (not paid again), and the estimated cost. */
function usageLine(u: UsageTotal): string {
  const min = (sec: number) => `${(sec / 60).toFixed(1)} min`;
  const parts = [
    `${min(u.audioSeconds)} of audio sent`,
    `${min(u.trimmedSeconds)} of silence trimmed (not billed)`,
    ...(u.inputTokens + u.outputTokens > 0 ? [`${u.inputTokens} + ${u.outputTokens} tokens`] : []),
    ...(u.cachedCalls > 0 ? [`${u.cachedCalls} answer(s) reused from the cache`] : []),
    `estimated cost ${u.costUsd.toFixed(4)} USD`,
  ];
  return `  usage: ${parts.join(', ')}`;
}
