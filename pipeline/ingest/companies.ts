import { CompanySchema, type Company } from '../schemas.js';
import { readRecords, type Reject } from './records.js';
import { validateRecord } from './validate.js';

export interface CompaniesResult {
  companies: Company[];
  rejects: Reject[];
}

/** Companies from CSV or JSONL: bad and duplicate rows become rejects, the rest go on. */
export function parseCompanies(buf: Buffer, file: string): CompaniesResult {
  const { records, rejects } = readRecords(buf, file);
  const companies: Company[] = [];
  const seen = new Set<string>();
  for (const rec of records) {
    const v = validateRecord(CompanySchema, rec, file);
    if (!v.ok) {
      rejects.push(v.reject);
      continue;
    }
    if (seen.has(v.value.company_id)) {
      rejects.push({ file, line: rec.line, field: 'company_id', reason: `duplicate company_id "${v.value.company_id}"`, raw: rec.raw });
      continue;
    }
    seen.add(v.value.company_id);
    companies.push(v.value);
  }
  return { companies, rejects: rejects.sort((a, b) => a.line - b.line) };
}
