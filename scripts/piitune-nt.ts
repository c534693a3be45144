import { nameType } from '../pipeline/redact/names.js';
for (const s of process.argv.slice(2)) console.log(s, nameType(s));
