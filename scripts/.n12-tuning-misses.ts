import { readFileSync, writeFileSync } from 'node:fs';
import { loadJapaneseTokenizer } from '../pipeline/analyze/tokenizer.js';
import { parseCheckSentences, selectSplit, redactedMask } from '../pipeline/eval/ner-check.js';
import { goldSession } from '../pipeline/eval/run.js';
import { redactStage } from '../pipeline/session.js';
const file = 'fixtures/ner-check/gsd-names.jsonl';
const sentences = selectSplit(parseCheckSentences(readFileSync(file, 'utf8'), file), 'tuning', file);
const tokenizer = await loadJapaneseTokenizer();
const lines: string[] = [];
for (const s of sentences) {
  const session = goldSession({ id: s.id, language: 'ja', transcript: file, labels: { themes: [], retention_risk: 'low', mental_health_risk: 'low', pii: [] } }, { file, line: 0, root: '.' });
  const transcript = { format: 'text' as const, encoding: 'utf-8', segments: [{ start: null, end: null, speaker: 'client', role: 'client' as const, text: s.text }] };
  const red = redactStage(session, transcript, { tokenizer }).segments[0]?.text ?? s.text;
  const mask = redactedMask(s.text, red);
  if (mask === null) continue;
  for (const n of s.names) {
    const covered = mask.slice(n.start, n.end).every(Boolean);
    const any = mask.slice(n.start, n.end).some(Boolean);
    if (n.label === 'PERSON' && !covered) lines.push(`MISS\t${s.text.slice(n.start, n.end)}\t${s.text.slice(Math.max(0, n.start - 15), n.start)}【${s.text.slice(n.start, n.end)}】${s.text.slice(n.end, n.end + 15)}`);
    if (n.label !== 'PERSON' && any) lines.push(`OVER\t${n.label}\t${s.text.slice(n.start, n.end)}`);
  }
}
writeFileSync(process.argv[2] ?? '/tmp/n12/tuning.txt', lines.join('\n') + '\n');
