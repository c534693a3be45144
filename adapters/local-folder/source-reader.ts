/** The transcript-source adapter for local files (pipeline/ports/transcript-source.ts): a
 * file is read only when it is a regular file under the session's input root, no larger than
 * the cap, checked again on the open descriptor (the rules: pipeline/sources.ts). */
import { constants, type Stats } from 'node:fs';
import { open, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import { SourceError } from '../../pipeline/errors.js';
import type { SourceContext, SourceOpener, SourceReader } from '../../pipeline/ports/transcript-source.js';
import { isWithin, localPath, notRegular, outsideRoot } from '../../pipeline/sources.js';

const NOT_FOUND = new Set(['ENOENT', 'ENOTDIR']);
const OWN_FOLDER = "file lies in honne's own data (HONNE_DATA_DIR, HONNE_OBJECTS or HONNE_CACHE_DIR): a transcript or recording is never read from there";

// O_NOFOLLOW: the real path's last part swapped for a link since realpath fails instead of
// following it. O_NONBLOCK: opening a FIFO does not wait for a writer (fstat then rejects it).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

type Fail = (code: 'SOURCE_NOT_FOUND' | 'SOURCE_NOT_ALLOWED' | 'SOURCE_TOO_LARGE', message: string, cause?: unknown) => SourceError;

/** honne's own folders (its data folder, a folder object store, the model cache): never a
 * source, whatever the input root. A manifest kept beside them could otherwise name another
 * employee's cached raw transcript, or the store file, as its session's transcript, like the S3
 * reader refuses the object store's own keys. Real paths, found on first use (a folder not made
 * yet holds nothing to refuse). */
async function realOwn(own: readonly string[]): Promise<string[]> {
  return (await Promise.all(own.map((d) => realpath(d).catch(() => undefined)))).filter((d) => d !== undefined);
}

/** Opens a local file, confined to the session's root: a regular file whose real path, and
 * whose open descriptor, lie under the root and under none of honne's own folders. The caller
 * owns (and closes) the handle. */
async function openConfined(uri: string, { sessionId, root }: SourceContext, own: readonly string[]): Promise<{ fh: FileHandle; st: Stats; fail: Fail }> {
  const path = localPath(uri, root);
  const fail: Fail = (code, message, cause) => new SourceError(code, message, { file: uri, sessionId }, cause === undefined ? undefined : { cause });
  const realRoot = await realpath(root).catch((err: unknown) => {
    throw fail('SOURCE_NOT_FOUND', `the input root ${root} does not exist`, err);
  });
  const real = await realpath(path).catch((err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw NOT_FOUND.has(code) ? fail('SOURCE_NOT_FOUND', 'file not found', err) : fail('SOURCE_NOT_ALLOWED', `file cannot be resolved (${code})`, err);
  });
  if (!isWithin(real, realRoot)) throw fail('SOURCE_NOT_ALLOWED', `file ${outsideRoot(root)}`);
  const ownReal = await realOwn(own);
  const inOwn = (p: string) => ownReal.some((d) => isWithin(p, d));
  if (inOwn(real)) throw fail('SOURCE_NOT_ALLOWED', OWN_FOLDER);
  let fh: FileHandle;
  try {
    fh = await open(real, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (NOT_FOUND.has(code)) throw fail('SOURCE_NOT_FOUND', 'file not found', err);
    if (code === 'EISDIR') throw fail('SOURCE_NOT_ALLOWED', 'file is not a regular file (a folder)', err);
    throw fail('SOURCE_NOT_ALLOWED', `file cannot be opened (${code})`, err);
  }
  try {
    // From here on only the descriptor counts: renaming or relinking the path no longer
    // changes what is read.
    const st = await fh.stat();
    if (!st.isFile()) throw fail('SOURCE_NOT_ALLOWED', `file ${notRegular(st)}`);
    const opened = await openedPath(fh, st, real);
    if (opened === undefined || !isWithin(opened, realRoot)) throw fail('SOURCE_NOT_ALLOWED', `file ${outsideRoot(root)}`);
    if (inOwn(opened)) throw fail('SOURCE_NOT_ALLOWED', OWN_FOLDER);
    // A hard link has no path to follow back: a file with another name, on the device honne's
    // own data is on, may be one of its files.
    if (st.nlink > 1 && (await Promise.all(ownReal.map((d) => stat(d).then((o) => o.dev, () => undefined)))).includes(st.dev)) {
      throw fail('SOURCE_NOT_ALLOWED', "file has another name (a hard link) on the device of honne's own data: a transcript or recording must be a file of its own");
    }
    return { fh, st, fail };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** The reader for local files (transcripts), confined to the session's root and out of `own`
 * (honne's own folders), capped at `maxBytes`. */
export function createLocalReader(maxBytes: number, own: readonly string[] = []): SourceReader {
  return async (uri, ctx) => {
    const { fh, st, fail } = await openConfined(uri, ctx, own);
    try {
      const tooLarge = (size: string) => fail('SOURCE_TOO_LARGE', `file is ${size} bytes, over the limit of ${maxBytes} bytes (HONNE_MAX_TRANSCRIPT_BYTES)`);
      if (st.size > maxBytes) throw tooLarge(String(st.size));
      const buf = await readAtMost(fh, maxBytes + 1, st.size + 1);
      if (buf.length > maxBytes) throw tooLarge('more than ' + maxBytes);
      return buf;
    } finally {
      await fh.close();
    }
  };
}

/** The opener for local files (recordings): the same confinement, streamed from the open
 * descriptor in 1 MB chunks, so a long recording never sits in memory; capped at `maxBytes`
 * (a file that grows past the cap while it is read ends the stream with SOURCE_TOO_LARGE). */
export function createLocalOpener(maxBytes: number, own: readonly string[] = []): SourceOpener {
  return async (uri, ctx) => {
    const { fh, st, fail } = await openConfined(uri, ctx, own);
    const tooLarge = (size: string) => fail('SOURCE_TOO_LARGE', `file is ${size} bytes, over the limit of ${maxBytes} bytes (HONNE_MAX_RECORDING_BYTES)`);
    if (st.size > maxBytes) {
      await fh.close();
      throw tooLarge(String(st.size));
    }
    async function* chunks(): AsyncGenerator<Uint8Array> {
      try {
        let total = 0;
        for (;;) {
          const buf = Buffer.allocUnsafe(1024 * 1024);
          const { bytesRead } = await fh.read(buf, 0, buf.length, null);
          if (bytesRead === 0) return;
          total += bytesRead;
          if (total > maxBytes) throw tooLarge('more than ' + maxBytes);
          yield buf.subarray(0, bytesRead);
        }
      } finally {
        await fh.close();
      }
    }
    return { size: st.size, stream: chunks() };
  };
}

/** The open descriptor's file as a path. Linux names it in /proc (a folder on the path swapped
 * for a link between realpath and open shows there); elsewhere the real path, when it still
 * resolves to the same file; undefined when it does not. */
async function openedPath(fh: FileHandle, st: Stats, real: string): Promise<string | undefined> {
  const opened = await readlink(`/proc/self/fd/${fh.fd}`).catch(() => undefined);
  if (opened !== undefined) return opened;
  const [again, now] = await Promise.all([realpath(real).catch(() => ''), stat(real).catch(() => undefined)]);
  return again === real && now !== undefined && now.dev === st.dev && now.ino === st.ino ? real : undefined;
}

/** Reads up to `limit` bytes (never more), in one read when the file is the size fstat gave. */
export async function readAtMost(fh: FileHandle, limit: number, expected: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  let want = Math.min(expected, limit);
  while (want > 0) {
    const buf = Buffer.allocUnsafe(want);
    const { bytesRead } = await fh.read(buf, 0, want, null);
    if (bytesRead === 0) break;
    chunks.push(buf.subarray(0, bytesRead));
    total += bytesRead;
    want = Math.min(64 * 1024, limit - total);
  }
  return Buffer.concat(chunks, total);
}
