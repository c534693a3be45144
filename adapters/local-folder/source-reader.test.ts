/** The local reader as an attacker who writes the manifest (or swaps files after ingest) would
 * use it: only regular files under the session's root are read, FIFOs and devices neither
 * hang nor fill memory, and the size cap holds. Real files, links and FIFOs in a temp folder. */
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../pipeline/errors.js';
import { checkSourceFile } from '../../pipeline/ingest/validate.js';
import type { SourceOpener, SourceReader } from '../../pipeline/ports/transcript-source.js';
import { sourceOpenerOf, sourceReaderOf } from '../../pipeline/sources.js';
import { createLocalOpener, createLocalReader, readAtMost } from './source-reader.js';

const base = mkdtempSync(join(tmpdir(), 'honne-sources-'));
const root = join(base, 'manifest');
const outside = join(base, 'outside');
mkdirSync(join(root, 't'), { recursive: true });
mkdirSync(outside);
const SECRET = 'SECRET-WORD-outside-the-root';
writeFileSync(join(outside, 'secret.txt'), `A: ${SECRET}\n`);
writeFileSync(join(root, 't', 'ok.txt'), 'A: こんにちは\n');
symlinkSync(join(outside, 'secret.txt'), join(root, 't', 'link-out.txt'));
symlinkSync(join(root, 't', 'ok.txt'), join(root, 'link-in.txt'));
symlinkSync(outside, join(root, 'dir-link'));
execFileSync('mkfifo', [join(root, 't', 'fifo.txt')]);
afterAll(() => rmSync(base, { recursive: true, force: true }));

// A registry without S3 (app/compose.ts registers adapters/s3): every s3:// read fails, permanently.
const noS3 = (uri: string, sessionId: string) => new SourceError('SOURCE_UNSUPPORTED', `no reader configured for ${uri}`, { file: uri, sessionId });
const noS3Reader: SourceReader = async (uri, { sessionId }) => {
  throw noS3(uri, sessionId);
};
const noS3Opener: SourceOpener = async (uri, { sessionId }) => {
  throw noS3(uri, sessionId);
};

const CAP = 1000;
// As the composition root (app/compose.ts) builds it.
const read = sourceReaderOf({ file: createLocalReader(CAP), s3: noS3Reader });
const ctx = { sessionId: 's1', root };

async function failure(uri: string, r = root): Promise<SourceError> {
  const err = await read(uri, { sessionId: 's1', root: r }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, uri).toBeInstanceOf(SourceError);
  const e = err as SourceError;
  expect(e.retryable).toBe(false);
  expect(e.context).toMatchObject({ file: uri, sessionId: 's1' });
  expect(e.describe()).not.toContain(SECRET);
  return e;
}

describe('the local reader', () => {
  it('reads a regular file under the root, directly, relative to it, as file:// and through a link that stays inside', async () => {
    for (const uri of [join(root, 't', 'ok.txt'), 't/ok.txt', pathToFileURL(join(root, 't', 'ok.txt')).href, join(root, 'link-in.txt')]) {
      expect((await read(uri, ctx)).toString(), uri).toBe('A: こんにちは\n');
    }
  });

  it('refuses files that resolve outside the root: ../, absolute, file://, a link, a linked folder', async () => {
    for (const uri of ['../outside/secret.txt', join(outside, 'secret.txt'), pathToFileURL(join(outside, 'secret.txt')).href, '/etc/hostname', join(root, 't', 'link-out.txt'), join(root, 'dir-link', 'secret.txt'), '../../../../etc/passwd']) {
      const e = await failure(uri);
      expect([e.code, e.message], uri).toEqual(['SOURCE_NOT_ALLOWED', `file resolves outside the input root (${root})`]);
    }
  });

  it('does not hang on a FIFO under the root', async () => {
    // Before: readFile waited for a writer forever (this test timed out).
    const e = await failure(join(root, 't', 'fifo.txt'));
    expect([e.code, e.message]).toEqual(['SOURCE_NOT_ALLOWED', 'file is not a regular file (a FIFO)']);
  });

  it('does not read a device even when the root allows it, nor a folder', async () => {
    // Before: /dev/zero was read until memory ran out.
    const dev = await failure('/dev/zero', '/dev');
    expect([dev.code, dev.message]).toEqual(['SOURCE_NOT_ALLOWED', 'file is not a regular file (a device)']);
    const dir = await failure(join(root, 't'));
    expect([dir.code, dir.message]).toEqual(['SOURCE_NOT_ALLOWED', 'file is not a regular file (a folder)']);
  });

  it('fails a file over the cap, naming the cap and the file, and reads one at the cap', async () => {
    const at = join(root, 't', 'at-cap.txt');
    writeFileSync(at, 'a'.repeat(CAP));
    expect((await read(at, ctx)).length).toBe(CAP);
    const big = join(root, 't', 'big.txt');
    writeFileSync(big, '');
    truncateSync(big, 200 * 1024 * 1024); // sparse: 200 MB that take no disk
    const e = await failure(big);
    expect(e.code).toBe('SOURCE_TOO_LARGE');
    expect(e.describe()).toBe(`${big}: file is ${200 * 1024 * 1024} bytes, over the limit of ${CAP} bytes (HONNE_MAX_TRANSCRIPT_BYTES)`);
  });

  it('never reads more than the limit from the descriptor, however much there is', async () => {
    const fh = await open('/dev/zero', 'r');
    try {
      expect((await readAtMost(fh, CAP + 1, 1)).length).toBe(CAP + 1);
      expect((await readAtMost(fh, 300_000, 300_001)).length).toBe(300_000);
    } finally {
      await fh.close();
    }
  });

  it('checks again at read time: a file swapped for a link to an outside file after ingest is refused', async () => {
    const swapped = join(root, 't', 'swapped.txt');
    writeFileSync(swapped, 'A: ふつう\n');
    expect(checkSourceFile(swapped, root)).toBeUndefined();
    unlinkSync(swapped);
    symlinkSync(join(outside, 'secret.txt'), swapped);
    const e = await failure(swapped);
    expect(e.code).toBe('SOURCE_NOT_ALLOWED');
  });

  it('reports a missing file as not found', async () => {
    const e = await failure('t/missing.txt');
    expect([e.code, e.message]).toEqual(['SOURCE_NOT_FOUND', 'file not found']);
  });

  it('leaves s3:// to its (absent) reader', async () => {
    const e = await failure('s3://bucket/key.txt');
    expect(e.code).toBe('SOURCE_UNSUPPORTED');
  });
});

describe("honne's own folders under the input root", () => {
  // An operator keeps honne's data beside the manifests; a manifest row names another
  // employee's cached raw transcript (or the store file) as its session's transcript.
  const data = join(root, 'honne-data');
  const cached = join(data, 'objects', 'sessions', 'tx-0001.transcript.json');
  mkdirSync(join(data, 'objects', 'sessions'), { recursive: true });
  writeFileSync(cached, `A: ${SECRET}\n`);
  writeFileSync(join(data, 'honne.duckdb'), `A: ${SECRET}\n`);
  symlinkSync(cached, join(root, 't', 'link-own.txt'));
  linkSync(cached, join(root, 't', 'hard-own.txt'));
  const own = [data, join(data, 'objects'), join(base, 'cache-not-made-yet')];
  const guarded = sourceReaderOf({ file: createLocalReader(CAP, own), s3: noS3Reader });
  const guardedOpener = sourceOpenerOf({ file: createLocalOpener(CAP, own), s3: noS3Opener });

  it('are never read, by path, relative, through a link or as a recording; the rest of the root is', async () => {
    for (const uri of [cached, 'honne-data/objects/sessions/tx-0001.transcript.json', 'honne-data/honne.duckdb', 't/link-own.txt', 't/hard-own.txt']) {
      for (const open of [() => guarded(uri, ctx), () => guardedOpener(uri, ctx)]) {
        const err = await open().then(() => undefined, (e: unknown) => e);
        expect(err, uri).toBeInstanceOf(SourceError);
        expect([(err as SourceError).code, (err as SourceError).message], uri).toEqual(['SOURCE_NOT_ALLOWED', expect.stringMatching(/honne's own data/)]);
        expect((err as SourceError).describe()).not.toContain(SECRET);
      }
    }
    expect((await guarded('t/ok.txt', ctx)).toString()).toBe('A: こんにちは\n');
    // without the guard the same file would be read: the test attacks something real
    expect((await read('honne-data/honne.duckdb', ctx)).toString()).toContain(SECRET);
  });
});

describe('the local opener (recordings, streamed)', () => {
  const RECORDING_CAP = 3 * 1024 * 1024;
  const openRecording = sourceOpenerOf({ file: createLocalOpener(RECORDING_CAP), s3: noS3Opener });
  const audio = Buffer.alloc(2.5 * 1024 * 1024, 7);
  writeFileSync(join(root, 't', 'rec.m4a'), audio);

  it('streams a recording in pieces, never the whole file in one, with its size', async () => {
    const opened = await openRecording('t/rec.m4a', ctx);
    const pieces: Uint8Array[] = [];
    for await (const piece of opened.stream) pieces.push(piece);
    expect(opened.size).toBe(audio.length);
    expect(pieces.length).toBeGreaterThan(1);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(audio.length);
    expect(Buffer.concat(pieces).equals(audio)).toBe(true);
  });

  it('is confined like the reader: outside the root, a link out, a FIFO, over the cap', async () => {
    const code = (uri: string) => openRecording(uri, ctx).then(() => 'opened', (e: unknown) => (e as SourceError).code);
    expect(await code('../outside/secret.txt')).toBe('SOURCE_NOT_ALLOWED');
    expect(await code(join(root, 't', 'link-out.txt'))).toBe('SOURCE_NOT_ALLOWED');
    expect(await code('t/fifo.txt')).toBe('SOURCE_NOT_ALLOWED');
    writeFileSync(join(root, 't', 'big.m4a'), Buffer.alloc(RECORDING_CAP + 1));
    expect(await code('t/big.m4a')).toBe('SOURCE_TOO_LARGE');
    expect(await code('s3://bucket/rec.m4a')).toBe('SOURCE_UNSUPPORTED');
  });

  it('ends the stream with SOURCE_TOO_LARGE when the file grows past the cap while it is read', async () => {
    const file = join(root, 't', 'growing.m4a');
    writeFileSync(file, Buffer.alloc(1024));
    const opened = await openRecording('t/growing.m4a', ctx);
    writeFileSync(file, Buffer.alloc(RECORDING_CAP + 2 * 1024 * 1024));
    const err = await (async () => {
      for await (const _ of opened.stream) void _;
    })().then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'SOURCE_TOO_LARGE' });
  });
});

describe('the ingest check (checkSourceFile)', () => {
  it('accepts regular files under the root, also through a link that stays inside or a linked root', () => {
    expect(checkSourceFile(join(root, 't', 'ok.txt'), root)).toBeUndefined();
    expect(checkSourceFile(join(root, 'link-in.txt'), root)).toBeUndefined();
    const linkedRoot = join(base, 'root-link');
    symlinkSync(root, linkedRoot);
    expect(checkSourceFile(join(linkedRoot, 't', 'ok.txt'), linkedRoot)).toBeUndefined();
  });

  it('names what is wrong, without opening the file', () => {
    expect(checkSourceFile(join(root, '..', 'outside', 'secret.txt'), root)).toBe(`resolves outside the input root (${root})`);
    expect(checkSourceFile('/etc/passwd', root)).toBe(`resolves outside the input root (${root})`);
    expect(checkSourceFile(join(root, 't', 'link-out.txt'), root)).toBe(`resolves outside the input root (${root})`);
    expect(checkSourceFile(join(root, 't', 'fifo.txt'), root)).toBe('is not a regular file (a FIFO)');
    expect(checkSourceFile('/dev/zero', '/')).toBe('is not a regular file (a device)');
    expect(checkSourceFile(join(root, 't'), root)).toBe('is not a regular file (a folder)');
    expect(checkSourceFile(join(root, 't', 'missing.txt'), root)).toBe('not found');
  });
});
