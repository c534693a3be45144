import { parseManifest } from '../pipeline/ingest/manifest.ts';
import { MAX_LINE_CHARS } from '../pipeline/ingest/records.ts';
const deps = { companyIds: new Set(['c1']), pseudonymKey: 'test-key-0123456789', checkFile: () => undefined, analysisVersion: 'v' } as any;
const pad = 'x'.repeat(MAX_LINE_CHARS);
const lines = [
  JSON.stringify({ session_id: 's1', department: '森本チーム', note: pad, employee_name: '森本 楓' }),
  JSON.stringify({ session_id: 's2', department: '森本チーム', employee_name: '森本 楓', note: pad }),
  JSON.stringify({ session_id: 's3', consultant_id: 'kaede-m', note: pad, employee_name: '森本 楓' }),
];
const r = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
for (const x of r.rejects) console.log(x.line, x.field, x.reason.slice(0, 120), '|', x.raw.slice(0, 160), x.raw.length);
