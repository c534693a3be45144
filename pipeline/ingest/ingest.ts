/** Ingest of one run or batch: the companies file, then the manifest checked against it. The
 * same for `honne run` and `honne batch submit`. */
import type { Company, Lineage, Session } from '../schemas.js';
import { parseCompanies } from './companies.js';
import { parseManifest, type ManifestDeps } from './manifest.js';
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
