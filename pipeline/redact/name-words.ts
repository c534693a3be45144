/** Words around person names that both the rules (`names.ts`) and the learned tagger's features
 * (`name-model.ts`) read: kin and colleague words before a name, titles and group suffixes after
 * one, and how ENAMDICT spells a kana word's reading. A leaf module. */
import { toHiragana } from './enamdict.js';

/** Kin and close people whose name follows with の: 母の美智子, 娘のさくら, 息子の翼. */
export const KIN_WORDS = new Set(
  '娘|息子|長男|長女|次男|次女|三男|三女|子|子ども|子供|上の子|下の子|妻|夫|嫁|旦那|主人|家内|弟|妹|兄|姉|父|母|祖父|祖母|彼氏|彼女|孫|甥|姪|義母|義父|婚約者|パートナー|友達|友人|親友|幼なじみ'.split('|'),
);
/** Spoken words for a spouse or relative that KIN_WORDS (the learned tagger's features too: its
 * model was trained with that set) does not hold: 女房の和子, かみさんの, お袋の. By hand (a closed class). */
export const SPOKEN_KIN = '女房|かみさん|カミさん|嫁さん|奥さん|亭主|連れ合い|相方|旦那さん|お袋|おふくろ|親父|おやじ|義姉|義兄|義妹|義弟|叔母|伯母|叔父|伯父|いとこ|従兄弟|従姉妹|姑|舅';
/** Every kin word speech uses, and 友だち (a spelling of 友達) and 双子 (双子の…, 双子が生まれて): the
 * rules' set (親父、勇いうんやけど; 友だちの真帆は). */
export const SPOKEN_KIN_WORDS: ReadonlySet<string> = new Set([...KIN_WORDS, ...SPOKEN_KIN.split('|'), '友だち', '双子']);
/** People at work whose surname follows with の: 上司の栗山が, 人事の桑原と, 次長の御手洗が. */
export const COLLEAGUE_WORDS = new Set(
  '上司|部下|同僚|先輩|後輩|同期|前任|後任|担当|担任|主治医|人事|営業|総務|経理|新人|部長|課長|次長|係長|主任|社長|専務|常務|会長|店長|室長|所長|リーダー|マネージャー|チームリーダー'.split('|'),
);

/** Titles and roles said right after a name in news and speech (川上投手, 秋山監督, ロッソウ少将):
 * a noun there is no compound (真田丸 is one). */
export const TITLES_AFTER = new Set(
  '監督|選手|投手|捕手|打者|コーチ|オーナー|教授|准教授|講師|博士|医師|院長|大臣|首相|総理|大統領|議員|知事|市長|町長|村長|代表|理事|委員|委員長|駅長|将軍|大将|中将|少将|大佐|中佐|少佐|巡査|警部|容疑者|被告|記者|夫人|王|皇帝|天皇|公|卿|師|総務'.split('|'),
);

/** Predicates only a person is the subject of (…が生まれた, …は引退し, …が語った): life, family,
 * office, speech and feeling. Not what a company, an app or a machine does as well (発表, 目指す,
 * 使う, 来る, 落ちる; 言う and 話す — アプリが言うことを聞かない, the assistant says —; 考える,
 * 答える, 眠る, 戦う), so that ズームが落ちた or ユニクロが発表した say nothing of a person. A verb
 * by its dictionary form, a verbal noun (サ変) by its surface. */
export const PERSON_SUBJECT_PREDICATES = new Set(
  ('生まれる|生れる|亡くなる|死ぬ|没する|没|死去|逝去|戦死|病死|急死|夭折|自害|自殺|切腹|誕生|' +
    '結婚|再婚|離婚|婚約|嫁ぐ|娶る|妊娠|出産|育つ|成長|' +
    '即位|退位|就任|辞任|辞職|退任|引退|復帰|入団|退団|移籍|入学|卒業|留学|進学|入社|退社|出家|' +
    '出馬|当選|落選|出演|主演|共演|亡命|失脚|隠居|師事|' +
    '語る|述べる|叫ぶ|歌う|踊る|演じる|笑う|泣く|怒る|悲しむ|喜ぶ|嘆く|悩む|' +
    '憧れる|慕う|愛する|恋する|惚れる|信じる|誓う|祈る|決意|志願|激怒|' +
    '住む|暮らす|学ぶ|務める|勤める|仕える|率いる|執る|就く|名乗る|著す|目撃|再会|出会う|会う|' +
    '殴る|殺す|暗殺|殺害|射殺|斬る|逃れる').split('|'),
);
/** What only a person has, said after a name with の (…の父親, …の死, …の師匠, …の遺体): a brand
 * or an app has none of it. */
export const PERSON_OWNED = new Set(
  ('父親|母親|両親|実父|実母|義兄|義弟|一族|家臣|側近|師匠|弟子|愛弟子|恋人|妃|夫人|' +
    '死|死後|没後|生前|晩年|幼少期|少年時代|生涯|遺体|遺骨|遺言|墓|葬儀|霊廟|肖像|' +
    '本名|愛称|通称|幼名|生家|誕生日|即位|部下|助手|秘書|屋敷|邸宅|悩み|助言|体型|教え|遺志|生誕').split('|'),
);
/** Predicates whose partner with と is a person (…と結婚, …と再会し). */
export const PERSON_PARTNER_PREDICATES = new Set(
  '結婚|再婚|離婚|婚約|再会|出会う|会う|対面|面会|交際|共演|対談|口論|決闘'.split('|'),
);
/** Predicates whose goal with に is a person (…に師事, …に感謝して, …に惹かれ, …に相続させた). */
export const PERSON_DATIVE_PREDICATES = new Set(
  '師事|感謝|嫁ぐ|仕える|憧れる|惚れる|惹く|恋する|語りかける|相続|譲位|求婚|弟子入り|謁見'.split('|'),
);
/** Predicates whose object with を is a person (…を暗殺, …を慕う). */
export const PERSON_OBJECT_PREDICATES = new Set(
  '暗殺|殺害|射殺|殺す|斬る|慕う|愛する|寵愛|娶る|破門|処刑|任命|罷免|擁立|失脚|崇拝|尊敬|説得|援助|庇う|抱き締める|看取る|出迎える|養う|救出'.split('|'),
);

/** A parent's words for the older, younger and middle child (上は高校生, 下が三歳): no name. */
export const CHILD_ORDER_WORDS: ReadonlySet<string> = new Set(['上', '下', '真ん中']);

/** Suffixes that make a group of a name (藤本ら, ネイトたち) or a part (ベイダー役). */
export const NAME_SUFFIXES = new Set('ら|たち|達|役|側|一家|夫妻|親子|兄弟|姉妹|父子|母子'.split('|'));

const VOWEL_ROWS: ReadonlyArray<readonly [string, string]> = [
  ['あかさたなはまやらわがざだばぱぁゃ', 'あ'],
  ['いきしちにひみりぎじぢびぴぃ', 'い'],
  ['うくすつぬふむゆるぐずづぶぷぅゅ', 'う'],
  // A long え or お is spelt えい / おう in names: けーこ → けいこ, しょーた → しょうた.
  ['えけせてねへめれげぜでべぺぇ', 'い'],
  ['おこそとのほもよろをごぞどぼぽぉょ', 'う'],
];
const LONG_VOWEL = new Map<string, string>(VOWEL_ROWS.flatMap(([row, vowel]) => [...row].map((ch) => [ch, vowel] as [string, string])));

/** A kana word as ENAMDICT spells its readings: hiragana, ー written as the vowel it lengthens
 * (しょーた → しょうた, ダイチ → だいち, ゆーと → ゆうと). */
export function kanaReading(word: string): string {
  let out = '';
  for (const ch of toHiragana(word)) out += ch === 'ー' ? (LONG_VOWEL.get(out.at(-1) ?? '') ?? ch) : ch;
  return out;
}

/** The endings of nouns for what a person is or does (弁護士, 牧師, 総裁, 財務相, 研究員, 騎手,
 * 国王, 刑事, 区議, 神父, 死刑囚, 住職, 画家, 哲学者, 伯爵, 枢機卿): a name stands glued before or after them
 * (紀藤弁護士, 司祭ヨハンネス). Two characters or more, so that 士, 王 alone are not taken. */
const PERSON_NOUN_END = /[士師長相者員手王官事議父母囚職家裁督将帝主妃姫嬢兄弟姉妹祖孫女男優爵卿]$/u;

/** Words a name is said with in writing, glued after it: 藤田主演, 井上靖原作, 鈴木自身, and titles
 * of rank the endings above miss (…女史, …王子, …殿下). */
const NAME_COMPOUND_AFTER = new Set('自身|本人|主演|原作|自筆|監修|作曲|作詞|政権|内閣|一族|門下|女史|王子|王女|殿下|陛下'.split('|'));

/** A word for a person by kin, work or title (弁護士, 容疑者 — kuromoji's 容疑+者 are given
 * joined —, 芸術家), or one a name is written with (主演, 政権): listed, or a noun of two
 * characters or more with a person ending. `surface` is the glued nouns' text. */
export function isPersonNoun(surface: string): boolean {
  if (KIN_WORDS.has(surface) || COLLEAGUE_WORDS.has(surface) || TITLES_AFTER.has(surface) || NAME_COMPOUND_AFTER.has(surface)) return true;
  return surface.length >= 2 && PERSON_NOUN_END.test(surface);
}
