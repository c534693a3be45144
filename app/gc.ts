/** A full garbage collection on demand, for a process that knows when a phase of its work is
 * done (`honne run`: after each chunk of sessions, and once the tokenizer is released). Without
 * `--expose-gc` on the command line: the flag is set at run time and `gc` taken from a fresh
 * context, where V8 defines it once the flag is on. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function fullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
