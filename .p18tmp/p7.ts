import { parseManifest } from '../pipeline/ingest/manifest.ts';
const deps = { companyIds: new Set(['c1']), pseudonymKey: 'test-key-0123456789', checkFile: () => undefined, analysisVersion: 'v' } as any;
const row = (o: any) => JSON.stringify({ session_id: 's1', company_id: 'c1', employee_id: 'E1', consultant_id: 'cc1', started_at: '2026-09-30T16:30:00Z', transcript_uri: 't/ok.vtt', ...o });
const lines = [row({ session_id: '2026-10-たなかはなこ' }), row({ session_id: 's-タナカ・ハナコ-1' }), row({ session_id: 's-2026-10-01-001' }), row({session_id:'s-kaede-3', employee_name: '森本 楓'})];
const r = parseManifest(Buffer.from(lines.join('\n')), '/m/s.jsonl', deps);
console.log(r.sessions.map((s) => s.session_id), r.rejects.map((x) => [x.line, x.field, x.reason.slice(0, 60)]));
