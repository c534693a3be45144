import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { TranscriptError } from '../errors.js';
import { decodeText } from './decode.js';

const FILE = 'sessions/s-001.txt';
const JA = 'コンサルタント：今日はどうされましたか。\n田中：最近、転職を考えていて…\n';
const EN = 'consultant: How are you today?\nTanaka: Thinking about changing jobs.\n';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);
const UTF16BE_BOM = Buffer.from([0xfe, 0xff]);

/** The parts of a thrown TranscriptError an operator and a caller rely on. */
function failure(run: () => unknown): { code: string; retryable: boolean; context: object; described: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof TranscriptError) {
      return { code: err.code, retryable: err.retryable, context: err.context, described: err.describe() };
    }
    throw err;
  }
  throw new Error('expected a TranscriptError, but nothing was thrown');
}

describe('decodeText', () => {
  describe('encodings', () => {
    it.each([
      ['UTF-8', Buffer.from(JA, 'utf8'), JA, 'utf-8'],
      ['UTF-8 with BOM', Buffer.concat([UTF8_BOM, Buffer.from(JA, 'utf8')]), JA, 'utf-8-bom'],
      ['UTF-16LE with BOM', Buffer.concat([UTF16LE_BOM, iconv.encode(JA, 'utf-16le')]), JA, 'utf-16le'],
      ['UTF-16BE with BOM', Buffer.concat([UTF16BE_BOM, iconv.encode(JA, 'utf-16be')]), JA, 'utf-16be'],
      ['UTF-16LE without BOM, Japanese', iconv.encode(JA, 'utf-16le'), JA, 'utf-16le'],
      ['UTF-16BE without BOM, Japanese', iconv.encode(JA, 'utf-16be'), JA, 'utf-16be'],
      ['UTF-16LE without BOM, English', iconv.encode(EN, 'utf-16le'), EN, 'utf-16le'],
      ['UTF-16BE without BOM, English', iconv.encode(EN, 'utf-16be'), EN, 'utf-16be'],
      ['Shift_JIS', iconv.encode(JA, 'shift_jis'), JA, 'shift_jis'],
      ['Shift_JIS with half-width katakana', iconv.encode('ﾀﾅｶ：ﾊｲ、ｿｳﾃﾞｽ。\n', 'shift_jis'), 'ﾀﾅｶ：ﾊｲ、ｿｳﾃﾞｽ。\n', 'shift_jis'],
    ])('%s', (_name, buf, text, encoding) => {
      expect(decodeText(buf, FILE)).toEqual({ text, encoding });
    });

    it.each(['utf-16le', 'utf-16be'] as const)(
      'decodes %s without BOM full of 一 and ideographic spaces (their NUL bytes sit where ASCII has none)',
      (encoding) => {
        const text = '田中：一番　一番　一番\n一度　一度\n';
        expect(decodeText(iconv.encode(text, encoding), FILE)).toEqual({ text, encoding });
      },
    );

    it.each(['utf-16le', 'utf-16be'] as const)('decodes a single line of %s without BOM', (encoding) => {
      expect(decodeText(iconv.encode('Tanaka: yes', encoding), FILE)).toEqual({ text: 'Tanaka: yes', encoding });
    });

    it('strips a doubled BOM', () => {
      const buf = Buffer.concat([UTF8_BOM, UTF8_BOM, Buffer.from('田中：はい', 'utf8')]);
      expect(decodeText(buf, FILE)).toEqual({ text: '田中：はい', encoding: 'utf-8-bom' });
    });

    it('normalises CRLF and CR line ends to LF', () => {
      const buf = iconv.encode('田中：一\r\nCC：二\r田中：三\r\n', 'shift_jis');
      expect(decodeText(buf, FILE)).toEqual({ text: '田中：一\nCC：二\n田中：三\n', encoding: 'shift_jis' });
    });

    it('keeps an occasional stray control character', () => {
      const text = '田中：はい\u001bそうです。転職を考えていて、上司とも合わなくて。\n';
      expect(decodeText(Buffer.from(text, 'utf8'), FILE)).toEqual({
        text,
        encoding: 'utf-8',
      });
    });
  });

  describe('empty input', () => {
    it('refuses an empty file', () => {
      expect(failure(() => decodeText(Buffer.alloc(0), FILE))).toEqual({
        code: 'TRANSCRIPT_EMPTY',
        retryable: false,
        context: { file: FILE },
        described: `${FILE}: the file is empty (0 bytes)`,
      });
    });

    it.each([
      ['spaces and newlines', Buffer.from(' \n\r\n\t  \n', 'utf8')],
      ['ideographic spaces', Buffer.from('　　\n　', 'utf8')],
      ['a BOM only', UTF8_BOM],
      ['UTF-16LE whitespace', Buffer.concat([UTF16LE_BOM, iconv.encode(' \r\n ', 'utf-16le')])],
    ])('refuses a file of %s', (_name, buf) => {
      expect(failure(() => decodeText(buf, FILE))).toEqual({
        code: 'TRANSCRIPT_EMPTY',
        retryable: false,
        context: { file: FILE },
        described: `${FILE}: the file contains only whitespace`,
      });
    });
  });

  describe('binary input', () => {
    const PNG = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01,
      0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x5c, 0x72, 0xa8, 0x66,
    ]);
    const MP3_ID3 = Buffer.concat([
      Buffer.from('ID3', 'latin1'),
      Buffer.from([0x04, 0x00, 0x00, 0x00, 0x00, 0x0f, 0x76]),
      Buffer.from('TSSE', 'latin1'),
      Buffer.from([0x00, 0x00, 0x00, 0x0e, 0x00, 0x00, 0x03]),
      Buffer.from('Lavf58.76.100', 'latin1'),
      Buffer.from([0x00, 0xff, 0xfb, 0x90, 0x64, 0x00, 0x00, 0x00]),
    ]);
    const MP3_FRAME = Buffer.from([0xff, 0xfb, 0x90, 0x64, 0x00, 0x0f, 0xf0, 0x00, 0x00, 0x69, 0x00, 0x00, 0x00, 0x08]);
    const CONTROLS = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 7) % 32));
    /** Compressed data has no NUL-free structure to speak of: pseudo-random bytes 1-255. */
    const NOISE = Buffer.from(Array.from({ length: 256 }, (_, i) => 1 + ((i * 193 + 71) % 255)));
    const HIGH_BYTES = Buffer.from(Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? 0xff : 0x80 + (i % 0x20))));

    it.each([
      ['a PNG header', PNG],
      ['an MP3 ID3 header', MP3_ID3],
      ['an MP3 frame header', MP3_FRAME],
      ['text with a NUL byte', Buffer.from('田中：はい\0そうです', 'utf8')],
      ['control characters', CONTROLS],
      ['NUL-free noise', NOISE],
      ['undecodable high bytes', HIGH_BYTES],
    ])('refuses %s', (_name, buf) => {
      expect(failure(() => decodeText(buf, FILE))).toEqual({
        code: 'TRANSCRIPT_BINARY',
        retryable: false,
        context: { file: FILE },
        described: `${FILE}: the file is binary, not text (an audio recording or an image?)`,
      });
    });
  });

  describe('unsupported or broken text', () => {
    it('refuses EUC-JP, which also passes as Shift_JIS byte by byte', () => {
      expect(failure(() => decodeText(iconv.encode('田中：最近、転職を考えていて…', 'euc-jp'), FILE))).toEqual({
        code: 'TRANSCRIPT_UNREADABLE',
        retryable: false,
        context: { file: FILE },
        described: `${FILE}: the file looks like EUC-JP, which is not supported; save it as UTF-8 and try again`,
      });
    });

    it('refuses text that is neither UTF-8 nor Shift_JIS, counting the undecodable sequences', () => {
      expect(failure(() => decodeText(iconv.encode('Café crème: déjà vu\nJosé: olé\n', 'windows-1252'), FILE))).toEqual({
        code: 'TRANSCRIPT_UNREADABLE',
        retryable: false,
        context: { file: FILE },
        described: `${FILE}: the file is not valid UTF-8, UTF-16 or Shift_JIS (4 undecodable byte sequences); save it as UTF-8 and try again`,
      });
    });

    it('refuses ISO-2022-JP', () => {
      // "田中：こんにちは" in ISO-2022-JP
      const buf = Buffer.from('\x1b$BEDCf!\'$3$s$K$A$O\x1b(B\n', 'latin1');
      expect(failure(() => decodeText(buf, FILE))).toEqual({
        code: 'TRANSCRIPT_UNREADABLE',
        retryable: false,
        context: { file: FILE },
        described: `${FILE}: the file is ISO-2022-JP (JIS), which is not supported; save it as UTF-8 and try again`,
      });
    });

    it('refuses UTF-32', () => {
      const buf = Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00]);
      expect(failure(() => decodeText(buf, FILE))).toEqual({
        code: 'TRANSCRIPT_UNREADABLE',
        retryable: false,
        context: { file: FILE },
        described: `${FILE}: the file is UTF-32, which is not supported; save it as UTF-8 and try again`,
      });
    });

    it.each([
      ['UTF-8', Buffer.concat([UTF8_BOM, Buffer.from([0x41, 0xc3, 0x28])])],
      ['UTF-16LE', Buffer.concat([UTF16LE_BOM, Buffer.from([0x41, 0x00, 0x00, 0xdc])])],
      ['UTF-16BE', Buffer.concat([UTF16BE_BOM, Buffer.from([0x00, 0x41, 0x00])])],
    ])('refuses a %s BOM followed by invalid %s', (name, buf) => {
      expect(failure(() => decodeText(buf, FILE))).toEqual({
        code: 'TRANSCRIPT_UNREADABLE',
        retryable: false,
        context: { file: FILE },
        described: `${FILE}: the file starts with a ${name} byte-order mark but is not valid ${name}`,
      });
    });
  });
});
