/** TEST ONLY: `honne` whose workers inject the faults of HONNE_TEST_FAULTS (jobs/testing/faults.ts)
 * before each session stage; the production CLI does not read that variable. Runs from the
 * sources through tsx: `node bin/run-ts.mjs cli/testing/honne-with-faults.ts worker …`
 * (`HONNE_WITH_FAULTS` in spawn.ts; `startHonne(…, { faults: true })`). */
import { faultHook, parseFaults } from '../../jobs/testing/faults.js';
import { main } from '../main.js';

const faults = parseFaults(process.env['HONNE_TEST_FAULTS']);
process.exitCode = await main(process.argv, undefined, faults ? { beforeJob: faultHook(faults) } : {});
