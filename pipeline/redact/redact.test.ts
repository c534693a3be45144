import { beforeAll, describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer, type JaTokenizer } from '../analyze/tokenizer.js';
import type { Segment } from '../schemas.js';
import { nameForms } from './context.js';
import { isValidMyNumber } from './detectors.js';
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
/** Speech without speaker names, one text or a session of client turns (the names13 and redact14 blocks). */
const speechJa = (text: string): string => redact(text, { language: 'ja', speakerNames: [], tokenizer });
const speechEn = (text: string): string => redact(text, { language: 'en', speakerNames: [] });
const speechSession = (texts: readonly string[], ctx: Partial<RedactContext> = {}, language: 'ja' | 'en' = 'ja'): string[] =>
  redactSegments(
    texts.map((text, i) => ({ start: i, end: i + 1, speaker: 'A', role: 'client' as const, text })),
    language === 'ja' ? { language, speakerNames: [], tokenizer, ...ctx } : { language, speakerNames: [], ...ctx },
  ).segments.map((s) => s.text);

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
    // kuromoji tags 衆院, 参院 and 阪神 organisations; in an election, a sitting or a disaster they name no employer.
    ['a house or region inside an election, a sitting or a disaster is no organisation', '父は衆院選の開票を見て、祖母は阪神淡路大震災の話をした。参院本会議は中継された。', '父は衆院選の開票を見て、祖母は阪神淡路大震災の話をした。参院本会議は中継された。'],
    ['the same word alone is still one', '兄は阪神に勤めています。', '兄は[ORG]に勤めています。'],
    ['a brand kuromoji does not know, before の and its products', 'ソラミエの新商品は売れてます。', '[ORG]の新商品は売れてます。'],
    ['but not a word kuromoji knows, before の and products', 'うちの商品とセットの商品を並べた。', 'うちの商品とセットの商品を並べた。'],
    ['a rival named where rivalry is said', 'ケルビナスがまた安いのを出してきて、対抗しないと。', '[ORG]がまた安いのを出してきて、対抗しないと。'],
    ['no rival without rivalry said', 'ケルビナスがまた安いのを出してきて。', 'ケルビナスがまた安いのを出してきて。'],
    ['a company by the job applied for there', '森乃屋食堂の、店長候補の職種で応募しました。', '[ORG]の、店長候補の職種で応募しました。'],
    ['not a generic word before the job', '今の会社の、経理のポジションで。営業の職種で応募した。', '今の会社の、経理のポジションで。営業の職種で応募した。'],
  ])('%s', (_label, text, expected) => {
    expect(redact(text, ja())).toBe(expected);
  });

  it('finds names before honorifics without a tokenizer (pattern fallback)', () => {
    expect(redact('高橋さんと営業さんとミカさん。', ja({ tokenizer: undefined, speakerNames: [] }))).toBe('[PERSON]さんと営業さんと[PERSON]さん。');
  });

  it('maps spans found in the NFKC view back to full-width originals', () => {
    const text = '電話は０９０－１２３４－５６７８です';
    // The phone is also a long number; apply keeps the more specific kind.
    expect(detect(text, ja())).toEqual([
      { start: 3, end: 16, kind: 'PHONE', source: 'regex:phone' },
      { start: 3, end: 16, kind: 'ID', source: 'regex:long-number' },
    ]);
    expect(redact(text, ja())).toBe('電話は[PHONE]です');
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
    ['an id after a label with \'s or was', "The staff number's Q-7710, and my badge number was 40-1187.", "The staff number's [ID], and my badge number was [ID]."],
    ['a name after a kin or friend cue that opens the sentence', 'My cousin Oisin moved to Leeds. Our flatmate Dervla stayed, and my sister-in-law Aisling.', 'My cousin [PERSON] moved to Leeds. Our flatmate [PERSON] stayed, and my sister-in-law [PERSON].'],
    ['a name said, then who the person is', "So Saoirse, that's my fiancée, wants to stay.", "So [PERSON], that's my fiancée, wants to stay."],
    ['a name the dictionary does not know, as the subject of a verb of saying', 'Then Oisin said no, Kowalczyk-san told me, and Mum said nothing.', 'Then [PERSON] said no, [PERSON]-san told me, and Mum said nothing.'],
    ['a name placed by where the person works', 'I asked Radhika from accounts, and Monday at work was busy.', 'I asked [PERSON] from accounts, and Monday at work was busy.'],
    ['words after a cue or before one that are no names', 'My mate said Yes, that\'s my boss. Honestly, my partner agrees.', 'My mate said Yes, that\'s my boss. Honestly, my partner agrees.'],
    ['interjections, romaji titles and a word capitalised after a capital pronoun are no names', 'Ok, my boss agreed. Senpai told me to wait. Our lead Developer left, our lead Priyanka stayed.', 'Ok, my boss agreed. Senpai told me to wait. Our lead Developer left, our lead [PERSON] stayed.'],
  ])('%s', (_label, text, expected) => {
    expect(redact(text, en())).toBe(expected);
  });
});

describe('the company in romaji', () => {
  it('takes the whole name said in romaji before its short form, and a country after it', () => {
    const ctx = ja({ speakerNames: [], companyName: '株式会社駿府園芸', companyAliases: ['駿府園'] });
    expect(redact('Sunpu-en USA と Sunpu-en の二つ。', ctx)).toBe('[ORG] と [ORG] の二つ。');
  });
});

describe('speaker names', () => {
  it('ignores role words and diarisation labels', () => {
    expect(nameForms(['CC', 'コンサルタント', 'Client', '相談者', 'SPEAKER_00', '話者1', 'A', 'Speaker 2'])).toEqual({ free: new Set(), withHonorific: new Set() });
  });

  it('ignores a job written as the label, not a name that ends like one', () => {
    expect(nameForms(['衛生士', '動物看護師'])).toEqual({ free: new Set(), withHonorific: new Set() });
    expect(nameForms(['早乙女']).free).toEqual(new Set(['早乙女']));
  });

  it('redacts a katakana speaker label wherever it is said, even one that sounds like a job (パーカー, ハンター are surnames too)', () => {
    expect(redact('パーカーです。よろしくお願いします。', ja({ speakerNames: ['パーカー'] }))).toBe('[PERSON]です。よろしくお願いします。');
    expect(redact('ハンターさんにも相談しました。', ja({ speakerNames: ['ハンター'] }))).toBe('[PERSON]さんにも相談しました。');
    expect(redact('マリーは来月から異動です。', ja({ speakerNames: ['マリー'] }))).toBe('[PERSON]は来月から異動です。');
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
  it('redacts every segment, keeps speaker labels, counts merged spans and says where they were', () => {
    const segments: Segment[] = [
      { start: 0, end: 4, speaker: 'CC', role: 'consultant', text: '山田さん、先週の件はその後どうですか。' },
      { start: 4, end: 9, speaker: '山田 花子', role: 'client', text: '上司の佐藤部長のことで。連絡は090-1234-5678まで。' },
    ];
    const { tokens, spans, spared, ...rest } = redactSegments(segments, ja());
    expect(spared).toEqual([]);
    expect(rest).toEqual({
      segments: [
        { start: 0, end: 4, speaker: 'CC', role: 'consultant', text: '[PERSON]さん、先週の件はその後どうですか。' },
        { start: 4, end: 9, speaker: '山田 花子', role: 'client', text: '上司の[PERSON]部長のことで。連絡は[PHONE]まで。' },
      ],
      redactions: 3,
    });
    // where each placeholder went, as offsets in the segment's original text
    expect(spans.map((list, i) => list.map((sp) => segments[i]?.text.slice(sp.start, sp.end)))).toEqual([['山田'], ['佐藤', '090-1234-5678']]);
    // The morphemes of each redacted client text, from the one tokenization detection used
    // (analysis reads the client only: none for the consultant).
    expect(tokens.map((t) => t?.text ?? null)).toEqual([null, '上司の[PERSON]部長のことで。連絡は[PHONE]まで。']);
    expect(tokens[1]?.tokens.map((t) => t.token.surface_form)).toEqual(['上司', 'の', '部長', 'の', 'こと', 'で', '。', '連絡', 'は', 'まで', '。']);
  });

  it('names a one-kanji name it left standing as a word (桜の件で beside 桜さん), for analysis to keep out of the keywords', () => {
    const segments: Segment[] = [
      { start: 0, end: 1, speaker: 'CC', role: 'consultant', text: '桜さんとはその後どうですか。' },
      { start: 1, end: 2, speaker: '相談者', role: 'client', text: '桜とは話しません。桜の件で残業です。' },
    ];
    const r = redactSegments(segments, ja());
    expect(r.segments[1]?.text).toBe('[PERSON]とは話しません。桜の件で残業です。');
    expect(r.spared).toEqual(['桜']);
  });

  it('attack: a known name\'s one-kanji part inside another word (誠 of 誠実) is not listed as spared, which queue mode stores in the clear', () => {
    // The manifest names the employee 宇佐美 誠 and the consultant 森 翔 (kept sealed); the
    // employee says words that merely hold those kanji.
    const segments: Segment[] = [
      { start: 0, end: 1, speaker: 'CC', role: 'consultant', text: 'その後はどうですか。' },
      { start: 1, end: 2, speaker: '相談者', role: 'client', text: '誠実に働きたいです。森林浴が好きで、飛翔したい。' },
    ];
    const r = redactSegments(segments, ja({ knownNames: ['宇佐美 誠', '森 翔'] }));
    expect(r.segments[1]?.text).toBe('誠実に働きたいです。森林浴が好きで、飛翔したい。');
    expect(r.spared).toEqual([]);
  });

  it('redacts a legal form said 100,000 times as one organisation (its time: npm run bench:hostile)', () => {
    // A tokenizer that answers at once, so that only the detectors are timed: one 株式会社 a token.
    const legalForms: JaTokenizer = {
      tokenize: (text) =>
        Array.from({ length: text.length / 4 }, (_, k) => ({ surface_form: '株式会社', word_position: 4 * k + 1, pos: '名詞', pos_detail_1: '一般', pos_detail_2: '*', pos_detail_3: '*', conjugated_form: '*', basic_form: '株式会社', word_type: 'KNOWN' })),
    };
    expect(redactText('株式会社'.repeat(100_000), { language: 'ja', speakerNames: [], tokenizer: legalForms }).text).toBe('[ORG]');
  });

  it('survives a hostile segment: one surname said 20,000 times is redacted, not compiled into a pattern too large to build', () => {
    const segments: Segment[] = [
      { start: 0, end: 1, speaker: 'A', role: 'client', text: '山田'.repeat(20_000) },
      { start: 1, end: 2, speaker: 'CC', role: 'consultant', text: '山田さんのことですね。' },
    ];
    const out = redactSegments(segments, ja({ speakerNames: [] })).segments.map((s) => s.text);
    expect(out.join('')).not.toContain('山田');
  });

  it('finds a name at the end of a 2,000-character monologue without punctuation, where the tokenizer cuts it', () => {
    const monologue = 'それで仕事がうまくいかなくて毎日つらいと思っていて'.repeat(100).slice(0, 1_999);
    expect(redactText(`${monologue}ゆうきくんがね`, ja({ speakerNames: [] })).text).not.toContain('ゆうき');
  });

  it('carries more than a thousand names found in a session to its other segments', () => {
    // Made-up surnames, none a word: 1,500 of them need two of the session's patterns.
    const letters = 'bcdfghjklmnprstvz';
    const vowels = 'aeiou';
    const names = Array.from({ length: 1_500 }, (_, k) => `Q${vowels[k % 5]}${letters[Math.floor(k / 5) % 17]}${vowels[Math.floor(k / 85) % 5]}${letters[Math.floor(k / 425) % 17]}`);
    expect(new Set(names).size).toBe(1_500);
    // (said after a preposition of place, so `unknown-capitals.ts` leaves them as towns)
    const later: Segment = { start: 1, end: 2, speaker: 'E', role: 'client', text: `${names.map((n) => `the file in ${n}`).join(', ')}.` };
    const intro: Segment = { start: 0, end: 1, speaker: 'C', role: 'consultant', text: `${names.map((n) => `Mr. ${n}`).join(', ')}.` };
    // Said alone, the bare names are not found; after the introductions every one is.
    const alone = redactSegments([later], en({ speakerNames: [] })).segments[0]?.text ?? '';
    const afterIntro = redactSegments([intro, later], en({ speakerNames: [] })).segments[1]?.text ?? '';
    expect(names.filter((n) => alone.includes(n))).toHaveLength(1_500);
    expect(names.filter((n) => afterIntro.includes(n))).toEqual([]);
  });

  it('counts nothing in clean text', () => {
    expect(redactText('転職を考えています。', ja())).toEqual({ text: '転職を考えています。', redactions: 0 });
  });
});

describe('context and list detectors, Japanese', () => {
  const ctx = (): RedactContext => ({ language: 'ja', speakerNames: [], tokenizer });
  it.each([
    ['listed surnames kuromoji reads as common nouns, before a title', '父の主治医の大橋先生からは、施設も考えたほうがいいって。', '父の主治医の[PERSON]先生からは、施設も考えたほうがいいって。'],
    ['children and kin by name', '上の子は5年生で、あかりが習い事、下の子の陽翔が幼稚園です。妻の真由美も。', '上の子は5年生で、[PERSON]が習い事、下の子の[PERSON]が幼稚園です。妻の[PERSON]も。'],
    ['a name after a label; 苗字が変わりました is no name', '旧姓は吉村で、今は松岡になりました。苗字が変わりました。', '旧姓は[PERSON]で、今は[PERSON]になりました。苗字が変わりました。'],
    ['self-introductions', 'カウンセラーの西です。少し遅れました。三浦です。大丈夫です。', 'カウンセラーの[PERSON]です。少し遅れました。[PERSON]です。大丈夫です。'],
    ['naming phrases (っていう子, っていう、)', '入社3年目の伊藤っていう子なんです。中川っていう、新人のころの同期。', '入社3年目の[PERSON]っていう子なんです。[PERSON]っていう、新人のころの同期。'],
    [
      'schools, clinics and care homes by name',
      '息子は県立白鷺高校、娘は市立桜台小学校です。駅ビルの、みなとメンタルクリニックと、ひだまり苑。',
      '息子は[ORG]、娘は[ORG]です。駅ビルの、[ORG]と、[ORG]。',
    ],
    ['a clinic named by a time noun that is also a name', '千代メンタルクリニックに通ってます。', '[ORG]に通ってます。'],
    ['a school year, a time or adverb before a kind of facility, and a clause before 会社 are kept', '上の子が中三で、娘が来年小学校。一度病院で診てもらう。僕のせいじゃねえって、会社も言った。', '上の子が中三で、娘が来年小学校。一度病院で診てもらう。僕のせいじゃねえって、会社も言った。'],
    ['kinds of school or clinic are kept', '大きい病院と近くの保育園、総合病院、心療内科、大学病院に行った。', '大きい病院と近くの保育園、総合病院、心療内科、大学病院に行った。'],
    ['a company moved to, named by a place and a word kuromoji does not know', '同期が、四国テクノリンクに移ったんです。東京に移って、営業に移った。', '同期が、[ORG]に移ったんです。東京に移って、営業に移った。'],
    ['a company called so in dialect (っちゅう / っつう)', 'サクラテックっちゅう会社に移ったと。', '[ORG]っちゅう会社に移ったと。'],
    ['a company that poached someone or that someone transferred to', '先輩が、ミナトクラフトに引き抜かれて。後輩はアルテミスフーズに移籍した。', '先輩が、[ORG]に引き抜かれて。後輩は[ORG]に移籍した。'],
    ['companies by what is said about them', 'ひまわりソフトの選考に進むことになって。グローバルテックさんで人を探してるって。', '[ORG]の選考に進むことになって。[ORG]さんで人を探してるって。'],
    ['generic employers are kept', '転職先の面接と、他社の面接と、IT企業の面接。', '転職先の面接と、他社の面接と、IT企業の面接。'],
    ['a legal form continues over the nouns kuromoji joins (日の出)', '株式会社日の出コンサルティングで人を探してる。', '[ORG]で人を探してる。'],
    ['loanwords, （笑） and 毎日 are no names', 'ケアマネさんと話して（笑）、毎日大変です。', 'ケアマネさんと話して（笑）、毎日大変です。'],
    ['an id near its label, long numbers, マイナンバー', '社員番号を入れる欄があって、20-44718で入れました。番号は402396187354。口座は12345678です。', '社員番号を入れる欄があって、[ID]で入れました。番号は[ID]。口座は[ID]です。'],
    ['amounts and counts are kept', '年収は1200万円で、社員は3000人です。', '年収は1200万円で、社員は3000人です。'],
    ['a birthday before 誕生日', '11月23日が誕生日で、30になります。', '[DATE]が誕生日で、30になります。'],
  ])('%s', (_label, text, expected) => {
    expect(redact(text, ctx())).toBe(expected);
  });
});

describe('context and list detectors, English', () => {
  const ctx = (): RedactContext => ({ language: 'en', speakerNames: [] });
  it.each([
    ['listed given names with their surname', "My manager, Linda Park, hasn't been told. Greg came from Whitmore Consulting Group.", "My manager, [PERSON], hasn't been told. [PERSON] came from [ORG]."],
    ['kin cues, introductions, romaji with -san', "My sister Yuko lives in Kobe. I'm Ohno, your career consultant. Sakamoto-san called.", "My sister [PERSON] lives in Kobe. I'm [PERSON], your career consultant. [PERSON]-san called."],
    ['ambiguous names need a surname', "I'm Japanese and I'm Fine. Mark my words. Will you come? In May I met Grace Hopper.", "I'm Japanese and I'm Fine. Mark my words. Will you come? In May I met [PERSON]."],
    [
      'organisations: suffixes, universities, workplaces, CamelCase brands',
      "The bank is Eastbridge Bank. I did my degree at the University of Leeds. I've been at Hokuto Kensetsu for ten years. NextLink and LinkedIn.",
      "The bank is [ORG]. I did my degree at the [ORG]. I've been at [ORG] for ten years. [ORG] and LinkedIn.",
    ],
    [
      'capitalised words the dictionary does not know, said of a person',
      "One of my reports, Anjali, she's new. They were on Anjali's team. Ha. Jenkins. Great guy.",
      "One of my reports, [PERSON], she's new. They were on [PERSON]'s team. Ha. [PERSON]. Great guy.",
    ],
    ['brands, words and places in the same places stay', 'Haha. Oof. Google. Figma\'s pricing. My tools, Jira, they work. Paris. Great city.', 'Haha. Oof. Google. Figma\'s pricing. My tools, Jira, they work. Paris. Great city.'],
    ['Japanese addresses in romaji, postal codes', 'I live at 2-15-6 Minatomirai, Nishi-ku, Yokohama 220-0012.', 'I live at [ADDRESS] [ADDRESS].'],
    ['a town and its block in romaji, with or without a house number', 'We moved to Kamiyama-higashi 3-chome. Her flat is in Nishiki 2-chome 5-11, mine in 4-chome Sakuragi.', 'We moved to [ADDRESS]. Her flat is in [ADDRESS], mine in [ADDRESS].'],
    ['a rival or competitor named after a comma', 'He went over to a competitor, Brevanta, last year. Our rival, Quellix, is cheaper.', 'He went over to a competitor, [ORG], last year. Our rival, [ORG], is cheaper.'],
    ['a job after account and a romaji place before a word for a place stay', 'I am account manager for the Kansai region, near Umeda station.', 'I am account manager for the Kansai region, near Umeda station.'],
    ['a plain word said to be the account is a handle', 'My account is sunflower.', 'My account is [ID].'],
    ['a listed English name before a word for a place is still a person', 'I reported to Kelly area manager, then Sarah district office called me.', 'I reported to [PERSON] area manager, then [PERSON] district office called me.'],
    ['a plain word after any other label is a handle, even a common word', 'My Instagram account sunshine has the photos.', 'My Instagram account [ID] has the photos.'],
    ['an organisation or a person introduced by what they are and called / named', 'She joined a startup called Brightwell. A friend called Tomasz helped. An agency named The Best, and I was called Monday.', 'She joined a startup called [ORG]. A friend called [PERSON] helped. An agency named The Best, and I was called Monday.'],
    ['a word after competitor or rival that is common stays', 'The competitors, I think, are fine. Our rival, The big one, is slow.', 'The competitors, I think, are fine. Our rival, The big one, is slow.'],
  ])('%s', (_label, text, expected) => {
    expect(redact(text, ctx())).toBe(expected);
  });
});

describe('マイナンバー check digit', () => {
  it.each([
    ['123456789018', true],
    ['402396187354', true],
    ['555012345676', true],
    ['123456789012', false],
    ['12345678901', false],
  ])('%s → %s', (digits, valid) => {
    expect(isValidMyNumber(digits)).toBe(valid);
  });

  it('finds a valid number without a label, and any 12 digits after the label', () => {
    expect(redact('番号は4023 9618 7354です', ja())).toBe('番号は[ID]です');
    expect(redact('マイナンバーは1234-5678-9012です', ja())).toBe('マイナンバーは[ID]です');
  });
});

describe('names found once are redacted in every segment of the session', () => {
  it('carries a one-kanji name only before a particle, not inside words', () => {
    const segments: Segment[] = [
      { start: 0, end: 1, speaker: 'A', role: 'client', text: '堤っていう後輩がいて。' },
      { start: 1, end: 2, speaker: 'A', role: 'client', text: 'でも堤にまで倒れられたら困る。堤防の話じゃなくて。' },
    ];
    expect(redactSegments(segments, ja({ speakerNames: [] })).segments.map((s) => s.text)).toEqual([
      '[PERSON]っていう後輩がいて。',
      'でも[PERSON]にまで倒れられたら困る。堤防の話じゃなくて。',
    ]);
  });


  it('carries a one-kanji name before の and a copula (whose it is), not before の and a noun', () => {
    const segments: Segment[] = [
      { start: 0, end: 1, speaker: 'A', role: 'client', text: '同期の楓っていう子がいて。' },
      { start: 1, end: 2, speaker: 'A', role: 'client', text: 'そのノート、楓のやったわ。楓の葉っぱみたいな色で。' },
    ];
    expect(redactSegments(segments, ja({ speakerNames: [] })).segments.map((s) => s.text)).toEqual([
      '同期の[PERSON]っていう子がいて。',
      'そのノート、[PERSON]のやったわ。楓の葉っぱみたいな色で。',
    ]);
  });

  it('carries a one-kanji name before の and what a person has or goes through, not before の and a thing', () => {
    const segments: Segment[] = [
      { start: 0, end: 1, speaker: 'A', role: 'client', text: '下の子の楓っていう子が、サッカーやってて。' },
      { start: 1, end: 2, speaker: 'A', role: 'client', text: '楓の試合見に行けない。楓のお迎えも。楓の木の下で。' },
    ];
    expect(redactSegments(segments, ja({ speakerNames: [] })).segments.map((s) => s.text)).toEqual([
      '下の子の[PERSON]っていう子が、サッカーやってて。',
      '[PERSON]の試合見に行けない。[PERSON]のお迎えも。楓の木の下で。',
    ]);
  });

  it('carries a one-kanji name the consultant said with さん before のせい / のおかげ in the client\'s words (attack: the name was left standing and kept as a keyword)', () => {
    const segments: Segment[] = [
      { start: 0, end: 1, speaker: 'C', role: 'consultant', text: '同じ係の楓さんとは、どうですか。' },
      { start: 1, end: 2, speaker: 'A', role: 'client', text: '正直、楓のせいで毎晩遅いんです。楓のおかげで覚えたこともあるけど。' },
    ];
    expect(redactSegments(segments, ja({ speakerNames: [] })).segments.map((s) => s.text)).toEqual([
      '同じ係の[PERSON]さんとは、どうですか。',
      '正直、[PERSON]のせいで毎晩遅いんです。[PERSON]のおかげで覚えたこともあるけど。',
    ]);
  });

  it('carries a two-kana name only before an honorific', () => {
    const segments: Segment[] = [
      { start: 0, end: 1, speaker: 'A', role: 'client', text: 'まいちゃんも疲れてて。' },
      { start: 1, end: 2, speaker: 'A', role: 'client', text: 'まいさんには話しました。まいにち忙しくて。' },
    ];
    expect(redactSegments(segments, ja({ speakerNames: [] })).segments.map((s) => s.text)).toEqual([
      '[PERSON]ちゃんも疲れてて。',
      '[PERSON]さんには話しました。まいにち忙しくて。',
    ]);
  });

  it('carries a company named with its legal form, and a person named with an honorific, to their bare mentions', () => {
    const segments: Segment[] = [
      { start: 0, end: 1, speaker: 'A', role: 'client', text: '株式会社ノヴァクスに行きます。前川さんの紹介です。' },
      { start: 1, end: 2, speaker: 'A', role: 'client', text: 'ノヴァクスでは分析をやります。前川からも聞いて。' },
    ];
    expect(redactSegments(segments, ja({ speakerNames: [] })).segments.map((s) => s.text)).toEqual([
      '[ORG]に行きます。[PERSON]さんの紹介です。',
      '[ORG]では分析をやります。[PERSON]からも聞いて。',
    ]);
  });

  it('carries names across a long session both ways and keeps each client segment its own morphemes', () => {
    // Longer than the batches segments are tokenized in: a name first said in full at the end
    // still reaches a bare mention at the start, and the morphemes stay with their segment.
    const filler = (i: number): Segment => ({ start: i, end: i + 1, speaker: i % 2 === 0 ? 'A' : 'CC', role: i % 2 === 0 ? 'client' : 'consultant', text: `${i}回目の面談です。` });
    const segments: Segment[] = [
      { start: 0, end: 1, speaker: 'A', role: 'client', text: 'ノヴァクスでは分析をやります。' },
      ...Array.from({ length: 148 }, (_, k) => filler(k + 1)),
      { start: 149, end: 150, speaker: 'A', role: 'client', text: '株式会社ノヴァクスに行きます。' },
    ];
    const { segments: out, tokens } = redactSegments(segments, ja({ speakerNames: [] }));
    expect(out.map((s) => s.text)).toEqual(['[ORG]では分析をやります。', ...segments.slice(1, -1).map((s) => s.text), '[ORG]に行きます。']);
    expect(tokens.map((t) => t?.text ?? null)).toEqual(out.map((s) => (s.role === 'client' ? s.text : null)));
    expect(tokens[148]?.tokens.map((t) => t.token.surface_form)).toEqual(['148', '回', '目', 'の', '面談', 'です', '。']);
  });
});


describe('kinds of numbers, organisations and names said in passing (issue 13, eighth pass)', () => {
  it.each([
    ['a number plate, and one with dots before the serial', '軽トラは松本 480 ね 73-15で、妻のは練馬 50 あ ・・62。', '軽トラは[ID]で、妻のは[ID]。'],
    ['a bank account by its type, said in kanji', '振込先は、北陸信用組合の、当座の六二〇九三一五です。', '振込先は、[ORG]の、当座の[ID]です。'],
    ['the 記号 of an insurance card with its 番号', '保険証は記号が五一八の、番号が二〇四七。', '保険証は記号が[ID]の、番号が[ID]。'],
    ['an id read in groups ending in two digits', '入館証の番号、4409 7123 58って言われた。', '入館証の番号、[ID]って言われた。'],
    ['a cooperative by its kind, named in kana and kanji', 'みちのく水産加工協同組合の人が来ます。', '[ORG]の人が来ます。'],
    ['a brand called so in dialect (…いうブランド)', '大阪のルミエール・ソワいうブランドに誘われてん。', '大阪の[ORG]いうブランドに誘われてん。'],
    ['a day service named in kana and kanji', '父はデイサービスすずかけ野に通ってます。', '父は[ORG]に通ってます。'],
    ['a job site named as a sentence of its own after signing up', '求人サイト、登録しといたんです。ジョブクローバー。事務系で。', '求人サイト、登録しといたんです。[ORG]。事務系で。'],
    ['a club named as a sentence of its own after joining, a word kuromoji does not know', '娘がバスケ入ってて。東町ファルコンズ。遠征も多い。', '娘がバスケ入ってて。[ORG]。遠征も多い。'],
    ['a hotel named in kanji kuromoji reads as a number and a counter', '披露宴はホテル八重桜で。', '披露宴は[ORG]で。'],
    ['a job board signed up with after a false start (…に、と、登録)', 'ワクワク求人ナビに、と、登録だけしました。', '[ORG]に、と、登録だけしました。'],
    ['a care centre named in hiragana after its kind', '母はケアセンターせせらぎのショートステイを使ってる。', '母は[ORG]のショートステイを使ってる。'],
  ])('%s', (_label, text, expected) => {
    expect(redact(text, { language: 'ja', speakerNames: [], tokenizer })).toBe(expected);
  });

  it.each([
    ['quantities and ordinary accounts stay', '普通の口座と当座は別で、残高は四十万円。記号が多い書類。', '普通の口座と当座は別で、残高は四十万円。記号が多い書類。'],
    ['counts, and a cooperative by its kind alone, stay', '年間 20 と 10-20回。毎月20と15-20。農業協同組合に勤める。普通の1500000本。', '年間 20 と 10-20回。毎月20と15-20。農業協同組合に勤める。普通の1500000本。'],
    ['a verb after a day service is no part of its name', 'デイサービスさくらに通って、デイサービスで介護してる。', '[ORG]に通って、デイサービスで介護してる。'],
    ['a kind of work or a field said alone after signing up or joining', '派遣に登録したんです。リモートワーク。サッカー部に入ってて。毎日練習。病院に通ってます。心療内科。', '派遣に登録したんです。リモートワーク。サッカー部に入ってて。毎日練習。病院に通ってます。心療内科。'],
    ['a hotel with nights, a room, its trade or its place after it', 'ホテル二泊で。ホテル一室。ホテル業界。ホテル東京駅前に。', 'ホテル二泊で。ホテル一室。ホテル業界。ホテル東京駅前に。'],
    ['a particle or an adverb after a care centre is no name', 'ケアセンターから、電話が来た。ケアセンターだけ。ケアセンターまだ空いてない。', 'ケアセンターから、電話が来た。ケアセンターだけ。ケアセンターまだ空いてない。'],
    ['a particle glued to a care centre and the noun after it are no name', 'ケアセンターまでの送迎。ケアセンターさえあれば。ケアセンターなんて無理。ケアセンターしかない。', 'ケアセンターまでの送迎。ケアセンターさえあれば。ケアセンターなんて無理。ケアセンターしかない。'],
  ])('keeps %s', (_label, text, expected) => {
    expect(redact(text, { language: 'ja', speakerNames: [], tokenizer })).toBe(expected);
  });

  it.each([
    ['a number named by its owner, then given', 'They asked for my locker number, and it is 5520913.', 'They asked for my locker number, and it is [ID].'],
    ['a shop at a bare domain of a newer top-level domain', 'She sells online at hanako-crafts.shop these days.', 'She sells online at [URL] these days.'],
    ['a company by an English ending', 'My cousin moved to Selatan Digital last year.', 'My cousin moved to [ORG] last year.'],
    ['the number of something and an amount stay', 'The number of staff is 12000, and my salary was 45000 dollars.', 'The number of staff is 12000, and my salary was 45000 dollars.'],
  ])('English: %s', (_label, text, expected) => {
    expect(redact(text, { language: 'en', speakerNames: [] })).toBe(expected);
  });

  it('carries a one-kanji name said alone before a laugh or a sentence end, not inside a sentence', () => {
    const segments: Segment[] = [
      { start: 0, end: 1, speaker: 'A', role: 'client', text: '下の子の楓が、来年小学校で。' },
      { start: 1, end: 2, speaker: 'A', role: 'client', text: '秋生まれやから、楓（笑）。名前、気に入っとる。楓の木の下で。' },
    ];
    expect(redactSegments(segments, ja({ speakerNames: [] })).segments.map((s) => s.text)).toEqual([
      '下の子の[PERSON]が、来年小学校で。',
      '秋生まれやから、[PERSON]（笑）。名前、気に入っとる。楓の木の下で。',
    ]);
  });
});

describe('kinds of numbers, organisations, places and names said in passing (issue 13, ninth pass)', () => {
  const jp = (text: string): string => redact(text, { language: 'ja', speakerNames: [], tokenizer });
  it.each([
    ['a hiragana name before 生命 (after a particle letter that follows a kanji)', '保険は、みなせ生命と、窓口のこだま支援センターで相談した。', '保険は、[ORG]と、窓口の[ORG]で相談した。'],
    ['a carrier or a food maker by 航空 / フェリー / フーズ', '兄はルミナリア航空で、私は南海フェリーのあと、ミツワフーズに移った。', '兄は[ORG]で、私は[ORG]のあと、[ORG]に移った。'],
    ['a ward and a place in it', '実家は、北区の赤羽台なんです。', '実家は、[ADDRESS]なんです。'],
    ['a home named before というホーム, kuromoji reading the kana name as other words', '祖母は去年からくすのきの丘というホームにいます。', '祖母は去年から[ORG]というホームにいます。'],
    ['an extension number said after 内線', '総務は内線で、ヨンイチナナハチです。', '総務は内線で、[ID]です。'],
    ['a card number starting with 0 said alone', '薬局のカード、〇〇三八八一六。', '薬局のカード、[ID]。'],
    ['a case number led by a kanji', '申請は、介-二〇二一-〇五五で通った。', '申請は、[ID]で通った。'],
    ['a nickname of common words, called so', 'みんなカンさんって呼んでて、カンさんっつって、昔は大工。後輩には「熊坊」なんて呼ばれた。', 'みんな[PERSON]さんって呼んでて、[PERSON]さんっつって、昔は大工。後輩には「[PERSON]」なんて呼ばれた。'],
    ['a child named alone between the child word and the age', '娘です。紬。二歳。息子、ジュエル。五歳。', '娘です。[PERSON]。二歳。息子、[PERSON]。五歳。'],
    ['an agency of common katakana words before さん, in talk of agencies', '求人サイトとは別に、派遣会社にも登録しました。ミントゲートさん。', '求人サイトとは別に、派遣会社にも登録しました。[ORG]さん。'],
    ['a one-kanji child name with a child illness in the sentence', '下の蒼が喘息で、夜もよく起きる。', '下の[PERSON]が喘息で、夜もよく起きる。'],
  ])('%s', (_label, text, expected) => {
    expect(jp(text)).toBe(expected);
  });

  it.each([
    ['kinds of carriers and centres, a city alone, counts and callings stay', '格安航空券で、高速フェリーに乗った。航空会社の人。地域包括支援センターと子育て支援センター。港区の会社で、横浜市の中心部。', '格安航空券で、高速フェリーに乗った。航空会社の人。地域包括支援センターと子育て支援センター。港区の会社で、横浜市の中心部。'],
    ['a home by its kind, amounts with dots, titles called so', '母は老人ホームっていう施設に。売上は1.500.000円。先輩にはおじさんって呼ばれて、お客さんって呼ぶ。', '母は老人ホームっていう施設に。売上は1.500.000円。先輩にはおじさんって呼ばれて、お客さんって呼ぶ。'],
    ['jobs of katakana words before さん in talk of agencies', '派遣会社に登録したら、ホームヘルパーさんとホールスタッフさんを勧められた。', '派遣会社に登録したら、ホームヘルパーさんとホールスタッフさんを勧められた。'],
    ['a count or a common word between the child word and the age', '息子、一人。十歳。娘です。ハーフ。三歳。', '息子、一人。十歳。娘です。ハーフ。三歳。'],
  ])('keeps %s', (_label, text, expected) => {
    expect(jp(text)).toBe(expected);
  });

  it.each([
    ['a spoken e-mail whose local part ends in digits said as words', 'It is rosalind dot okafor seven seven at gmail dot com.', 'It is [EMAIL].'],
    ['a spoken e-mail in Portuguese (ponto, arroba)', 'Escreve: beatriz ponto lima arroba gmail ponto com.', 'Escreve: [EMAIL].'],
    ['a Discord tag with its number', 'Add me on Discord, kei_draws#2207, any time.', 'Add me on Discord, [ID], any time.'],
    ['a Brazilian CPF with dots and its check digits', 'My CPF is 512.408.337-21 on the form.', 'My CPF is [ID] on the form.'],
    ['a school in romaji by its English kind', 'I teach at Minami Oka Junior High on Fridays.', 'I teach at [ORG] on Fridays.'],
    ['an agency named after the headhunter', 'I met a recruiter, Diana from Harbor Talent, last week.', 'I met a recruiter, [PERSON] from [ORG], last week.'],
  ])('English: %s', (_label, text, expected) => {
    expect(redact(text, { language: 'en', speakerNames: [] })).toBe(expected);
  });

  it('English: keeps an amount with dots, a plain "at" and a junior high said generically', () => {
    const text = 'The price was 1.250.000 reais. I will meet you at noon. She goes to a Japanese Junior High.';
    expect(redact(text, { language: 'en', speakerNames: [] })).toBe(text);
  });

  it('carries a two-kana name found in the session to the start of a sentence before a particle, not inside words', () => {
    const segments: Segment[] = [
      { start: 0, end: 1, speaker: 'A', role: 'client', text: 'あやっていうんですけど、妹がいて。' },
      { start: 1, end: 2, speaker: 'A', role: 'client', text: 'あやにも言われた。はなやかだった。' },
    ];
    expect(redactSegments(segments, ja({ speakerNames: [] })).segments.map((s) => s.text)).toEqual(['[PERSON]っていうんですけど、妹がいて。', '[PERSON]にも言われた。はなやかだった。']);
  });

  it("carries a known person's one-kanji given name said alone before a particle, not inside words", () => {
    const segments: Segment[] = [{ start: 0, end: 1, speaker: 'A', role: 'client', text: '夫はいつも「栞が選べばいい」って。栞の木も好き。' }];
    expect(redactSegments(segments, ja({ speakerNames: [], knownNames: ['森川 栞'] })).segments.map((s) => s.text)).toEqual(['夫はいつも「[PERSON]が選べばいい」って。栞の木も好き。']);
  });

  it('a job or a duty written as the speaker label is no name; a surname that sounds like a job still is', () => {
    for (const label of ['運航管理', '窓口担当', '学校事務', 'ケースワーカー', 'キャリアカウンセラー', 'ドライバー']) {
      expect(nameForms([label], tokenizer)).toEqual({ free: new Set(), withHonorific: new Set() });
    }
    expect(redact('窓口担当の仕事はドライバーと違う。', ja({ speakerNames: ['窓口担当', 'ドライバー'] }))).toBe('窓口担当の仕事はドライバーと違う。');
    expect(redact('ハンターさんとブラックウッドさんと中村さん。', ja({ speakerNames: ['ハンター', 'ブラックウッド', '中村'] }))).toBe('[PERSON]さんと[PERSON]さんと[PERSON]さん。');
  });
});

describe('words that are no PII, seen redacted (issue 13, ninth pass)', () => {
  const jp = (text: string): string => redact(text, { language: 'ja', speakerNames: [], tokenizer });
  it.each([
    ['a verb before って、会社', '朝起きられなくなって、会社の医務室に行った。'],
    ['a particle and ちゃんと / a verb ending in たん after a kanji word', '昼もちゃんと食べてる。腰がもたん。'],
    ['とこ after a person and の', '父のとこから戻ってきた。'],
    ['an age said alone before です', '四十二です。'],
    ['大学院 alone, a public office and the forces of the whole country', '大学院で学んで、ハローワークと自衛隊にも行った。'],
    ['an accented phrase quoted in Japanese speech', '「Obrigada, você é gentil」って言われた。'],
    ['a grandfather after a place and の', '田舎のじいさんに会った。'],
    ['a place the name model reads as a surname, said as where one travels to', '来週は、特急で熊谷まで。'],
    ['a katakana word kuromoji reads as a name before a verbal noun and する', '夜中に、コール対応したら眠れない。'],
  ])('keeps %s', (_label, text) => {
    expect(jp(text)).toBe(text);
  });

  it('still takes a surname that is also a place when no travel is said', () => {
    expect(jp('熊谷から連絡があった。')).toBe('[PERSON]から連絡があった。');
  });

  it('still takes an accented full name in Japanese speech', () => {
    expect(jp('友達の名前、Nguyễn Thị Lan、検索したら出るよ。')).toBe('友達の名前、[PERSON]、検索したら出るよ。');
  });

  it.each([
    ['an abbreviation of a degree', 'I hold a B.Ed and a diploma.'],
    ['a listed name said twice, the second time in lower case (a phrase)', 'Hai hai, I understand.'],
    ['a town after in', 'Maybe a post in Kochi next year.'],
  ])('English: keeps %s', (_label, text) => {
    expect(redact(text, { language: 'en', speakerNames: [] })).toBe(text);
  });

  it('English: a romaji name after in that owns a team is still a name', () => {
    expect(redact("I was in Tanaka's team.", { language: 'en', speakerNames: [] })).toBe("I was in [PERSON]'s team.");
  });
});

describe('organisations by what is said after them, and clinics of several departments (issue 13, tenth pass)', () => {
  const jp = (text: string): string => redact(text, { language: 'ja', speakerNames: [], tokenizer });
  it.each([
    ['letters before っていう, a pause and a kind of school', '前は、RZMっていう、プログラミング教室で教えてた。', '前は、[ORG]っていう、プログラミング教室で教えてた。'],
    ['letters before っていう and a school kind', 'QWPっていう語学学校に半年。', '[ORG]っていう語学学校に半年。'],
    ['a name before っていう and a high school', '出身は、楓台っていう高校です。', '出身は、[ORG]っていう高校です。'],
    ['a clinic named before two departments', '毎月、ことり内科小児科に連れてってる。', '毎月、[ORG]に連れてってる。'],
  ])('%s', (_label, text, expected) => {
    expect(jp(text)).toBe(expected);
  });

  it.each([
    ['a phone said in digit words, some one at a time', 'Text me on oh seven nine, double one, four, two eight six, five three one.', 'Text me on [ID].'],
    ['an account number at the end of a sentence', 'The account is 4410-2207-8391.', 'The account is [ID].'],
    ['a surname spelled out', 'Brennagh, that is B-R-E-N-N-A-G-H. And Kowalczyk: K, O, W, A, L, C, Z, Y, K.', '[PERSON], that is [PERSON]. And [PERSON]: [PERSON].'],
    ['a handle said with at and underscore after the platform', 'He is on Instagram as at tomo underscore bikes.', 'He is on Instagram as [ID]'],
    ['a charity of a name and everyday words', 'I volunteer at the Ndola Girls Trust on Sundays.', 'I volunteer at the [ORG] on Sundays.'],
    ['a birthday said as the age one turns on a day, and a year before the day', 'I turn fifty on the third of April. Born nineteen seventy-six, April the third.', 'I turn fifty on [DATE]. Born [DATE].'],
  ])('English: %s', (_label, text, expected) => {
    expect(redact(text, { language: 'en', speakerNames: [] })).toBe(expected);
  });

  it('English: keeps acronyms, counting, a period of years and bodies named by everyday words', () => {
    const text = 'The F-B-I and the U.S.A. Count one, two, three, four. From 2019-2020 I was at the Building Society, then the Parent Teacher Association. A Slack message at night, no Slack after seven. It will turn out fine on the ninth of May.';
    expect(redact(text, { language: 'en', speakerNames: [] })).toBe(text);
  });

  it.each([
    ['a kind of school said as a kind', '料理教室っていう教室に通ってる。', '料理教室っていう教室に通ってる。'],
    ['departments named by what they treat', '消化器内科と循環器内科と、呼吸器内科を回った。', '消化器内科と循環器内科と、呼吸器内科を回った。'],
  ])('keeps %s', (_label, text, expected) => {
    expect(jp(text)).toBe(expected);
  });
});

describe('kinds of speech of issue 13, eleventh pass (lists, asides, spelling-outs, spoken titles)', () => {
  const jp = (text: string): string => redact(text, { language: 'ja', speakerNames: [], tokenizer });
  const eng = (text: string): string => redact(text, { language: 'en', speakerNames: [] });
  it.each([
    ['brands a list puts beside an organisation kuromoji knows', '転職サイトは、ソニーじゃなくて、ワークリンガでもなくて、ジョブメルトの人と話してる。', '転職サイトは、[ORG]じゃなくて、[ORG]でもなくて、[ORG]の人と話してる。'],
    ['a kana given name listed beside a person', '後輩は、あと、ひなたと、ジョージ。', '後輩は、あと、[PERSON]と、[PERSON]。'],
    ['a given name said as a sentence after one about a child', '息子は三歳。はやて。元気すぎて。', '息子は三歳。[PERSON]。元気すぎて。'],
    ['a name spelt out, kanji and reading', '陽翔って書いてハルトって読むんです。', '[PERSON]って書いて[PERSON]って読むんです。'],
    ['a given name before a dialect いう', 'うちの子、ほんまに頑固で。ゆうきいうんですけど。', 'うちの子、ほんまに頑固で。[PERSON]いうんですけど。'],
    ['a university abroad by 留学', '学生のころ、タマサートに交換留学してました。', '学生のころ、[ORG]に交換留学してました。'],
    ['a nursery named by a doubled mimetic word', '下の子は、にこにこ保育園です。', '下の子は、[ORG]です。'],
    ['an organisation said after its clause', 'この前オファー来たんです、ピクセルナから。', 'この前オファー来たんです、[ORG]から。'],
    ['a surname before ってやつ that kuromoji reads as a place', '同期に、我如古ってやつがいて。', '同期に、[PERSON]ってやつがいて。'],
    ['a surname, a space and a given name', '前の上司は、栗山 一輝。厳しかった。', '前の上司は、[PERSON]。厳しかった。'],
    ['a dotted handle in three parts', 'ママ友には、mio.run.0415っていうIDを教えた。', 'ママ友には、[ID]っていうIDを教えた。'],
    ['a driving school by its suffix', '今は、北陸ドライブ教習所で教えてる。', '今は、[ORG]で教えてる。'],
    ['a nickname of the shape kana and っこ after a peer word', '後輩のみっこが、また遅刻して。', '後輩の[PERSON]が、また遅刻して。'],
    ['a surname called out with Kansai やん at a quote\'s start', '社長に「辻やん、元気か」って言われて。', '社長に「[PERSON]やん、元気か」って言われて。'],
    ['a nickname said before a calling phrase in apposition to a named person', '課長の、その、キャプテンって呼ばれてる、猪瀬さん。', '課長の、その、[PERSON]って呼ばれてる、[PERSON]さん。'],
  ])('%s', (_label, text, expected) => {
    expect(jp(text)).toBe(expected);
  });

  it.each([
    ['a list of loanwords and an organisation', 'コーヒーとかスマホとかソニーとか、色々。', 'コーヒーとかスマホとか[ORG]とか、色々。'],
    ['a sentence after one about a child that is no name', '娘は五歳。元気。息子が二人。かわいい。', '娘は五歳。元気。息子が二人。かわいい。'],
    ['a loanword before a dialect いう', 'キャリアデザイン、いうんですけど。仕事いうんは大変や。', 'キャリアデザイン、いうんですけど。仕事いうんは大変や。'],
    ['a word written in kanji that is no name', '紙に「努力」って書いて、はる。', '紙に「努力」って書いて、はる。'],
    ['a country one studies in', 'アメリカに留学したかった。', 'アメリカに留学したかった。'],
    ['a common noun before ってやつ', '仕事ってやつは、上司ってやつは、希望ってやつは。', '仕事ってやつは、上司ってやつは、希望ってやつは。'],
    ['an ex-spouse, an aunt, a time word and ちゃんと', '元夫は東京。隣のおばちゃんが来て、夕方は小学生の部。引き継ぎちゃんとして、休みとかもちゃんと取る。', '元夫は東京。隣のおばちゃんが来て、夕方は小学生の部。引き継ぎちゃんとして、休みとかもちゃんと取る。'],
    ['a noun before に whose predicate is another verb', 'わしは翼に乗ったことないんで、それ言われたら困る。', 'わしは翼に乗ったことないんで、それ言われたら困る。'],
    ['a long-vowel mark and a shout', 'お願いしますー！', 'お願いしますー！'],
    ['a verb with ん before a particle, a dialect negative and a slang adjective in katakana', 'で、電話されたんが、嬉しかった。全然足りん。ヤバいっす。', 'で、電話されたんが、嬉しかった。全然足りん。ヤバいっす。'],
    ['a child held, and a copula after a quality word in a quote', '子どもを抱っこして、「無理やん、そんなん」って。', '子どもを抱っこして、「無理やん、そんなん」って。'],
  ])('keeps %s', (_label, text, expected) => {
    expect(jp(text)).toBe(expected);
  });

  it.each([
    ['a name one asks to be called', 'Call me Benedek, everyone does.', 'Call me [PERSON], everyone does.'],
    ['a surname after a spoken title', 'Coach Horvatin said no. Professor Mbeki agreed.', 'Coach [PERSON] said no. Professor [PERSON] agreed.'],
    ['a workplace after a boss at, and the boss named between commas', 'My first manager at the Halden Otters, Per-Olav Strand, rang me.', 'My first manager at the [ORG], [PERSON], rang me.'],
    ['a recruitment agency by its suffix', 'I went through an agency, Kestrelway Careers, last year.', 'I went through an agency, [ORG], last year.'],
    ['a CamelCase company with its country after it', 'I moved to TealHarbor Japan in May.', 'I moved to [ORG] in May.'],
    ['a name placed in a named office', 'Ask Oyelaran in the Lagos office, she knows.', 'Ask [PERSON] in the Lagos office, she knows.'],
    ['a street address and its town', 'We are at 7 Birch Close, Thatcham, near the station.', 'We are at [ADDRESS], near the station.'],
    ['a UK postcode said letter by letter and in number words', 'The postcode is B N two, four T Q.', 'The postcode is [ADDRESS].'],
  ])('English: %s', (_label, text, expected) => {
    expect(eng(text)).toBe(expected);
  });

  it('English: keeps titles before common words, grades and a town that is a word said alone', () => {
    const text = 'We flew Coach Class and Father Christmas came. I got an A four, seven B plus. My boss at work, Honestly, is fine. It is at 3 King Street, I think.';
    expect(eng(text)).toBe(text.replace('3 King Street', '[ADDRESS]'));
  });
});

describe('kinds of speech of issue 13, twelfth pass (names said alone, places, addresses)', () => {
  const jp = (text: string): string => redact(text, { language: 'ja', speakerNames: [], tokenizer });
  const eng = (text: string): string => redact(text, { language: 'en', speakerNames: [] });
  /** A session of client segments, redacted together (names and places carried across them). */
  const session = (texts: readonly string[], language: 'ja' | 'en' = 'ja'): string[] =>
    redactSegments(
      texts.map((text, i) => ({ start: i, end: i + 1, speaker: 'A', role: 'client' as const, text })),
      language === 'ja' ? { language, speakerNames: [], tokenizer } : { language, speakerNames: [] },
    ).segments.map((s) => s.text);

  it.each([
    ['a child named after which child it is, then its grade', '子どもは二人で、上が律で小三、下が楓、年少です。', '子どもは二人で、上が[PERSON]で小三、下が[PERSON]、年少です。'],
    ['twins named together as a sentence after one about them', '去年、双子が生まれたんです。凛と翠。毎晩大変で。', '去年、双子が生まれたんです。[PERSON]と[PERSON]。毎晩大変で。'],
    ['a one-kanji name after a kin word and a pause, before a dialect いう', 'お袋、雅いうんやけど、足が悪うて。', 'お袋、[PERSON]いうんやけど、足が悪うて。'],
    ['a friend named after 友だちの (a name that is also a word)', '友だちの大和は、もう辞めたって。', '友だちの[PERSON]は、もう辞めたって。'],
    ['a town\'s block said without its city, の inside the town\'s name', '母の家は、鶴ヶ峰の台町五丁目なんです。', '母の家は、[ADDRESS]なんです。'],
    ['a town and the district in it', '実家は白老町竹浦町で、漁師町なんです。', '実家は[ADDRESS]で、漁師町なんです。'],
    ['a surname kuromoji reads as a place before an English title', '来月、品川CEOと面談です。', '来月、[PERSON]CEOと面談です。'],
    ['a foreign name said as who a person is', '今の上司はフランチェスカで、細かい人です。', '今の上司は[PERSON]で、細かい人です。'],
    ['a foreign name kuromoji does not know, as the partner of what one does only with a person', 'ヌワンとは仲いいです。', '[PERSON]とは仲いいです。'],
    ['a pet named after the animal and の', 'うちは猫のムギタロウと犬の小梅がいて。', 'うちは猫の[PERSON]と犬の[PERSON]がいて。'],
    ['a one-kanji name after a kin word, said to work as what only a person is', '姉の渚は、保育士やってて。', '姉の[PERSON]は、保育士やってて。'],
  ])('%s', (_label, text, expected) => {
    expect(jp(text)).toBe(expected);
  });

  it.each([
    ['a sentence after one about twins that is no list of names', '双子が生まれた。嬉しい。', '双子が生まれた。嬉しい。'],
    ['twins as a word before ちゃん', '双子ちゃんの夜泣きが大変で。', '双子ちゃんの夜泣きが大変で。'],
    ['a season before the agent of a passive', '去年の夏に、大学の先輩に誘われて。', '去年の夏に、大学の先輩に誘われて。'],
    ['a role, a nationality, a field and a country said as what a person is or where', '上司はマネージャーで、妻はカナダで働いてる。担当はマーケティングです。', '上司はマネージャーで、妻はカナダで働いてる。担当はマーケティングです。'],
    ['loanwords said of a person with a copula, a cause or a means', '上司はワンマンで、妻はインフルで寝てる。課長はパワハラで訴えられた。妻はワーママで、忙しい。', '上司はワンマンで、妻はインフルで寝てる。課長はパワハラで訴えられた。妻はワーママで、忙しい。'],
    ['loanwords beside what one does with a tool', 'スマホとは仲が悪い。エクセルと一緒に使う。', 'スマホとは仲が悪い。エクセルと一緒に使う。'],
    ['an animal\'s food, litter, walk and voice', '犬のえさ代が高い。猫のトイレが臭う。犬の散歩は夫で、犬の声がうるさい。', '犬のえさ代が高い。猫のトイレが臭う。犬の散歩は夫で、犬の声がうるさい。'],
    ['a child\'s goal said with a copula', '娘の夢は看護師で、息子の将来は医者です。', '娘の夢は看護師で、息子の将来は医者です。'],
    ['a prefix alone before a title', '新部長が来て、前社長は辞めた。新CEOとも話した。', '新部長が来て、前社長は辞めた。新CEOとも話した。'],
    ['a block number said of no town, and words with 町 in them', '三丁目の角を曲がる。町内会の町長と下町の町工場。', '三丁目の角を曲がる。町内会の町長と下町の町工場。'],
  ])('keeps %s', (_label, text, expected) => {
    expect(jp(text)).toBe(expected);
  });

  it('an attacker reading the report cannot learn a child named once beside a name found and then alone', () => {
    const out = session(['弟子は二人いて、湊とカイトさん。', '湊は器用なんですよ。湊だけ残ってくれて。']);
    expect(out.join('')).not.toContain('湊');
  });

  it('keeps a common noun said beside a found name as what is done with the person (と海に, と空を)', () => {
    const out = session(['カイトさんと海に行って、カイトさんと空を見た。海は広い。']);
    expect(out[0]).toBe('[PERSON]さんと海に行って、[PERSON]さんと空を見た。海は広い。');
  });

  it('an attacker cannot learn where a parent lives from the town said alone after the address', () => {
    const out = session(['父の家は、竹浦の浜町三丁目なんです。', 'だから週末は竹浦に帰ってて。']);
    expect(out.join('')).not.toMatch(/竹浦|浜町/u);
  });

  it('keeps a city said alone after an address with its prefecture and ward', () => {
    const out = session(['住所は大阪府大阪市北区梅田一丁目です。', '大阪で働いてて、北区も好き。']);
    expect(out[1]).toBe('大阪で働いてて、北区も好き。');
  });

  it.each([
    ['a spouse named with the speaker and "the wife" after a pause', 'Me and Philippa, the wife, we are fine now.', 'Me and [PERSON], the wife, we are fine now.'],
    ['a colleague named after a role phrase and before he', 'My head baker Nuwan, he runs the mornings.', 'My head baker [PERSON], he runs the mornings.'],
    ['someone named with the speaker, the other way round', 'Then Dariusz and I went to the depot.', 'Then [PERSON] and I went to the depot.'],
    ['a name as the object of a verb said of people', 'So I told Radoslaw about it, and we hired Adaeze last year.', 'So I told [PERSON] about it, and we hired [PERSON] last year.'],
  ])('English: %s', (_label, text, expected) => {
    expect(eng(text)).toBe(expected);
  });

  it('an attacker cannot learn a child named in English beside a sibling the session already has', () => {
    const out = session(['My son Ishaan turned five.', 'Ishaan and Meenakshi fight all day. Ishaan and Google, though.'], 'en');
    expect(out.join(' ')).not.toMatch(/Ishaan|Meenakshi/u);
    expect(out[1]).toContain('and Google');
  });

  it('English: keeps a place and a product said with "our son" or "me and"', () => {
    const text = 'My wife likes Yokohama, our son is at school here. Me and Python, we get on. I emailed Jira support and asked Google.';
    expect(eng(text)).toBe(text);
  });
});

describe('person names and numbers said in speech (issue 13, names13)', () => {
  const jp = speechJa;
  const eng = speechEn;
  const session = speechSession;

  it.each([
    ['a short extension after 内線, in digits and said aloud', '経理は内線305で、受付は内線にいちよんです。', '経理は内線[ID]で、受付は内線[ID]です。'],
    ['a room number after 部屋番号', '寮の部屋番号は、412でした。', '寮の部屋番号は、[ID]でした。'],
  ])('%s', (_label, text, expected) => {
    expect(jp(text)).toBe(expected);
  });

  it('an attacker cannot learn a mobile number whose first group ends one turn and the rest opens the next', () => {
    const out = session(['連絡は携帯の方にお願いしてて、ゼロハチゼロの、', 'ええ。', 'ニーサンヨンゴの、ロクナナハチキュー。']);
    expect(out).toEqual(['連絡は携帯の方にお願いしてて、[PHONE]の、', 'ええ。', '[ID]。']);
  });

  it('an attacker cannot learn a one-kanji name carried to where their family is spoken of', () => {
    const out = session(['先輩の誠さんには、よく飲みに誘われて。', '誠の奥さんとも仲良くなって。森の奥さんの家にも行った。']);
    expect(out).toEqual(['先輩の[PERSON]さんには、よく飲みに誘われて。', '[PERSON]の奥さんとも仲良くなって。森の奥さんの家にも行った。']);
  });

  it('keeps a trade said once with さん and elsewhere as what one becomes, past where it was found', () => {
    const out = session(['いつかは石工になりたくて。', '腕のいい石工さんに習ってる。', '石工の仕事は重い。']);
    expect(out).toEqual(['いつかは石工になりたくて。', '腕のいい[PERSON]さんに習ってる。', '石工の仕事は重い。']);
  });

  it('an attacker cannot hide a colleague behind what one becomes: a name found after の or without さん is still carried', () => {
    const out = session(['上司の栗山さんが来て。', '栗山になりたいとは思わないけど。', '有名な相場さんと、相場が言うには。', '相場になりたい。']);
    expect(out.join('')).not.toMatch(/栗山|相場/u);
  });

  it("keeps Kansai's 人さん (other people) and the 人 said later in the session", () => {
    const out = session(['仕事で人さんの子を預かってる。', 'あの人も大変やし、人が足りへん。']);
    expect(out).toEqual(['仕事で人さんの子を預かってる。', 'あの人も大変やし、人が足りへん。']);
  });

  it('keeps an amount said at the end of a turn', () => {
    expect(jp('年収は、五百の、')).toBe('年収は、五百の、');
  });

  it('keeps counts of lines and numbers of one or two digits after 内線', () => {
    const text = '内線が3本あって、内線12は会議室です。';
    expect(jp(text)).toBe(text);
  });

  it('English: an extension after extension / ext.', () => {
    expect(eng('Reach me on extension 4417, or ext. 215 for the desk.')).toBe('Reach me on extension [ID], or ext. [ID] for the desk.');
  });

  it('an attacker cannot learn nicknames listed with a dialect いう beside a kanji name, nor their later mentions', () => {
    const out = session(['若いのが三人おって、村瀬いうのと、ゲンいうて、ほいで健吾いうんじゃが。', 'ゲンは、まだ一人じゃ任せられん。']);
    expect(out.join('')).not.toMatch(/村瀬|ゲン|健吾/u);
  });

  it('keeps a short loanword before a dialect いうて when no one is named beside it', () => {
    const text = 'ほんで、ママいうて泣いとった。バカいうて、怒られた。';
    expect(jp(text)).toBe(text);
  });

  it('an attacker cannot learn a consultant whose surname is also a word from her self-introduction', () => {
    const out = session(['CCの相場です。よろしくお願いします。'], { knownNames: ['相場 里美'] });
    expect(out).toEqual(['CCの[PERSON]です。よろしくお願いします。']);
  });

  it('keeps an employee name that is also a word where it is said as the word', () => {
    const out = session(['私の希望です。会社の希望でもある。'], { knownNames: ['森下 希望'] });
    expect(out[0]).toBe('私の希望です。会社の希望でもある。');
  });

  it('English: a child named after a kin word said as a sentence', () => {
    expect(eng('Son. Teodoro. He is nine and loves trains.')).toBe('Son. [PERSON]. He is nine and loves trains.');
  });

  it('an attacker cannot learn how a spelt-out name is said', () => {
    expect(eng("I'm Niamh, N-I-A-M-H, and it's pronounced nee-av.")).toBe("I'm [PERSON], [PERSON], and it's pronounced [PERSON].");
  });

  it('English: keeps a hyphenated word after pronounced as an adjective', () => {
    const text = 'It had a pronounced long-term effect, and it is pronounced well.';
    expect(eng(text)).toBe(text);
  });

  it('English: keeps a word said after a kin word that is no name', () => {
    const text = 'My son. Anyway, he is fine. Wife, Monday, she works.';
    expect(eng(text)).toBe(text);
  });

  it('an attacker cannot learn the short name a client asks to be called by, also an everyday word, anywhere in the session', () => {
    const out = session(['Please call me Gabriela, or Gab, it is easier.', 'Gab, then. And Gab is fine with mornings?'], {}, 'en');
    expect(out.join(' ')).not.toMatch(/Gabriela|Gab\b/u);
  });
});

describe('organisations, names and false names of speech (issue 13, redact14)', () => {
  const jp = speechJa;
  const eng = speechEn;
  const session = speechSession;

  it.each([
    ['a firm of common words named before っていう, an adjective and its kind', 'カモメ日和っていう小さい会社に移ったんです。', '[ORG]っていう小さい会社に移ったんです。'],
    ['a firm named before っていう, what it is with の and a kind compound', 'ブルーリッジ再保険っていう外資の再保険会社、知ってます？', '[ORG]っていう外資の再保険会社、知ってます？'],
    ['a katakana name of common words with its region glued after it', '辞めてからはコメプロ秋田に行ったらしい。', '辞めてからは[ORG]に行ったらしい。'],
    ['a school said short after a town and a kana word', '娘は春日ひばり小の二年生です。', '娘は[ORG]の二年生です。'],
    ['a name kuromoji reads as a word, before っていう, where the person is from and a person word', 'ランっていうベトナムの実習生がいて。ポンっていう地元の後輩も。', '[PERSON]っていうベトナムの実習生がいて。[PERSON]っていう地元の後輩も。'],
    ['a given name glued to 本名 before a copula', 'ニックネームでいいです。本名楓なんで。', 'ニックネームでいいです。本名[PERSON]なんで。'],
  ])('an attacker cannot learn %s', (_label, text, expected) => {
    expect(jp(text)).toBe(expected);
  });

  it.each([
    ['a season before a place', 'ゴールデンウィーク沖縄に行った。'],
    ['a word before っていう and a kind of place or group with の', 'ペルーっていう国の人は少ない。'],
    ['a transcript note of laughter in brackets', '夜は九時に寝とるよ（笑）。子どもみたいやろ。'],
    ['a pause before a title', '…課長の話では、そうらしいです。'],
    ['a word kuromoji cuts into a time and one kanji', '早番、夕勤、夜勤の三交替です。'],
    ['a town someone goes to', '休みの日に函館へ。'],
    ['a town someone is from', '同期の小千谷出身の子が辞めた。'],
    ['a label glued to a word that is no name', '本名非公開ですって書いてあった。'],
  ])('keeps %s', (_label, text) => {
    expect(jp(text)).toBe(text);
  });

  it('an attacker cannot learn a one-kanji given name in brackets after a word for the person', () => {
    expect(jp('上の子（翔）が反抗期で。')).toBe('上の子（[PERSON]）が反抗期で。');
  });

  it.each([
    ['a kind of worker before っていう, where they are from and a person word', '技能実習生っていうベトナムの子が多いんです。'],
    ['a title before っていう and a neighbour', '先生っていう近所の人がいて。'],
  ])('keeps %s', (_label, text) => {
    expect(jp(text)).toBe(text);
  });

  it('keeps a katakana common word said of a friend, and its other mentions in the session', () => {
    const texts = ['ハーフっていう地元の友達がいて。', 'ハーフの子って目立つんですよね。'];
    expect(session(texts)).toEqual(texts);
  });

  it('an attacker cannot learn the full name of a katakana name found alone, said in parts in another turn', () => {
    const out = session(['ポンっていう地元の後輩がいてな。', 'いま班長やっとる。ポン・サワット。']);
    expect(out).toEqual(['[PERSON]っていう地元の後輩がいてな。', 'いま班長やっとる。[PERSON]。']);
  });

  it('an attacker cannot learn a child named after "and" before she / he', () => {
    expect(eng('We have two. The boy is nine, and Chipo, she is six.')).toBe('We have two. The boy is nine, and [PERSON], she is six.');
  });

  it('an attacker cannot learn a firm by its English legal form', () => {
    expect(eng('One posting, Harbourline Bean Co. in Perth, looked good.')).toBe('One posting, [ORG]. in Perth, looked good.');
  });

  it('an attacker cannot learn a known foreign given name said clipped, in any turn', () => {
    const out = session(['Hello. Please, Rashid is fine.', 'Rashid, then.'], { knownNames: ['Rashidul Karim'] }, 'en');
    expect(out).toEqual(['Hello. Please, [PERSON] is fine.', '[PERSON], then.']);
  });

  it('keeps an English word that starts a known foreign name', () => {
    // Williams is clipped to five letters at least (Willi…), so Will is never one of its forms;
    // Hopeton and Summers are clipped to everyday words (Hope, Summer), which stay.
    const texts = ['Will you come on Monday?', 'Hope the summer is quieter. Summer is busy for us.'];
    expect(session(texts, { knownNames: ['Williams Okafor', 'Hopeton Summers'] }, 'en')).toEqual(texts);
  });
});

describe('false names every writer says (issue 13, redact15)', () => {
  const session = (texts: readonly string[], ctx: Partial<RedactContext> = {}, language: 'ja' | 'en' = 'ja'): string[] => speechSession(texts, ctx, language);

  it.each([
    ['where someone is, and the town said again alone', ['祖母が、高岡にいて。', '高岡は、冬が長いんです。']],
    ['the side of a town and a site in it, then going there', ['兄は、大垣の方の病院で働いてて。', '大垣に帰るかも。']],
    ['a site in a town', ['叔母が桐生の駅前で店をやってて。', '桐生は好きです。']],
  ])('keeps a town said as a place: %s', (_, texts) => {
    expect(session(texts)).toEqual(texts);
  });

  it.each([
    ['an adverb', ['もっとちゃんと休みたい。']],
    ['a count', ['一回ちゃんと話したくて。']],
    ['a time', ['昼間ちゃんと寝とる。']],
    ['a particle', ['残業とかちゃんと見てくれる。']],
  ])('keeps ちゃんと ("properly") after %s', (_, texts) => {
    expect(session(texts)).toEqual(texts);
  });

  it('an attacker cannot learn a child called with ちゃん before と', () => {
    expect(session(['ゆいちゃんと遊んだ。', 'はるちゃんとは仲良し。'])).toEqual(['[PERSON]ちゃんと遊んだ。', '[PERSON]ちゃんとは仲良し。']);
  });

  it.each([
    ['before a sound it makes', ['ヒューって音がして、']],
    ['before what it does', ['外で、ピューって鳴ってて。']],
  ])('keeps a katakana sound said aloud %s', (_, texts) => {
    expect(session(texts)).toEqual(texts);
  });

  it('an attacker cannot learn a katakana name said as the topic or a subject', () => {
    expect(session(['ケンって、同期がいて。', 'ジョンが言ってた。'])).toEqual(['[PERSON]って、同期がいて。', '[PERSON]が言ってた。']);
  });

  it.each([
    ['a count', ['何人？三人です。']],
    ['what a person is', ['はい。塗師です。']],
  ])('keeps a sentence of %s and です, which introduces no one', (_, texts) => {
    expect(session(texts)).toEqual(texts);
  });

  it('an attacker cannot learn a surname said as a sentence with です', () => {
    expect(session(['はい。平野です。'])).toEqual(['はい。[PERSON]です。']);
  });

  it('keeps a speaker label that the session says as a job (…として, 元…)', () => {
    const texts = ['PTとして十年やってきました。', '元PTの人も多いです。'];
    expect(session(texts, { speakerNames: ['PT'] })).toEqual(texts);
    expect(session(['司書をしてます。', '司書の仕事が好きで。'], { speakerNames: ['司書'] })).toEqual(['司書をしてます。', '司書の仕事が好きで。']);
  });

  it('an attacker cannot unmask a speaker named by a surname by saying it with としては', () => {
    expect(session(['平野としては、反対です。', '平野が言いました。'], { speakerNames: ['平野'] })).toEqual(['[PERSON]としては、反対です。', '[PERSON]が言いました。']);
  });

  it('an attacker cannot unmask a known name written as the speaker label by saying it as a role', () => {
    expect(session(['ひかりとして働いてます。'], { speakerNames: ['ひかり'], knownNames: ['相沢 ひかり'] })).toEqual(['[PERSON]として働いてます。']);
  });

  it('an attacker cannot hide a person behind a town: the surname with さん stays redacted in every turn', () => {
    expect(session(['高岡にいて、', '高岡さんにいつも相談してて。'])).toEqual(['[PERSON]にいて、', '[PERSON]さんにいつも相談してて。']);
  });
});

describe('attacks on the guards of redact15 (issue 13, attack19)', () => {
  const session = speechSession;

  it.each([
    ['a person said with の方 in polite speech', ['岸田の方から連絡があって。', '岸田は悪くないんだけど。'], ['[PERSON]の方から連絡があって。', '[PERSON]は悪くないんだけど。']],
    ['a person asked to stay', ['佐野にいてもらって助かった。', '佐野が来月辞めるらしい。'], ['[PERSON]にいてもらって助かった。', '[PERSON]が来月辞めるらしい。']],
    ['a person asked to attend', ['会議には野口に出てもらった。', '野口は頼りになる。'], ['会議には[PERSON]に出てもらった。', '[PERSON]は頼りになる。']],
    ['a person told an address', ['同期の堀江に住所を教えちゃって。', '堀江とは仲いいんです。'], ['同期の[PERSON]に住所を教えちゃって。', '[PERSON]とは仲いいんです。']],
    ['a neighbour\'s house after 実家は', ['実家は、吉岡の家の隣で。', '吉岡のおばさんが優しくて。'], ['実家は、[PERSON]の家の隣で。', '[PERSON]のおばさんが優しくて。']],
    ['an employer\'s plant', ['日立の工場で働いてて。', '日立は好きです。'], ['[ORG]の工場で働いてて。', '[ORG]は好きです。']],
  ])('an attacker cannot hide a name behind a place\'s words: %s, in every turn', (_, texts, want) => {
    expect(session(texts)).toEqual(want);
  });

  it.each([
    ['a kana name split into particles after と', '姉とかなちゃんと三人で出かけた。', '姉と[PERSON]ちゃんと三人で出かけた。'],
    ['a kana name that is a time word', 'きょうちゃんと一緒に帰った。', '[PERSON]ちゃんと一緒に帰った。'],
  ])('an attacker cannot pass a nickname off as ちゃんと ("properly"): %s', (_, text, want) => {
    expect(session([text])).toEqual([want]);
  });

  it('an attacker cannot unmask a speaker label that is a surname by saying it once as a role', () => {
    const texts = ['勘解由小路として出席します。', '勘解由小路の意見も聞きたい。'];
    expect(session(texts, { speakerNames: ['勘解由小路'] })).toEqual(['[PERSON]として出席します。', '[PERSON]の意見も聞きたい。']);
    expect(session(['十文字をしてます。', '十文字が担当です。'], { speakerNames: ['十文字'] })).toEqual(['[PERSON]をしてます。', '[PERSON]が担当です。']);
  });

  it('an attacker cannot pass a katakana name said as an answer off as a sound', () => {
    expect(session(['誰が言ったのって聞いたら、ミオって。'])).toEqual(['誰が言ったのって聞いたら、[ORG]って。']);
  });
});
