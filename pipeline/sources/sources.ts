/** Reading a session's transcript or recording. The local reader handles file paths; other
 * schemes plug in through the registry (S3 comes with the object-store adapter). */
import { readFile } from 'node:fs/promises';
import { SourceError } from '../errors.js';

export type SourceReader = (uri: string, sessionId: string) => Promise<Buffer>;

export type Scheme = 'file' | 's3';

export function schemeOf(uri: string): Scheme {
  return /^s3:\/\//i.test(uri) ? 's3' : 'file';
}

export const readLocalFile: SourceReader = async (uri, sessionId) => {
  try {
    return await readFile(uri);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SourceError('SOURCE_NOT_FOUND', `file not found: ${uri}`, { file: uri, sessionId }, { cause: err });
    if (code === 'EISDIR') throw new SourceError('SOURCE_NOT_FOUND', `is a folder, not a file: ${uri}`, { file: uri, sessionId }, { cause: err });
    throw err;
  }
};

const unsupported: SourceReader = async (uri, sessionId) => {
  throw new SourceError('SOURCE_UNSUPPORTED', `no reader configured for ${uri} (S3 needs the object-store adapter)`, { file: uri, sessionId });
};

export function createSourceReader(readers: Partial<Record<Scheme, SourceReader>> = {}): SourceReader {
  const registry: Record<Scheme, SourceReader> = { file: readLocalFile, s3: unsupported, ...readers };
  return (uri, sessionId) => registry[schemeOf(uri)](uri, sessionId);
}
