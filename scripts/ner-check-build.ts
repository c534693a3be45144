/** Builds `fixtures/ner-check/gsd-names.jsonl` — the independent name check's data — from the
 * named-entity files of UD_Japanese-GSD (Megagon Labs' NE layer, CC BY-SA 4.0; see
 * fixtures/ner-check/README.md). Run once, by hand, on a checkout of that repository:
 *
 *   node bin/run-ts.mjs scripts/ner-check-build.ts --corpus /path/to/UD_Japanese-GSD [--out FILE]
 *
 * Keeps the sentences with a person (must be redacted) or a product, event or work of art (must
 * survive), with those entities as character offsets. Prints counts only: nobody on the team
 * reads the sentences (see `npm run check:names`). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KEPT_LABELS, type CheckSentence } from '../pipeline/eval/ner-check.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    out: { type: 'string', default: 'fixtures/ner-check/gsd-names.jsonl' },
  },
});
if (values.corpus === undefined) {
  console.error('usage: ner-check-build.ts --corpus DIR (a checkout of UniversalDependencies/UD_Japanese-GSD with stanza/*.bio)');
  process.exit(2);
}

/** Latin words were separate tokens with a space between them; Japanese has none. */
const latinEdge = /[A-Za-z0-9]$/u;
const latinStart = /^[A-Za-z0-9]/u;

/** One BIO file (token TAB tag, a blank line between sentences) as sentences with entity spans. */
function readBio(file: string, split: string): CheckSentence[] {
  const out: CheckSentence[] = [];
  const blocks = readFileSync(file, 'utf8').split(/\n\s*\n/u);
  blocks.forEach((block, i) => {
    const rows = block.split('\n').filter((l) => l.trim() !== '').map((l) => l.split('\t'));
    if (rows.length === 0) return;
    let text = '';
    const entities: Array<{ start: number; end: number; label: string }> = [];
    for (const [token = '', tag = 'O'] of rows) {
      if (latinEdge.test(text) && latinStart.test(token)) text += ' ';
      const start = text.length;
      text += token;
      const [bio, label = ''] = tag.split('-', 2) as [string, string?];
      const last = entities.at(-1);
      if (bio === 'I' && last !== undefined && last.label === label && last.end <= start) last.end = text.length;
      else if (bio === 'B' || bio === 'I') entities.push({ start, end: text.length, label });
    }
    const names = entities.flatMap((e, k) => {
      if (!(KEPT_LABELS as readonly string[]).includes(e.label)) return [];
      const next = entities[k + 1];
      const titled = e.label === 'PERSON' && next !== undefined && next.label === 'TITLE_AFFIX' && next.start === e.end;
      return [{ start: e.start, end: e.end, label: e.label as CheckSentence['names'][number]['label'], ...(e.label === 'PERSON' ? { titled } : {}) }];
    });
    if (names.length > 0) out.push({ id: `${split}-${String(i + 1).padStart(5, '0')}`, text, names });
  });
  return out;
}

const sentences = ['train', 'dev', 'test'].flatMap((split) => readBio(join(values.corpus as string, 'stanza', `${split}.bio`), split));
writeFileSync(values.out, sentences.map((s) => JSON.stringify(s)).join('\n') + '\n');
const count = (label: string) => sentences.reduce((n, s) => n + s.names.filter((x) => x.label === label).length, 0);
console.log(`${sentences.length} sentences → ${values.out}`);
for (const label of KEPT_LABELS) console.log(`  ${label}: ${count(label)}`);
