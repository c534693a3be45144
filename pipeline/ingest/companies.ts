import { CompanySchema, type Company } from '../schemas.js';
import { readRecords, streamRecords, type ReadItem, type Reject, type StreamOptions } from './records.js';
import { validateRecord } from './validate.js';

export interface CompaniesResult {
  companies: Company[];
  rejects: Reject[];
}

/** Companies from CSV or JSONL: bad and duplicate rows become rejects, the rest go on. */
export function parseCompanies(buf: Buffer, file: string): CompaniesResult {
  const { records, rejects } = readRecords(buf, file);
  const out: CompaniesResult = { companies: [], rejects };
  const add = companyAdder(file, out);
  for (const record of records) add({ record });
  return { companies: out.companies, rejects: rejects.sort((a, b) => a.line - b.line) };
}

/** The same from the file, read as a stream (the companies themselves are kept: every run needs them all). */
export async function readCompanies(file: string, opts: StreamOptions = {}): Promise<CompaniesResult> {
  const out: CompaniesResult = { companies: [], rejects: [] };
  const add = companyAdder(file, out);
  for await (const item of streamRecords(file, opts)) add(item);
  return { companies: out.companies, rejects: out.rejects.sort((a, b) => a.line - b.line) };
}

function companyAdder(file: string, out: CompaniesResult): (item: ReadItem) => void {
  const seen = new Set<string>();
  return ({ record: rec, reject }) => {
    if (!rec) return void out.rejects.push(reject);
    const v = validateRecord(CompanySchema, rec, file);
    if (!v.ok) return void out.rejects.push(v.reject);
    if (seen.has(v.value.company_id)) {
      out.rejects.push({ file, line: rec.line, field: 'company_id', reason: `duplicate company_id "${v.value.company_id}"`, raw: rec.raw });
      return;
    }
    seen.add(v.value.company_id);
    out.companies.push(v.value);
  };
}
