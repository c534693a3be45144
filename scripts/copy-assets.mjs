// Copies the data files tsc does not emit (anything read at run time through a URL beside the
// module, not imported) into dist/, so the compiled CLI finds them where the sources do.
import { cpSync } from 'node:fs';

const ASSETS = ['pipeline/redact/data/name-model.json.gz'];

for (const file of ASSETS) cpSync(file, `dist/${file}`);
