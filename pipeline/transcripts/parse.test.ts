import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { TranscriptError } from '../errors.js';
import type { Segment, Transcript } from '../schemas.js';
import { detectFormat, parseTranscript } from './parse.js';

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

function seg(start: number | null, end: number | null, speaker: string, role: Segment['role'], text: string): Segment {
  return { start, end, speaker, role, text };
}

/** The parts of a thrown TranscriptError an operator and a caller rely on. */
function failure(run: () => unknown): { code: string; context: object; described: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof TranscriptError) return { code: err.code, context: err.context, described: err.describe() };
    throw err;
  }
  throw new Error('expected a TranscriptError, but nothing was thrown');
}

describe('parseTranscript', () => {
  describe('WebVTT', () => {
    const FILE = 'in/s-001.vtt';

    it('reads voice tags, identifiers, optional hours, cue settings and markup; skips NOTE, STYLE and REGION', () => {
      const vtt = [
        'WEBVTT - 1on1',
        'Kind: captions',
        '',
        'NOTE recorded with the meeting recorder',
        'over two lines',
        '',
        'STYLE',
        '::cue { color: white }',
        '',
        'REGION',
        'id:fred width:40%',
        '',
        '1',
        '00:00:01.000 --> 00:00:04.500 align:start position:10%',
        '<v コンサルタント>今日はどうされましたか。</v>',
        '',
        'intro-2',
        '00:04.500 --> 00:00:09.000',
        '<v.loud.fast 田中>最近、<c.yellow>転職</c>を<00:00:06.000>考えていて…',
        '<i>上司とも</i>合わなくて。</v>',
        '',
        '00:00:09.000 --> 00:00:10.000',
        '<v CC>Tom &amp; Jerry &lt;3 &#x263A;</v><v 田中>はい</v>',
        '',
      ].join('\n');
      expect(parseTranscript(utf8(vtt), { file: FILE })).toEqual<Transcript>({
        format: 'vtt',
        encoding: 'utf-8',
        segments: [
          seg(1, 4.5, 'コンサルタント', 'consultant', '今日はどうされましたか。'),
          seg(4.5, 9, '田中', 'client', '最近、転職を考えていて…\n上司とも合わなくて。'),
          seg(9, 10, 'CC', 'consultant', 'Tom & Jerry <3 ☺'),
          seg(9, 10, '田中', 'client', 'はい'),
        ],
      });
    });

    it('takes the speaker of a cue without voice tag from NAME: or NAME：, else "unknown"', () => {
      const vtt = [
        'WEBVTT',
        '',
        '00:00:01.000 --> 00:00:02.000',
        'CC：なるほど。',
        '田中: そうなんです。',
        '',
        '00:00:02.000 --> 00:00:03.000',
        '（沈黙）',
        '',
        '00:00:03.000 --> 00:00:04.000',
        '<v>anonymous voice</v>',
      ].join('\n');
      expect(parseTranscript(utf8(vtt), { file: FILE }).segments).toEqual([
        seg(1, 2, 'CC', 'consultant', 'なるほど。'),
        seg(1, 2, '田中', 'client', 'そうなんです。'),
        seg(2, 3, 'unknown', 'client', '（沈黙）'),
        seg(3, 4, 'unknown', 'client', 'anonymous voice'),
      ]);
    });

    it('keeps text after a stray blank line with its cue, and drops cues without text', () => {
      const vtt = [
        'WEBVTT',
        '',
        '00:00:01.000 --> 00:00:02.000',
        '<v 田中>一行目',
        '',
        '二行目</v>',
        '',
        '00:00:02.000 --> 00:00:03.000',
        '<v CC></v>',
      ].join('\n');
      expect(parseTranscript(utf8(vtt), { file: FILE }).segments).toEqual([seg(1, 2, '田中', 'client', '一行目\n二行目')]);
    });

    it.each([
      [
        'a broken timestamp',
        'WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v A>hi\n\n2\n00:00:05.000 --> 00:00:0x.000\n<v B>hello\n',
        8,
        'malformed cue timing line (expected e.g. "00:00:01.000 --> 00:00:04.000")',
      ],
      [
        'a one-dash arrow',
        'WEBVTT\n\n00:00:01.000 -> 00:00:04.000\nhi\n',
        3,
        'malformed cue timing line (expected e.g. "00:00:01.000 --> 00:00:04.000")',
      ],
      [
        'seconds out of range',
        'WEBVTT\n\n00:00:01.000 --> 00:00:61.000\nhi\n',
        3,
        'malformed cue timing line (expected e.g. "00:00:01.000 --> 00:00:04.000")',
      ],
      ['an end before the start', 'WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nhi\n', 3, 'cue ends (4s) before it starts (5s)'],
      [
        'a cue without timing line',
        'WEBVTT\n\n1\n<v A>hi\n',
        4,
        'expected a cue timing line such as "00:00:01.000 --> 00:00:04.000"',
      ],
      ['no header', '\n00:00:01.000 --> 00:00:04.000\nhi\n', 2, 'a WebVTT file must start with a "WEBVTT" line'],
      [
        'no blank line after the header',
        'WEBVTT\n00:00:01.000 --> 00:00:04.000\nhi\n',
        2,
        'a blank line must separate the "WEBVTT" header from the first cue',
      ],
    ])('refuses %s, naming file and line', (_name, vtt, line, message) => {
      expect(failure(() => parseTranscript(utf8(vtt), { file: FILE }))).toEqual({
        code: 'TRANSCRIPT_UNREADABLE',
        context: { file: FILE, line },
        described: `${FILE}:${line}: ${message}`,
      });
    });

    it('refuses a file of notes only as empty', () => {
      expect(failure(() => parseTranscript(utf8('WEBVTT\n\nNOTE nothing was said\n'), { file: FILE }))).toEqual({
        code: 'TRANSCRIPT_EMPTY',
        context: { file: FILE },
        described: `${FILE}: the WebVTT transcript contains no speech`,
      });
    });
  });

  describe('SRT', () => {
    const FILE = 'in/s-002.srt';

    it('reads numbered cues with speakers from NAME: and NAME：, several per cue', () => {
      const srt = [
        '1',
        '00:00:01,000 --> 00:00:04,000',
        'コンサルタント：今日はどうされましたか。',
        '',
        '2',
        '00:00:04,000 --> 00:00:09,500',
        '田中: 最近、転職を考えていて…',
        '<i>上司とも合わなくて。</i>',
        '',
        '3',
        '00:00:09,500 --> 01:00:12,000 X1:100 X2:200',
        '{\\an8}CC：なるほど。',
        '田中：はい。',
        '',
        '4',
        '01:00:12,000 --> 01:00:13,000',
        '（笑）',
        '',
        '',
      ].join('\n');
      expect(parseTranscript(utf8(srt), { file: FILE })).toEqual<Transcript>({
        format: 'srt',
        encoding: 'utf-8',
        segments: [
          seg(1, 4, 'コンサルタント', 'consultant', '今日はどうされましたか。'),
          seg(4, 9.5, '田中', 'client', '最近、転職を考えていて…\n上司とも合わなくて。'),
          seg(9.5, 3612, 'CC', 'consultant', 'なるほど。'),
          seg(9.5, 3612, '田中', 'client', 'はい。'),
          seg(3612, 3613, 'unknown', 'client', '（笑）'),
        ],
      });
    });

    it('accepts a missing cue number and keeps text after a stray blank line with its cue', () => {
      const srt = '00:00:01,000 --> 00:00:02,000\n田中：一行目\n\n二行目\n\n2\n00:00:02,000 --> 00:00:03,000\n田中：次\n';
      expect(parseTranscript(utf8(srt), { file: FILE }).segments).toEqual([
        seg(1, 2, '田中', 'client', '一行目\n二行目'),
        seg(2, 3, '田中', 'client', '次'),
      ]);
    });

    it.each([
      [
        'a broken timing line',
        '1\n00:00:01,000 --> 00:00:04,000\nA: hi\n\n2\n00:00:05,000 --> 00:00:0600\nB: hello\n',
        6,
        'malformed cue timing line (expected e.g. "00:00:01,000 --> 00:00:04,000")',
      ],
      ['a cue number without timing line', '1\n00:00:01,000 --> 00:00:04,000\nA: hi\n\n2\n', 5, 'cue 2 has no timing line'],
      ['text before the first cue', 'A: hi\n\n1\n00:00:01,000 --> 00:00:04,000\nA: hi\n', 1, 'expected a cue number followed by a timing line'],
    ])('refuses %s, naming file and line', (_name, srt, line, message) => {
      expect(failure(() => parseTranscript(utf8(srt), { file: FILE }))).toEqual({
        code: 'TRANSCRIPT_UNREADABLE',
        context: { file: FILE, line },
        described: `${FILE}:${line}: ${message}`,
      });
    });
  });

  describe('JSON', () => {
    const FILE = 'in/s-003.json';

    it('reads our segments, trimming text and dropping empty segments', () => {
      const json = JSON.stringify({
        segments: [
          { start: 0, end: 3.2, speaker: 'consultant', text: '今日はどうされましたか。' },
          { start: 3.2, end: 8, speaker: ' 田中 ', text: ' 最近、転職を考えていて… ' },
          { start: 8, end: 9, speaker: '田中', text: '   ' },
          { start: null, end: null, speaker: '', text: 'speaker missing' },
        ],
      });
      expect(parseTranscript(utf8(json), { file: FILE })).toEqual<Transcript>({
        format: 'json',
        encoding: 'utf-8',
        segments: [
          seg(0, 3.2, 'consultant', 'consultant', '今日はどうされましたか。'),
          seg(3.2, 8, '田中', 'client', '最近、転職を考えていて…'),
          seg(null, null, 'unknown', 'client', 'speaker missing'),
        ],
      });
    });

    it('reads OpenAI verbose_json: segments without speaker are "unknown"', () => {
      const json = JSON.stringify({
        task: 'transcribe',
        language: 'japanese',
        duration: 8,
        text: '今日はどうされましたか。最近、転職を考えていて…',
        segments: [
          { id: 0, seek: 0, start: 0, end: 3.2, text: ' 今日はどうされましたか。', tokens: [1, 2], temperature: 0, avg_logprob: -0.2, compression_ratio: 1.1, no_speech_prob: 0.01 },
          { id: 1, seek: 0, start: 3.2, end: 8, text: ' 最近、転職を考えていて…', tokens: [3], temperature: 0, avg_logprob: -0.3, compression_ratio: 1.1, no_speech_prob: 0.02 },
        ],
      });
      expect(parseTranscript(utf8(json), { file: FILE })).toEqual<Transcript>({
        format: 'json',
        encoding: 'utf-8',
        segments: [
          seg(0, 3.2, 'unknown', 'client', '今日はどうされましたか。'),
          seg(3.2, 8, 'unknown', 'client', '最近、転職を考えていて…'),
        ],
      });
    });

    it.each([
      ['without segments', { task: 'transcribe', language: 'japanese', duration: 8, text: ' 今日はどうされましたか。' }],
      ['with an empty segment list', { text: '今日はどうされましたか。', segments: [] }],
    ])('reads OpenAI verbose_json %s as one segment', (_name, data) => {
      expect(parseTranscript(utf8(JSON.stringify(data)), { file: FILE })).toEqual<Transcript>({
        format: 'json',
        encoding: 'utf-8',
        segments: [seg(null, null, 'unknown', 'client', '今日はどうされましたか。')],
      });
    });

    it('reads OpenAI diarized_json, with consultant_speaker naming the consultant', () => {
      const json = JSON.stringify({
        text: '今日はどうされましたか。最近、転職を考えていて…',
        segments: [
          { type: 'transcript.text.segment', id: 'seg_0', start: 0.4, end: 3.2, speaker: 'A', text: '今日はどうされましたか。' },
          { type: 'transcript.text.segment', id: 'seg_1', start: 3.2, end: 8.05, speaker: 'B', text: '最近、転職を考えていて…' },
        ],
        usage: { type: 'duration', seconds: 9 },
      });
      expect(parseTranscript(utf8(json), { file: FILE, consultantSpeaker: 'A' })).toEqual<Transcript>({
        format: 'json',
        encoding: 'utf-8',
        segments: [
          seg(0.4, 3.2, 'A', 'consultant', '今日はどうされましたか。'),
          seg(3.2, 8.05, 'B', 'client', '最近、転職を考えていて…'),
        ],
      });
    });

    it.each([
      [
        'a start of the wrong type',
        { segments: [{ start: 0, end: 1, speaker: 'A', text: 'ok' }, { start: '0:01', end: 2, speaker: 'B', text: 'x' }] },
        'segments[1].start',
        'not a transcript JSON: Invalid input: expected number, received string',
      ],
      [
        'text of the wrong type, among other problems',
        { segments: [{ start: 0, end: 1, speaker: 7, text: 42 }] },
        'segments[0].speaker',
        'not a transcript JSON: Invalid input: expected string, received number (and 1 more problem)',
      ],
      ['segments that are not a list', { segments: { start: 0 } }, 'segments', 'not a transcript JSON: Invalid input: expected array, received object'],
      [
        'an end before the start',
        { segments: [{ start: 5, end: 4, speaker: 'A', text: 'x' }] },
        'segments[0].end',
        'not a transcript JSON: segment ends before it starts',
      ],
      ['a negative time', { segments: [{ start: -1, end: 4, speaker: 'A', text: 'x' }] }, 'segments[0].start', 'not a transcript JSON: Too small: expected number to be >=0'],
    ])('refuses %s, naming file and JSON path', (_name, data, field, message) => {
      expect(failure(() => parseTranscript(utf8(JSON.stringify(data)), { file: FILE }))).toEqual({
        code: 'TRANSCRIPT_UNREADABLE',
        context: { file: FILE, field },
        described: `${FILE} field "${field}": ${message}`,
      });
    });

    it.each([
      ['neither segments nor text', '{"language": "ja"}', 'not a transcript JSON: expected a "segments" array or a "text" string'],
      ['a list at the top', '[{"start": 0, "end": 1, "speaker": "A", "text": "x"}]', 'not a transcript JSON: Invalid input: expected object, received array'],
    ])('refuses JSON with %s', (_name, json, message) => {
      expect(failure(() => parseTranscript(utf8(json), { file: FILE }))).toEqual({
        code: 'TRANSCRIPT_UNREADABLE',
        context: { file: FILE, field: undefined },
        described: `${FILE}: ${message}`,
      });
    });

    it('refuses invalid JSON, naming the line', () => {
      const json = '{\n  "segments": [\n    { "start": 0, "end": 1, "speaker": "A", "text": "x", }\n  ]\n}';
      expect(failure(() => parseTranscript(utf8(json), { file: FILE }))).toEqual({
        code: 'TRANSCRIPT_UNREADABLE',
        context: { file: FILE, line: 3 },
        // The rest of the message is V8's and differs between Node versions.
        described: expect.stringMatching(/^in\/s-003\.json:3: not valid JSON: \S/),
      });
    });

    it('quotes none of the transcript in the message when V8 would (attack: quotes and words around the bad token)', () => {
      const secrets = ['{"segments": 来月には辞めて実家の店を継ぐつもり}', '{"segments": [{"speaker": "A", "text": "x"}, 野々宮は"異動"したい]}', "I'd quit \"tomorrow\" if I could", '{"text": \'it\'s "over" for me\'}'];
      for (const json of secrets) {
        const described = (failure(() => parseTranscript(utf8(json), { file: FILE })) as { described: string }).described;
        expect(described).toMatch(/^in\/s-003\.json(:\d+)?: not valid JSON: /);
        expect(described.match(/辞め|実家|野々宮|異動|quit|tomorrow|over/g)).toBeNull();
      }
    });

    it('refuses invalid JSON whose error has no position, naming the file', () => {
      expect(failure(() => parseTranscript(utf8('{\n "segments": tru\n}'), { file: FILE }))).toEqual({
        code: 'TRANSCRIPT_UNREADABLE',
        // Node 20 gives no position for this one; newer versions give a line.
        context: expect.objectContaining({ file: FILE }),
        described: expect.stringMatching(/^in\/s-003\.json(:\d)?: not valid JSON: [^\n]+$/),
      });
    });

    it('refuses JSON without segments or text as empty', () => {
      expect(failure(() => parseTranscript(utf8('{"segments": [], "text": " "}'), { file: FILE }))).toEqual({
        code: 'TRANSCRIPT_EMPTY',
        context: { file: FILE },
        described: `${FILE}: the JSON transcript contains no speech`,
      });
    });
  });

  describe('plain text', () => {
    const FILE = 'in/s-004.txt';

    it('reads NAME：text lines with full-width colons, continuation lines and blank lines', () => {
      const text = 'コンサルタント：今日はどうされましたか。\n\n田中：最近、転職を考えていて…\n上司とも合わなくて。\n\nＣＣ：なるほど。\n';
      expect(parseTranscript(utf8(text), { file: FILE })).toEqual<Transcript>({
        format: 'text',
        encoding: 'utf-8',
        segments: [
          seg(null, null, 'コンサルタント', 'consultant', '今日はどうされましたか。'),
          seg(null, null, '田中', 'client', '最近、転職を考えていて…\n上司とも合わなくて。'),
          seg(null, null, 'ＣＣ', 'consultant', 'なるほど。'),
        ],
      });
    });

    it('reads NAME: text lines with ASCII colons and a consultant_speaker', () => {
      const text = 'Sato: How are you today?\nTanaka: Thinking about changing jobs.\nSato : I see.\n';
      expect(parseTranscript(utf8(text), { file: FILE, consultantSpeaker: 'sato' }).segments).toEqual([
        seg(null, null, 'Sato', 'consultant', 'How are you today?'),
        seg(null, null, 'Tanaka', 'client', 'Thinking about changing jobs.'),
        seg(null, null, 'Sato', 'consultant', 'I see.'),
      ]);
    });

    it('takes a leading [hh:mm:ss] timestamp as the start; other brackets stay text', () => {
      const text = '[00:01:02] CC：はい。\n[01:03.5] 田中：ええと\n[00:01:09] 続きです\n[笑] そうですね\n';
      expect(parseTranscript(utf8(text), { file: FILE }).segments).toEqual([
        seg(62, null, 'CC', 'consultant', 'はい。'),
        seg(63.5, null, '田中', 'client', 'ええと\n続きです\n[笑] そうですね'),
      ]);
    });

    it('gives text before the first speaker to "unknown", and does not take times, URLs or sentences for names', () => {
      const text = '録音開始\n10:30に面談開始\n田中：資料は https://example.com/a にあります\nhttps://example.com/b\nつまり、こういうこと：はい\n';
      expect(parseTranscript(utf8(text), { file: FILE }).segments).toEqual([
        seg(null, null, 'unknown', 'client', '録音開始\n10:30に面談開始'),
        seg(null, null, '田中', 'client', '資料は https://example.com/a にあります\nhttps://example.com/b\nつまり、こういうこと：はい'),
      ]);
    });

    it('refuses a file of timestamps only as empty', () => {
      expect(failure(() => parseTranscript(utf8('[00:00:01]\n[00:00:02] \n'), { file: FILE }))).toEqual({
        code: 'TRANSCRIPT_EMPTY',
        context: { file: FILE },
        described: `${FILE}: the plain text transcript contains no speech`,
      });
    });
  });

  describe('encodings', () => {
    const JA = 'コンサルタント：今日はどうされましたか。\r\n田中：最近、転職を考えていて…\r\n';
    const segments = [
      seg(null, null, 'コンサルタント', 'consultant', '今日はどうされましたか。'),
      seg(null, null, '田中', 'client', '最近、転職を考えていて…'),
    ];

    it.each([
      ['utf-8', utf8(JA)],
      ['utf-8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(JA)])],
      ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(JA, 'utf-16le')])],
      ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(JA, 'utf-16be')])],
      ['shift_jis', iconv.encode(JA, 'shift_jis')],
    ])('reads %s', (encoding, buf) => {
      expect(parseTranscript(buf, { file: 'in/s-005.txt' })).toEqual<Transcript>({ format: 'text', encoding, segments });
    });

    it('reads a Shift_JIS SRT', () => {
      const srt = '1\r\n00:00:01,000 --> 00:00:02,500\r\n田中：はい。\r\n';
      expect(parseTranscript(iconv.encode(srt, 'shift_jis'), { file: 'in/s-006.srt' })).toEqual<Transcript>({
        format: 'srt',
        encoding: 'shift_jis',
        segments: [seg(1, 2.5, '田中', 'client', 'はい。')],
      });
    });
  });

  describe('broken input', () => {
    it('blanks control characters a JSON string carries escaped (kuromoji throws on a NUL), in text and speaker', () => {
      const json = JSON.stringify({ segments: [{ speaker: 'C\u0007C', text: 'ゼロ\u0000バイト\u001bです\u0000' }, { speaker: 'A', text: '\u0000\u0001' }] });
      // eslint-disable-next-line no-control-regex -- the file carries them escaped, not raw
      expect(json).not.toMatch(/[\u0000-\u001f]/u);
      expect(parseTranscript(utf8(json), { file: 's.json' }).segments).toEqual([seg(null, null, 'C C', 'client', 'ゼロ バイト です')]);
    });

    it('replaces half a surrogate pair a JSON string carries escaped (kuromoji throws on it) with U+FFFD, keeping whole pairs', () => {
      const json = '{"segments":[{"speaker":"A","text":"絵文字\\ud83dだけ😀と\\ude00"}]}';
      expect(parseTranscript(utf8(json), { file: 's.json' }).segments.map((s) => s.text)).toEqual(['絵文字\uFFFDだけ😀と\uFFFD']);
    });

    it.each([
      ['an empty file', Buffer.alloc(0), 'TRANSCRIPT_EMPTY', 'the file is empty (0 bytes)'],
      ['whitespace only', utf8(' \n\t\n　\n'), 'TRANSCRIPT_EMPTY', 'the file contains only whitespace'],
      [
        'a PNG',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
        'TRANSCRIPT_BINARY',
        'the file is binary, not text (an audio recording or an image?)',
      ],
      [
        'an MP3',
        Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([0x04, 0x00, 0x00, 0x00, 0x00, 0x0f, 0x76, 0xff, 0xfb, 0x90, 0x64])]),
        'TRANSCRIPT_BINARY',
        'the file is binary, not text (an audio recording or an image?)',
      ],
    ])('refuses %s, naming the file', (_name, buf, code, message) => {
      expect(failure(() => parseTranscript(buf, { file: 'in/s-007.vtt' }))).toEqual({
        code,
        context: { file: 'in/s-007.vtt' },
        described: `in/s-007.vtt: ${message}`,
      });
    });
  });

  describe('sample files', () => {
    const consultant = seg(1, 4, 'コンサルタント', 'consultant', '今日はどうされましたか。');
    const client = (text: string): Segment => seg(4, 9.5, '田中', 'client', text);
    const closing = seg(9.5, 12, 'コンサルタント', 'consultant', 'なるほど、もう少し聞かせてください。');
    const twoLines = '最近、転職を考えていて…\n今の評価制度に納得できなくて。';
    const oneLine = '最近、転職を考えていて…今の評価制度に納得できなくて。';
    const textSegments = [
      seg(1, null, 'コンサルタント', 'consultant', '今日はどうされましたか。'),
      seg(4, null, '田中', 'client', twoLines),
      seg(9, null, 'コンサルタント', 'consultant', 'なるほど、もう少し聞かせてください。'),
    ];

    it.each<[string, Transcript, string?]>([
      ['voice-tags.vtt', { format: 'vtt', encoding: 'utf-8', segments: [consultant, client(twoLines), closing] }],
      ['colon-speakers.srt', { format: 'srt', encoding: 'utf-8', segments: [consultant, client(twoLines), closing] }],
      ['segments.json', { format: 'json', encoding: 'utf-8', segments: [consultant, client(oneLine), closing] }],
      [
        'openai-verbose.json',
        {
          format: 'json',
          encoding: 'utf-8',
          segments: [
            seg(1, 4, 'unknown', 'client', '今日はどうされましたか。'),
            seg(4, 9.5, 'unknown', 'client', oneLine),
            seg(9.5, 12, 'unknown', 'client', 'なるほど、もう少し聞かせてください。'),
          ],
        },
      ],
      [
        'openai-diarized.json',
        {
          format: 'json',
          encoding: 'utf-8',
          segments: [
            seg(1, 4, 'A', 'consultant', '今日はどうされましたか。'),
            seg(4, 9.5, 'B', 'client', oneLine),
            seg(9.5, 12, 'A', 'consultant', 'なるほど、もう少し聞かせてください。'),
          ],
        },
        'A',
      ],
      ['colon-speakers.txt', { format: 'text', encoding: 'utf-8', segments: textSegments }],
      ['colon-speakers.sjis-crlf.txt', { format: 'text', encoding: 'shift_jis', segments: textSegments }],
      ['colon-speakers.utf16le-bom.txt', { format: 'text', encoding: 'utf-16le', segments: textSegments }],
    ])('parses testdata/%s', (name, expected, consultantSpeaker) => {
      const buf = readFileSync(new URL(`./testdata/${name}`, import.meta.url));
      expect(parseTranscript(buf, { file: name, ...(consultantSpeaker ? { consultantSpeaker } : {}) })).toEqual(expected);
    });
  });
});

describe('detectFormat', () => {
  it.each([
    ['a.vtt', 'anything', 'vtt'],
    ['A.VTT', 'anything', 'vtt'],
    ['s3://bucket/in/a.srt', 'anything', 'srt'],
    ['a.json', 'anything', 'json'],
    ['a.txt', 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi', 'text'],
    ['a', 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi', 'vtt'],
    ['a.transcript', '\n\nWEBVTT - session\n', 'vtt'],
    ['a', '1\n00:00:01,000 --> 00:00:02,000\nhi', 'srt'],
    ['a.dat', '  {"segments": []}', 'json'],
    ['a', '[00:00:01] 田中：はい', 'text'],
    ['a.md', '田中：はい', 'text'],
    ['a', '1\nhello', 'text'],
  ] as const)('%s with %j is %s', (file, content, format) => {
    expect(detectFormat(file, content)).toBe(format);
  });
});

describe('error messages never quote transcript text', () => {
  it.each([
    ['broken.vtt', 'WEBVTT\n\n00:00:01.000 --> 山田花子: 転職したいです\nCC: はい\n'],
    ['broken.srt', '1\n山田花子: 転職したいです\n'],
    ['broken.json', '{"segments": [{"speaker": "山田花子", "text": "転職したいです" oops'],
  ])('%s', (file, content) => {
    let message = '';
    try {
      parseTranscript(Buffer.from(content), { file });
    } catch (err) {
      message = err instanceof TranscriptError ? err.describe() : String(err);
    }
    expect(message).toMatch(/broken\.(vtt|srt|json)/);
    expect(message).not.toMatch(/山田|転職/);
  });
});
