/** The choices the command line offers in its options and help, declared here so that parsing
 * the command line loads none of the modules that define them (DuckDB, pdfkit, BullMQ, zod):
 * `honne --help` stays fast. Each list is checked against its source's type: a language, format,
 * queue or split added there does not compile until it is added here. */
import type { GoldSplit } from '../pipeline/eval/gold.js';
import type { QueueName } from '../jobs/queues.js';
import type { Lang } from '../reports/i18n.js';
import type { ReportFormat } from '../reports/write.js';

export const LANGS = ['ja', 'en'] as const satisfies readonly Lang[];
export const REPORT_FORMATS = ['csv', 'pdf'] as const satisfies readonly ReportFormat[];
export const QUEUE_NAMES = ['transcribe', 'redact', 'analyze', 'store'] as const satisfies readonly QueueName[];
export const GOLD_SPLITS = ['dev', 'test', 'blind'] as const satisfies readonly GoldSplit[];

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ChoicesMatchTheirSources = [
  Assert<Same<(typeof LANGS)[number], Lang>>,
  Assert<Same<(typeof REPORT_FORMATS)[number], ReportFormat>>,
  Assert<Same<(typeof QUEUE_NAMES)[number], QueueName>>,
  Assert<Same<(typeof GOLD_SPLITS)[number], GoldSplit>>,
];
