/** Garbage collection for a process that knows its phases (`honne run`). V8 lets garbage grow
 * the heap far past what is alive before it collects (it grows the limit by a factor of the live
 * size, and the ceiling on a big machine is gigabytes), and a container's memory limit sees that
 * peak, not what is alive. Both knobs work without flags on the command line. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A full collection on demand: the `--expose-gc` flag set at run time and `gc` taken from a
 * fresh context, where V8 defines it once the flag is on. */
export function fullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** The heap grows by at most `percent` of what was alive after the last collection before the
 * next one (V8's `--heap-growing-percent`, read at every collection, so it takes effect at run
 * time): more frequent collections, a peak that follows the live size. */
export function limitHeapGrowth(percent: number): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
