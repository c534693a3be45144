import { beforeAll, describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer, type JaTokenizer } from '../analyze/tokenizer.js';
import type { Segment } from '../schemas.js';
import { nameForms } from './context.js';
import { apply, detect, redactSegments, redactText, type RedactContext } from './redact.js';

let tokenizer: JaTokenizer;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
});

const ja = (extra: Partial<RedactContext> = {}): RedactContext => ({
  language: 'ja',
  speakerNames: ['山田 花子'],
  companyName: '株式会社サンプル',
  tokenizer,
  ...extra,
});
const en = (extra: Partial<RedactContext> = {}): RedactContext => ({ language: 'en', speakerNames: ['Emily Clark'], companyName: 'Acme Corp', ...extra });
const redact = (text: string, ctx: RedactContext): string => apply(text, detect(text, ctx));

describe('redaction, Japanese', () => {
  it.each([
    ['speaker name, full and in parts, with and without honorific', '山田です。花子と呼ばれています。山田花子、山田 花子さん。', '[PERSON]です。[PERSON]と呼ばれています。[PERSON]、[PERSON]さん。'],
    ['names before honorifics and titles (人名, 地域, unknown words)', '佐藤部長とミカさん、Johnさん、林さん、千葉課長に相談した。', '[PERSON]部長と[PERSON]さん、[PERSON]さん、[PERSON]さん、[PERSON]課長に相談した。'],
    ['common nouns before さん are not names', 'お客さんや営業さん、お母さんの話。', 'お客さんや営業さん、お母さんの話。'],
    ['kuromoji 人名 without honorific', '鈴木一郎が担当です。', '[PERSON]が担当です。'],
    ['マイナンバー is not a name', 'マイナンバーカードを作った。', 'マイナンバーカードを作った。'],
    ['email', 'メールはhanako.yamada@example.co.jpです。', 'メールは[EMAIL]です。'],
    ['email with full-width characters', 'ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｃｏｍに', '[EMAIL]に'],
    ['phones: hyphens, none, full-width, +81, parentheses', '０９０－１２３４－５６７８、03-1234-5678、09012345678、+81 90-1234-5678、(03)1234-5678です。', '[PHONE]、[PHONE]、[PHONE]、[PHONE]、[PHONE]です。'],
    ['phone written with ー', '携帯は090ー1234ー5678です', '携帯は[PHONE]です'],
    ['URLs', 'URLはhttps://example.com/path?q=1です。www.example.jpとexample.comも。', 'URLは[URL]です。[URL]と[URL]も。'],
    ['postal code and address', '〒100-0005 東京都千代田区丸の内1-2-3に住んでいます。', '[ADDRESS] [ADDRESS]に住んでいます。'],
    ['addresses up to the house number; a prefecture alone is kept', '大阪府大阪市北区梅田一丁目2番3号、横浜市中区山下町1-2。東京都内で働く。', '[ADDRESS]、[ADDRESS]。東京都内で働く。'],
    ['employee number and マイナンバー', '社員番号はA12345です。マイナンバーは1234 5678 9012です。', '社員番号は[ID]です。マイナンバーは[ID]です。'],
    ['birthdays', '生年月日は1990年4月1日です。誕生日は3月3日。平成2年4月1日生まれ。', '生年月日は[DATE]です。誕生日は[DATE]。[DATE]生まれ。'],
    ['other dates are kept', '面談は2026年10月3日です。', '面談は2026年10月3日です。'],
    [
      'organisations: legal forms, suffixes, kuromoji 組織, the company name',
      '株式会社サンプルに勤めています。前職はABCテクノロジー株式会社、トヨタ自動車、三井住友銀行、サンプル商事。',
      '[ORG]に勤めています。前職は[ORG]、[ORG]、[ORG]、[ORG]。',
    ],
    ['generic bank words are kept; ㈱ is a legal form', '地方銀行から㈱ミライへ。', '地方銀行から[ORG]へ。'],
    ['the company name without its legal form', 'サンプルの仕事は好きです。', '[ORG]の仕事は好きです。'],
    ['acronyms are not organisations', 'AIとDXの研修。', 'AIとDXの研修。'],
  ])('%s', (_label, text, expected) => {
    expect(redact(text, ja())).toBe(expected);
  });

  it('finds names before honorifics without a tokenizer (pattern fallback)', () => {
    expect(redact('高橋さんと営業さんとミカさん。', ja({ tokenizer: undefined, speakerNames: [] }))).toBe('[PERSON]さんと営業さんと[PERSON]さん。');
  });

  it('maps spans found in the NFKC view back to full-width originals', () => {
    const text = '電話は０９０－１２３４－５６７８です';
    expect(detect(text, ja())).toEqual([{ start: 3, end: 16, kind: 'PHONE', source: 'regex:phone' }]);
  });
});

describe('redaction, English', () => {
  it.each([
    ['speaker names (capitalised) and titled names', 'I told Emily and Mr. Johnson, then Clark and Dr. Smith.', 'I told [PERSON] and Mr. [PERSON], then [PERSON] and Dr. [PERSON].'],
    ['lowercase words equal to a name part are kept', 'I will clark in.', 'I will clark in.'],
    ['organisations', 'I worked at Globex Inc. before Acme Corp hired me.', 'I worked at [ORG]. before [ORG] hired me.'],
    ['email', 'Write to emily.clark@acme.com please.', 'Write to [EMAIL] please.'],
    ['US and UK phones', 'Call (555) 123-4567, 555-123-4567, +1 555 123 4567, +44 20 7946 0958 or 020 7946 0958.', 'Call [PHONE], [PHONE], [PHONE], [PHONE] or [PHONE].'],
    ['URL', 'See https://acme.example.org/jobs. Thanks', 'See [URL]. Thanks'],
    ['address and UK postcode', 'I live at 221 Baker Street, London NW1 6XE.', 'I live at [ADDRESS], London [ADDRESS].'],
    ['employee ID', 'My employee ID is E-20931.', 'My employee ID is [ID].'],
    ['birthday', 'My birthday is March 3, 1985 and my date of birth is on file.', 'My birthday is [DATE] and my date of birth is on file.'],
  ])('%s', (_label, text, expected) => {
    expect(redact(text, en())).toBe(expected);
  });
});

describe('speaker names', () => {
  it('ignores role words and diarisation labels', () => {
    expect(nameForms(['CC', 'コンサルタント', 'Client', '相談者', 'SPEAKER_00', '話者1', 'A', 'Speaker 2'])).toEqual({ free: new Set(), withHonorific: new Set() });
  });

  it('derives full names, parts, and honorific-only forms for short parts', () => {
    const forms = nameForms(['林 美紀さん', 'taro yamada']);
    expect(forms).toEqual({
      free: new Set(['林 美紀', '林美紀', '美紀', 'taro yamada', 'Taro Yamada', 'TARO YAMADA', 'taro', 'Taro', 'TARO', 'yamada', 'Yamada', 'YAMADA']),
      withHonorific: new Set(['林']),
    });
    expect(redact('林さんと林業の話。', ja({ speakerNames: ['林 美紀'] }))).toBe('[PERSON]さんと林業の話。');
  });
});

describe('redactSegments', () => {
  it('redacts every segment, keeps speaker labels, counts merged spans', () => {
    const segments: Segment[] = [
      { start: 0, end: 4, speaker: 'CC', role: 'consultant', text: '山田さん、今日はどうされましたか。' },
      { start: 4, end: 9, speaker: '山田 花子', role: 'client', text: '上司の佐藤部長のことで。連絡は090-1234-5678まで。' },
    ];
    expect(redactSegments(segments, ja())).toEqual({
      segments: [
        { start: 0, end: 4, speaker: 'CC', role: 'consultant', text: '[PERSON]さん、今日はどうされましたか。' },
        { start: 4, end: 9, speaker: '山田 花子', role: 'client', text: '上司の[PERSON]部長のことで。連絡は[PHONE]まで。' },
      ],
      redactions: 3,
    });
  });

  it('counts nothing in clean text', () => {
    expect(redactText('転職を考えています。', ja())).toEqual({ text: '転職を考えています。', redactions: 0 });
  });
});
