/** Ingest of one run or batch: the companies file, then the manifest checked against it. The
 * same rules for `honne run` (streamed: `ingestStream`) and `honne batch submit` (whole
 * buffers: `ingest`). */
import type { Company, Lineage, Session } from '../schemas.js';
import { parseCompanies, readCompanies } from './companies.js';
import { parseManifest, streamManifest, type ManifestDeps, type ManifestItem } from './manifest.js';
import type { Reject } from './records.js';
import { checkSourceFile } from './validate.js';

export interface IngestInput {
  companies: { file: string; bytes: Buffer };
  manifest: { file: string; bytes: Buffer };
  pseudonymKey: string;
  lineage: Lineage;
  /** The input root (HONNE_INPUT_ROOT); default: the manifest's folder. */
  inputRoot?: string;
  /** Replaces the real file check (tests). */
  checkFile?: ManifestDeps['checkFile'];
}

export interface Ingested {
  companies: Company[];
  sessions: Session[];
  /** Rejected rows of both files, companies first. */
  rejects: Reject[];
}

/** The version every session fingerprint includes: a new analysis version redoes the work. */
export const analysisVersionOf = (l: Lineage) => `${l.provider}/${l.model}/${l.version}`;

export function ingest(input: IngestInput): Ingested {
  const comp = parseCompanies(input.companies.bytes, input.companies.file);
  const manifest = parseManifest(input.manifest.bytes, input.manifest.file, {
    companyIds: new Set(comp.companies.map((c) => c.company_id)),
    pseudonymKey: input.pseudonymKey,
    checkFile: input.checkFile ?? checkSourceFile,
    inputRoot: input.inputRoot,
    analysisVersion: analysisVersionOf(input.lineage),
  });
  return { companies: comp.companies, sessions: manifest.sessions, rejects: [...comp.rejects, ...manifest.rejects] };
}

export interface IngestFilesInput {
  companiesFile: string;
  manifestFile: string;
  pseudonymKey: string;
  lineage: Lineage;
  /** The input root (HONNE_INPUT_ROOT); default: the manifest's folder. */
  inputRoot?: string;
  /** Replaces the real file check (tests). */
  checkFile?: ManifestDeps['checkFile'];
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
    analysisVersion: analysisVersionOf(input.lineage),
  });
  return { companies: comp.companies, companyRejects: comp.rejects, items };
}
