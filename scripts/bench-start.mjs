#!/usr/bin/env node
// Start-up time of the command line (`npm run bench:start`): runs `honne --help` and other
// cheap commands N times each (hyperfine-style: a warm-up, then the runs) beside a bare
// `node -e 0`, and prints min / median / mean in ms. Numbers only, never an assertion.
//   node scripts/bench-start.mjs [--runs 20]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 20);
const honne = fileURLToPath(new URL('../bin/honne.mjs', import.meta.url));
const cases = [
  ['node -e 0 (the floor)', ['-e', '0']],
  ['honne --help', [honne, '--help']],
  ['honne --version', [honne, '--version']],
  ['honne batch --help', [honne, 'batch', '--help']],
];

for (const [label, args] of cases) {
  spawnSync(process.execPath, args, { stdio: 'ignore' });
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${label} exited with ${r.status}`);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / runs;
  console.log(`${label.padEnd(24)} min ${times[0].toFixed(0).padStart(5)} ms  median ${times[Math.floor(runs / 2)].toFixed(0).padStart(5)} ms  mean ${mean.toFixed(0).padStart(5)} ms  (${runs} runs)`);
}
