/** Ingest of one run or batch: the companies file, then the manifest checked against it. The
 * same rules for `honne run` (streamed: `ingestStream`) and `honne batch submit` (whole
 * buffers: `ingest`). */
import type { AnalysisProvider } from '../ports/analysis-provider.js';
import type { Company, Lineage, Session } from '../schemas.js';
import { parseCompanies, readCompanies } from './companies.js';
import { parseManifest, streamManifest, type ManifestDeps, type ManifestItem } from './manifest.js';
import type { Reject } from './records.js';
import { checkSourceFile } from './validate.js';

export interface IngestInput {
  companies: { file: string; bytes: Buffer };
  manifest: { file: string; bytes: Buffer };
  pseudonymKey: string;
  /** The analysis that will run (the provider, or what a batch recorded of it). */
  analysis: AnalysisIdentity;
  /** The input root (HONNE_INPUT_ROOT); default: the manifest's folder. */
  inputRoot?: string;
  /** Replaces the real file check (tests). */
  checkFile?: ManifestDeps['checkFile'];
  /** ManifestDeps.caseVariants (`batch submit`). */
  caseVariants?: boolean;
}

export interface Ingested {
  companies: Company[];
  sessions: Session[];
  /** Rejected rows of both files, companies first. */
  rejects: Reject[];
}

/** What of an analysis provider decides whether a stored result is still its answer. */
export type AnalysisIdentity = Pick<AnalysisProvider, 'lineage' | 'promptHash'>;

/** The version a session fingerprint includes: a new analysis version, or new content under the
 * same version (an edited lexicon or prompt: `promptHash`), redoes the work. Results stored before
 * content hashes existed have none (`store.analysisVersions()`, key rotation). */
export const analysisVersionOf = (l: Lineage, promptHash?: string | null) =>
  `${l.provider}/${l.model}/${l.version}${promptHash ? `#${promptHash}` : ''}`;

/** Per session language: `analysisVersionOf` with that language's content hash. */
export const sessionAnalysisVersion =
  (a: AnalysisIdentity) =>
  (language: 'ja' | 'en'): string =>
    analysisVersionOf(a.lineage, a.promptHash(language));

/** One string for everything a batch's sessions may be analysed with (both languages' hashes):
 * part of a batch's id. */
export const batchAnalysisVersion = (a: AnalysisIdentity): string => `${analysisVersionOf(a.lineage)}#ja:${a.promptHash('ja')},en:${a.promptHash('en')}`;

export function ingest(input: IngestInput): Ingested {
  const comp = parseCompanies(input.companies.bytes, input.companies.file);
  const manifest = parseManifest(input.manifest.bytes, input.manifest.file, {
    companyIds: new Set(comp.companies.map((c) => c.company_id)),
    pseudonymKey: input.pseudonymKey,
    checkFile: input.checkFile ?? checkSourceFile,
    inputRoot: input.inputRoot,
    analysisVersion: sessionAnalysisVersion(input.analysis),
    ...(input.caseVariants === true ? { caseVariants: true } : {}),
  });
  return { companies: comp.companies, sessions: manifest.sessions, rejects: [...comp.rejects, ...manifest.rejects] };
}

export interface IngestFilesInput {
  companiesFile: string;
  manifestFile: string;
  pseudonymKey: string;
  /** The analysis that will run (the provider, or what a batch recorded of it). */
  analysis: AnalysisIdentity;
  /** The input root (HONNE_INPUT_ROOT); default: the manifest's folder. */
  inputRoot?: string;
  /** Replaces the real file check (tests). */
  checkFile?: ManifestDeps['checkFile'];
  /** ManifestDeps.storedEmployees: the store's employees (`honne run`). */
  storedEmployees?: ReadonlySet<string>;
  /** ManifestDeps.storedCases: the store's case keys (`honne run`). */
  storedCases?: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface IngestStream {
  companies: Company[];
  /** Rejected rows of the companies file. */
  companyRejects: Reject[];
  /** The manifest's sessions and rejected rows in line order, read as they are consumed. */
  items: AsyncGenerator<ManifestItem>;
}

/** The companies file read whole (every run needs every company), the manifest as a stream. */
export async function ingestStream(input: IngestFilesInput): Promise<IngestStream> {
  const comp = await readCompanies(input.companiesFile);
  const items = streamManifest(input.manifestFile, {
    companyIds: new Set(comp.companies.map((c) => c.company_id)),
    pseudonymKey: input.pseudonymKey,
    checkFile: input.checkFile ?? checkSourceFile,
    inputRoot: input.inputRoot,
    analysisVersion: sessionAnalysisVersion(input.analysis),
    ...(input.storedEmployees !== undefined ? { storedEmployees: input.storedEmployees } : {}),
    ...(input.storedCases !== undefined ? { storedCases: input.storedCases } : {}),
  });
  return { companies: comp.companies, companyRejects: comp.rejects, items };
}
