/** Where a session's transcript or recording is read from: the scheme → reader dispatch (one
 * reader per scheme, pipeline/ports/transcript-source.ts) and the path rules that ingest
 * (pipeline/ingest/validate.ts) and the local reader (adapters/local-folder/source-reader.ts)
 * share.
 *
 * The manifest names the files, and whoever writes the manifest must not be able to make us
 * read anything else: a local file is read only when its real path (symlinks resolved) lies
 * under the session's input root (the manifest's folder, or HONNE_INPUT_ROOT), when it is a
 * regular file (never a device, FIFO or folder) and when it is no larger than the cap. Ingest
 * checks this by name; the reader checks it again on the open descriptor, since the file may
 * have changed in between. */
import type { Stats } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scheme, SourceOpener, SourceReader } from './ports/transcript-source.js';

/** A 90-minute transcript is well under 1 MB. */
export const DEFAULT_MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024;
/** A 90-minute video recording is a few GB; audio alone far less. */
export const DEFAULT_MAX_RECORDING_BYTES = 8 * 1024 * 1024 * 1024;

export function schemeOf(uri: string): Scheme {
  return /^s3:\/\//i.test(uri) ? 's3' : 'file';
}

/** One reader for every location: each scheme's reader, picked by the location's scheme. A
 * scheme added to `Scheme` fails to compile until the composition root gives it a reader. */
export function sourceReaderOf(readers: Readonly<Record<Scheme, SourceReader>>): SourceReader {
  return (uri, ctx) => readers[schemeOf(uri)](uri, ctx);
}

/** The same dispatch for streamed opens (recordings). */
export function sourceOpenerOf(openers: Readonly<Record<Scheme, SourceOpener>>): SourceOpener {
  return (uri, ctx) => openers[schemeOf(uri)](uri, ctx);
}

/** A local location as an absolute path: `file://` URIs converted, relative paths against `base`. */
export function localPath(uri: string, base: string): string {
  if (/^file:\/\//i.test(uri)) return fileURLToPath(uri);
  return isAbsolute(uri) ? uri : resolve(base, uri);
}

/** Whether a real path lies under a real root folder (both already symlink-free). */
export function isWithin(realFile: string, realRoot: string): boolean {
  const rel = relative(realRoot, realFile);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** Why a file that is not a regular file may not be read: what it is. */
export function notRegular(st: Stats): string {
  const kind = st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a file';
  return `is not a regular file (${kind})`;
}

export const outsideRoot = (root: string) => `resolves outside the input root (${root})`;
