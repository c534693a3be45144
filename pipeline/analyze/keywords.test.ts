/** Keywords are vocabulary, never identity: what an attacker would have employees say to get a
 * name, a nickname, a phone number or an e-mail address published as a keyword. Each case runs
 * the real provider on text redaction let through (analysis must hold on its own), and the
 * everyday words a report needs still come out. */
import { beforeAll, describe, expect, it } from 'vitest';
import { redactSegments } from '../redact/redact.js';
import { createLocalProvider } from './local.js';
import type { AnalysisProvider } from '../ports/analysis-provider.js';
import { loadJapaneseTokenizer, type JaTokenizer } from './tokenizer.js';

let tokenizer: JaTokenizer;
let provider: AnalysisProvider;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
  provider = createLocalProvider({ tokenizer });
});

const keywords = async (language: 'ja' | 'en', client: string[]): Promise<string[]> =>
  (await provider.analyze({ sessionId: 's-1', language, client })).analysis.keywords.map((k) => k.keyword);

/** The keywords of what the pipeline does: redaction first, analysis on its tokens. */
const redactedKeywords = async (client: string[]): Promise<string[]> => {
  const segments = client.map((text, i) => ({ start: i, end: i + 1, speaker: '相談者', role: 'client' as const, text }));
  const r = redactSegments(segments, { language: 'ja', speakerNames: [], tokenizer });
  const a = (await provider.analyze({ sessionId: 's-1', language: 'ja', client: r.segments.map((s) => s.text), tokens: r.tokens })).analysis;
  return a.keywords.map((k) => k.keyword);
};

/** No keyword is, or contains, any of the words. */
const expectNone = (got: string[], words: string[]): void => {
  for (const w of words) expect(got.filter((k) => k.includes(w)), `${w} in ${got.join(', ')}`).toEqual([]);
};

describe('Japanese: no name, nickname or person behind a role word', () => {
  it('drops the noun after a person word + の (マネージャーの轟), keeping the person word', async () => {
    const got = await redactedKeywords(['マネージャーの轟が全然話を聞いてくれなくて、残業ばかりです。']);
    expectNone(got, ['轟']);
    expect(got).toEqual(expect.arrayContaining(['マネージャー', '残業']));
  });

  it('drops a nickname pieced together from dictionary words (ゴリ松)', async () => {
    const got = await redactedKeywords(['ゴリ松がまた怒鳴ってて、職場の雰囲気が最悪です。']);
    expectNone(got, ['ゴリ', '松']);
    expect(got).toEqual(expect.arrayContaining(['職場', '雰囲気']));
  });

  it('never counts, anywhere in the session, a word said with an honorific, a title or って人', async () => {
    expectNone(await keywords('ja', ['轟さんにまた言われて。', '轟は本当に厳しい。']), ['轟']);
    expectNone(await keywords('ja', ['轟って人がいて。', 'その轟がね。']), ['轟']);
    const titled = await keywords('ja', ['轟部長が厳しくて。', '轟のせいで。']);
    expectNone(titled, ['轟']);
    expect(titled).toContain('部長');
  });

  it('drops a noun right after a person word (上司轟) and any kin + の + name', async () => {
    expectNone(await keywords('ja', ['上司轟が来週から変わります。']), ['轟']);
    expectNone(await keywords('ja', ['母の久美江が入院して、妻の桔梗も忙しい。']), ['久美江', '桔梗']);
  });

  it('drops unknown words, proper nouns and Latin words that are no listed acronym', async () => {
    const got = await keywords('ja', ['ゼネラリスト寄りに行くか、カズキチに相談するか。', 'John と大阪で smith の件、KPI の話。']);
    expectNone(got, ['ゼネラリスト', 'カズキチ', 'John', 'smith', '大阪']);
    expect(got).toContain('KPI');
  });
});

describe('Japanese: no number or address said aloud', () => {
  it('gives no keyword from a phone number in kana, kanji or figures', async () => {
    const got = await keywords('ja', [
      '電話番号はゼロキューゼロのいちにいさんよんのごーろくななはちです。',
      '〇三の五五四一の二二三三にかけてください。',
      'ゼロサンのゴーゴーヨンイチのニーニーサンサンでも大丈夫です。',
    ]);
    expectNone(got, ['ゼロ', 'キュー', 'ゴー', 'ヨン', 'サン', 'いち', '五', '〇']);
  });

  it('gives no keyword from an e-mail address said aloud', async () => {
    const got = await keywords('ja', ['メールはやまだ アットマーク gmail ドット com です。', 'または j dot smith at acme-corp dot com に。']);
    expectNone(got, ['アットマーク', 'ドット', 'gmail', 'com', 'smith', 'acme', 'corp', 'dot', 'やまだ']);
    expect(got).toEqual(['メール']);
  });
});

describe('English: dictionary words only', () => {
  it('drops lowercase names, words not in the dictionary and words the session capitalises', async () => {
    const got = await keywords('en', ['i talked to john and tanaka about my workload.', 'My manager Rose is patient, but rose never listens.']);
    expectNone(got, ['john', 'tanaka', 'rose']);
    expect(got).toEqual(expect.arrayContaining(['workload', 'manager', 'patient']));
  });

  it('drops words the dictionary also knows as a name or a brand, however they are written', async () => {
    const got = await keywords('en', ['mark and grace keep asking, baker says hunter and smith left for amazon, and the workload grows.']);
    expectNone(got, ['mark', 'grace', 'baker', 'hunter', 'smith', 'amazon']);
    expect(got).toContain('workload');
  });

  it('folds a plural only into a real word (approves stays approves)', async () => {
    const got = await keywords('en', ['My manager approves nothing and the promotions stall.']);
    expect(got).toEqual(expect.arrayContaining(['approves', 'promotion']));
    expect(got.join(' ')).not.toContain('approf');
  });

  it('drops an e-mail address said aloud', async () => {
    const got = await keywords('en', ['You can reach me at j dot smith at acme-corp dot com about the promotion.']);
    expectNone(got, ['smith', 'acme', 'corp', 'com', 'dot']);
    expect(got).toContain('promotion');
  });
});

describe('everyday vocabulary stays', () => {
  it('Japanese: common words, compounds and lexicon terms after a person word', async () => {
    const got = await redactedKeywords([
      '転職を考えていて、残業も多いし、キャリアのことで悩んでいます。',
      '育児と仕事の両立が難しくて、評価にも不満があります。上司の評価が厳しいんです。',
      '母の介護もあって、通勤が往復3時間、在宅勤務が減って体調も心配です。',
      '妻の出産が近くて、異動の希望を出しました。ケアマネジャーにも相談して、給料や昇進のことも。',
    ]);
    for (const w of ['転職', '残業', 'キャリア', '育児', '評価', '上司', '介護', '母', '通勤', '往復', '在宅勤務', '体調', '妻', '出産', '異動', '希望', 'ケアマネジャー', '給料', '昇進', '両立', '不満']) {
      expect(got, w).toContain(w);
    }
  });

  it('English: common words, plurals folded, listed acronyms', async () => {
    const got = await keywords('en', ['So overtime and deadlines are crushing me; my salary and career feel stuck, and childcare pickups are unsettling. HR discussed policies.']);
    for (const w of ['overtime', 'deadline', 'salary', 'career', 'childcare', 'pickup', 'unsettling', 'HR', 'discussed', 'policy']) expect(got, w).toContain(w);
  });
});
