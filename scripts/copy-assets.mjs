// Copies the data files tsc does not emit (anything read at run time through a URL beside the
// module, not imported) into dist/, so the compiled CLI finds them where the sources do.
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ASSETS = ['pipeline/redact/data/name-model.json.gz'];

// The prompt templates of every saved version (prompts/<name>/<version>/*.md; not working/).
for (const name of readdirSync('prompts', { withFileTypes: true }).filter((d) => d.isDirectory())) {
  for (const version of readdirSync(join('prompts', name.name), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'working')) {
    const dir = join('prompts', name.name, version.name);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) ASSETS.push(join(dir, file));
  }
}

for (const file of ASSETS) cpSync(file, `dist/${file}`);
