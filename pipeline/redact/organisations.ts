/** Issue 13's twelfth pass: organisations said in passing — a place or a name and a trade word
 * (a cold-storage firm named after its port, a textile firm after its river, a credit union, a
 * cardiology centre), a shop or a café named before its kind, a school — by shapes learned from
 * data rather than hand lists of one writer's words:
 *
 * - **trade compounds**: a run of glued nouns that starts with a name (a proper noun kuromoji
 *   knows — a place, a surname —, a word it does not know, a hiragana word of three kana or more)
 *   and ends in a word that ends organisation names: the endings are mined from IPADIC's 16,596
 *   organisation entries (`data/org-endings.json`, written by `scripts/mine-org-endings.ts`: …冷蔵,
 *   …薬局, …センター, …専門学校, …科大; a word ending more other nouns than organisations is none);
 * - **workplace compounds**: a run of glued nouns starting with a name, right before what is said
 *   of a workplace or a school (…に移った, …で働いてる, …に転職, …に嘱託で行った, …に同級生がいる,
 *   …に入院, …を卒業, …の面接), whatever
 *   its last word (…テキスタイル, …工房), unless that word names a place or a part of one
 *   (…駅, …市, …支店) or, after a verb of going, an outing (…旅行, …観光);
 * - **firms named after their founder**: a katakana surname (ENAMDICT, by its reading) glued to
 *   kanji nouns of a trade (…+防除), not to a title;
 * - **shops named before their kind** (…っていう店, …ってカフェ, …という居酒屋): the nouns before
 *   the quoting particle;
 * - **English**: a run of capitalised words, one of them no English word, with a trade word
 *   after its first (… Park Primary, … Farm Fresh, … Bakery).
 */
import type { PositionedToken } from '../analyze/tokenizer.js';
import { isCommonEnglishWord } from '../analyze/english-words.js';
import type { Detector, Range } from './detector.js';
import { nameType, SURNAME } from './enamdict.js';
import { HONORIFICS } from './honorifics.js';
import { LISTS } from './lists.js';
import { ROLE_NOUNS } from './names.js';
import { execAll, withTokens } from './regex.js';
import { firstEndingAfter, tokensIn } from './token-search.js';
import { isLocalPlace } from './cue-names.js';
import orgEndings from './data/org-endings.json' with { type: 'json' };

const ENDINGS: ReadonlySet<string> = new Set(orgEndings.endings);
const LONGEST_ENDING = Math.max(...orgEndings.endings.map((e) => e.length));
/** Written by hand: the parts of an organisation named elsewhere (its head office, a branch), which
 * IPADIC lists as endings (…本社) but which say where someone works within it, not who it is. */
const BRANCH_WORDS = /(?:本社|本店|本部|支社|支店|営業所|事業所|工場|店舗|拠点)$/u;
/** Written by hand: endings that also say an outing to a place (北海道旅行, 京都観光), or an
 * event or a product named after one (…会議, …フォーラム, …リーグ, …ソフト). */
const OUTING_WORDS = /(?:旅行|観光|出張|研修|見学|留学|大会|ツアー|会議|学会|フォーラム|サミット|リーグ|ソフト|ソフトウェア)$/u;

/** A noun that can be a piece of a compound name: not a pronoun, a number, a counter, nor a
 * dependent or adverbial noun (こと, 今, 後). */
function isNamePiece(t: PositionedToken): boolean {
  const k = t.token;
  if (k.word_type === 'UNKNOWN') return /^[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}ー々]+$/u.test(k.surface_form);
  if (k.pos !== '名詞') return false;
  if (k.pos_detail_1 === '接尾') return k.pos_detail_2 === '一般';
  return k.pos_detail_1 === '一般' || k.pos_detail_1 === '固有名詞' || k.pos_detail_1 === 'サ変接続' || k.pos_detail_1 === '形容動詞語幹';
}

/** A piece a name starts with: a proper noun (a place, a surname, a brand), a word kuromoji does
 * not know, or a hiragana word of three kana or more (さくら, ひまわり); not Latin (skills and
 * services: AWS, LINE are found elsewhere or not at all). */
function isNameHead(t: PositionedToken): boolean {
  const k = t.token;
  if (/[A-Za-z0-9]/u.test(k.surface_form)) return false;
  // kuromoji tags pieces of loanwords 人名 (コール+センター): a katakana person tag is no head
  if (k.pos_detail_2 === '人名' && /^[\p{Script=Katakana}ー]+$/u.test(k.surface_form)) return false;
  if (k.word_type === 'UNKNOWN' || k.pos_detail_1 === '固有名詞') return true;
  return /^[\p{Script=Hiragana}]{3,}$/u.test(k.surface_form) && k.pos === '名詞' && k.pos_detail_1 === '一般';
}

/** A stretch of kana inside a name that kuromoji cuts into a noun and a particle (銚子+みな+と+冷蔵):
 * three kana or more between two name pieces, starting with a noun that is no dependent one. */
function kanaBridgeEnd(tokens: readonly PositionedToken[], i: number): number {
  const first = tokens[i];
  if (first === undefined || !isNamePiece(first) || !/^[\p{Script=Hiragana}]+$/u.test(first.token.surface_form)) return -1;
  let j = i;
  let kana = 0;
  while (j < tokens.length && j < i + 3 && /^[\p{Script=Hiragana}]+$/u.test(tokens[j]!.token.surface_form)) {
    kana += tokens[j]!.token.surface_form.length;
    j++;
  }
  const next = tokens[j];
  return kana >= 3 && next !== undefined && next.start === tokens[j - 1]!.end && isNamePiece(next) && /\p{Script=Han}/u.test(next.token.surface_form) ? j : -1;
}

interface Run {
  /** Index of the first and one past the last token. */
  readonly from: number;
  readonly to: number;
}

/** A segment's runs, worked out once for the two detectors that read them. */
const runsOf = new WeakMap<readonly PositionedToken[], Run[]>();
function nameRunsOnce(tokens: readonly PositionedToken[]): Run[] {
  let runs = runsOf.get(tokens);
  if (runs === undefined) {
    runs = nameRuns(tokens);
    runsOf.set(tokens, runs);
  }
  return runs;
}

/** The runs of glued name pieces (with kana bridges) in the segment, each with a name head. */
function nameRuns(tokens: readonly PositionedToken[]): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isNamePiece(tokens[i]!)) {
      i++;
      continue;
    }
    // a run may start with a word kuromoji cuts into kana nouns (ねじ+まき, マル+ハチ)
    let j = Math.max(i + 1, kanaStretchEnd(tokens, i));
    for (;;) {
      const t = tokens[j];
      if (t === undefined || t.start !== tokens[j - 1]!.end) break;
      if (isNamePiece(t) && !(/^[\p{Script=Hiragana}]+$/u.test(t.token.surface_form) && t.token.pos_detail_1 !== '固有名詞')) {
        j++;
        continue;
      }
      const bridged = kanaBridgeEnd(tokens, j);
      if (bridged < 0) break;
      j = bridged;
    }
    runs.push({ from: i, to: j });
    i = j;
  }
  return runs;
}

/** One past the end of a stretch of two to four glued nouns of one kana script starting at `i`
 * (ねじ+まき, マル+ハチ), with at least three kana, or -1. kuromoji cuts a coined name so when it
 * knows its pieces as words; a stretch of them is no word it knows. */
function kanaStretchEnd(tokens: readonly PositionedToken[], i: number): number {
  const script = /^[\p{Script=Hiragana}]+$/u.test(tokens[i]?.token.surface_form ?? '') ? /^[\p{Script=Hiragana}]+$/u : /^[\p{Script=Katakana}ー]+$/u;
  let j = i;
  let kana = 0;
  // a katakana piece kuromoji tags as a person is a piece of a loanword (ケア+マネ)
  const piece = (t: PositionedToken): boolean => t.token.pos === '名詞' && t.token.pos_detail_2 !== '人名' && isNamePiece(t) && script.test(t.token.surface_form);
  while (j < tokens.length && j < i + 4 && (j === i || tokens[j]!.start === tokens[j - 1]!.end) && piece(tokens[j]!)) {
    kana += tokens[j]!.token.surface_form.length;
    j++;
  }
  return j - i >= 2 && kana >= 3 ? j : -1;
}

/** The first name head of a run that has another piece after it. */
function headOf(tokens: readonly PositionedToken[], run: Run): number {
  for (let k = run.from; k < run.to - 1; k++) if (isNameHead(tokens[k]!)) return k;
  return -1;
}

/** Written by hand: kinds of place a name is said before (…日本語教室, …進学塾, …ネイルサロン) that
 * IPADIC's organisations end too seldom to be mined — they end more common nouns (料理教室,
 * 学習塾) — so they count only after a name head and a piece between (see `tradeCompounds`). */
const KIND_ENDING = /(?:教室|塾|サロン|スクール)$/u;

/** Written by hand: mined endings that also name goods or a field (…自動車, …用品, …医療):
 * after kana words they say what is sold or done (スマホ+ケース+用品), not who sells it. */
const GOODS_ENDING = /(?:自動車|自転車|用品|商品|電話|家具|映画|医療|照明|電気|電子|図書|文具|宝石|手袋|靴下|万年筆|鉛筆|衣料|食品|食料|燃料|部品|機器|機械|機材|樹脂|広告|観光|旅行|計器|設備|資材|建材|陶器|金物|塗料|香料|飼料|醤油|缶詰|容器|包装|技術|科学|施設|会議|新聞|放送|通信|鉄道|航空|保険|金融|交通|道路|原発|天満宮|神社|教会)$/u;

/** An ending after a head of kana words: kanji, its last word no action noun (…開発, …管理 say
 * what is done) and no goods (…用品). */
function isFirmEnding(tokens: readonly PositionedToken[], run: Run, at: number): boolean {
  const last = tokens[run.to - 1]!;
  const ending = tokens.slice(run.from, run.to).map((t) => t.token.surface_form).join('').slice(at - tokens[run.from]!.start);
  return /^\p{Script=Han}+$/u.test(ending) && last.token.pos_detail_1 !== 'サ変接続' && !GOODS_ENDING.test(ending);
}

/** Where an organisation ending starts in `name` (the longest ending), or -1. */
function endingStart(name: string): number {
  for (let k = Math.min(LONGEST_ENDING, name.length - 1); k >= 2; k--) if (ENDINGS.has(name.slice(-k))) return name.length - k;
  const kind = KIND_ENDING.exec(name);
  return kind !== null && kind.index > 0 ? kind.index : -1;
}

function isGenericName(name: string): boolean {
  return LISTS.genericFacilityNames.has(name);
}

/** A proper noun alone before an organisation ending is a branch or a hall named by its place
 * (姫路+会館, 仙台+センター, ウガンダ+事務所): `speech-more.ts` and `context-detectors.ts` redact the
 * place and keep the word, which says no more than where. */
function isBranchByPlace(head: PositionedToken, start: number, endingAt: number): boolean {
  return endingAt === head.end - start && head.token.pos_detail_1 === '固有名詞';
}

/** A hiragana word kuromoji knows as a common noun (さくら, ひまわり): alone before an ending it
 * names a nationwide brand or a kind as often as a local firm (さくら+銀行), so a trade compound
 * needs a piece between them (さくら+調剤+薬局). */
function isCommonKanaWord(t: PositionedToken): boolean {
  return t.token.word_type !== 'UNKNOWN' && t.token.pos_detail_1 === '一般';
}

/** Trade compounds: a name head starting the run, then pieces, ending in a mined organisation ending that starts
 * after the head (東都+循環器+センター, 室蘭+工科大, さくら+調剤薬局). */
function tradeCompounds(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (const run of nameRunsOnce(tokens)) {
    if (run.to - run.from < 2) continue;
    const head = run.from;
    // the name starts the run (ケア+マネ+事務所 is a kind of office, not a name); a head cut into
    // kana nouns (ねじ+まき, マル+ハチ) names a firm only before a kanji ending (…書房, …水産):
    // katakana words before a katakana ending are a kind (データ+センター, シェア+ハウス)
    const stretch = isNameHead(tokens[head]!) ? -1 : kanaStretchEnd(tokens, head);
    if (stretch < 0 && !isNameHead(tokens[head]!)) continue;
    const headEnd = tokens[stretch < 0 ? head : stretch - 1]!.end;
    const start = tokens[head]!.start;
    const end = tokens[run.to - 1]!.end;
    const name = text.slice(start, end);
    const at = endingStart(name);
    if (at < headEnd - start || BRANCH_WORDS.test(name) || OUTING_WORDS.test(name) || isGenericName(name.slice(0, at))) continue;
    if (stretch >= 0 && !isFirmEnding(tokens, run, start + at)) continue;
    if (isBranchByPlace(tokens[head]!, start, at) || (at === tokens[head]!.end - start && isCommonKanaWord(tokens[head]!))) continue;
    out.push({ start, end });
  }
  return out;
}

/** A firm named after its founder: a surname written in katakana (ENAMDICT's surname by its
 * reading, a word kuromoji does not know or tags as a proper noun) glued to kanji nouns of its
 * trade (ツチヤ+防除, タナカ+塗装) — not to a title or an honorific (カトウ+部長, サトウ+先生). */
function surnameFirms(tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i]!;
    const k = t.token;
    if (!/^[\p{Script=Katakana}ー]{3,}$/u.test(k.surface_form) || (k.word_type !== 'UNKNOWN' && k.pos_detail_1 !== '固有名詞')) continue;
    let j = i + 1;
    while (j < tokens.length && j < i + 4 && tokens[j]!.start === tokens[j - 1]!.end && isTradeKanji(tokens[j]!)) j++;
    if (j === i + 1 || (nameType(k.surface_form) & SURNAME) === 0) continue;
    out.push({ start: t.start, end: tokens[j - 1]!.end });
    i = j - 1;
  }
  return out;
}

function isTradeKanji(t: PositionedToken): boolean {
  const k = t.token;
  return (
    /^\p{Script=Han}{2,}$/u.test(k.surface_form) &&
    k.pos === '名詞' &&
    (k.pos_detail_1 === '一般' || k.pos_detail_1 === 'サ変接続') &&
    !HONORIFICS.has(k.surface_form) &&
    !ROLE_NOUNS.has(k.surface_form)
  );
}

/** What is said of a workplace right after its name. 行く / 通う also say where one goes out to,
 * so they count only in talk of work (WORK_TALK) and not after an outing (…旅行に行った). */
const WORKPLACE_CUE =
  /^(?:に(?:移っ|移り|移る|転職|入社|就職|再就職|勤め|勤務|出向|同級生|知り合い|友達|友だち|内定|入院|通院|入学|進学|合格)|で(?:働|勤め|勤務|バイト|パート)|から(?:内定|オファー)|を?(?:卒業|出て)|の(?:研究室|面接|選考|求人|同期))/u;
/** A department of the firm said after its name (…の経理課, …の品質管理部門). */
const DEPARTMENT_CUE = /^の[\p{Script=Han}\p{Script=Katakana}ー]{1,8}?(?:課|係|部門|事業部)(?![\p{Script=Han}])/u;
const GOING_CUE = /^に(?:[^、。]{1,6}?で)?(?:行っ|行き|行く|通っ|通い|入っ)/u;
const WORK_TALK = /辞め|転職|勤め|働|入社|就職|嘱託|パート|バイト|仕事|会社|職場/u;
/** Written by hand: last words that name a place, a part of one or an outing, not a workplace. */
const NOT_WORKPLACE_END = /(?:駅|市|町|村|区|県|都|府|方面|出身|近く|周辺|辺り|あたり|地方|地区|本社|本店|本部|支社|支店|営業所|事業所|工場|店舗|拠点|現場|店|側|内|外|中|時代|旅行|観光|出張|研修|見学|留学|大会|祭り|祭|温泉|空港|港|島|山|川|城|公園|動物園|水族館|家|実家)$/u;

/** Written by hand: the parts of a firm said after its name (…工場, …店舗, …本社). */
const SITE_END = /(?:本社|本店|本部|支社|支店|営業所|事業所|工場|店舗|拠点)$/u;

/** Where the name ends when a run of two words or more ends in a site word (浦安+精密+工場 →
 * after 精密), or undefined. */
function siteAfterName(text: string, tokens: readonly PositionedToken[], first: number, to: number): number | undefined {
  const start = tokens[first]!.start;
  const site = SITE_END.exec(text.slice(start, tokens[to - 1]!.end));
  if (site === null) return undefined;
  const end = start + site.index;
  // the name ends where a token ends, after two tokens at least
  for (let k = first + 1; k < to; k++) if (tokens[k]!.end === end) return end;
  return undefined;
}

function workplaceCompounds(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!/[にでか]/u.test(text)) return [];
  const out: Range[] = [];
  const workTalk = WORK_TALK.test(text);
  for (const run of nameRunsOnce(tokens)) {
    if (run.to - run.from < 2) continue;
    const head = headOf(tokens, run);
    if (head < 0) continue;
    const last = tokens[run.to - 1]!;
    // …の方に行った says the same place as …に行った
    const after = text.slice(last.end, last.end + 16).replace(/^の(?:方|ほう)(?=に)/u, '');
    const going = workTalk && GOING_CUE.test(after) && last.token.pos_detail_1 !== 'サ変接続';
    if (!WORKPLACE_CUE.test(after) && !DEPARTMENT_CUE.test(after) && !going) continue;
    // kanji glued before the head are the name's too (銚子, read as a common noun, +みなと+冷蔵)
    let first = head;
    while (first > run.from && /^\p{Script=Han}+$/u.test(tokens[first - 1]!.token.surface_form)) first--;
    const start = tokens[first]!.start;
    // a site of the firm said after its name (…精密+工場, …運輸+店舗): the name before it, when
    // more than one word (a place alone before 工場 is the branch rules', which keep the word)
    const site = siteAfterName(text, tokens, first, run.to);
    const end = site ?? last.end;
    const name = text.slice(start, end);
    if (NOT_WORKPLACE_END.test(name) || isGenericName(name)) continue;
    const at = endingStart(name);
    if (at >= 0 && isBranchByPlace(tokens[first]!, start, at)) continue;
    out.push({ start, end });
  }
  return out;
}

/** Shops and the like named before their kind (…っていう店, …ってカフェ). Written by hand: the
 * kinds of place one eats, drinks or shops at, which the kinds `context-detectors.ts` knows
 * (会社, 学校, 病院…) leave out. */
const SHOP_KIND_RE = /(?:っていう|って|という|とかいう)(?:お?店|カフェ|喫茶店?|レストラン|居酒屋|食堂|バー|パン屋|花屋|本屋|美容室|サロン|ベーカリー|ラーメン屋|寿司屋|定食屋|旅館|ホテル|工房|薬局)(?![\p{Script=Han}\p{Script=Katakana}])/gu;
const SHOP_HINT = /って|という/u;
/** Words said before a kind that are no name: demonstratives and the like (そういう店). */
const NOT_SHOP_NAME = /^(?:そう|こう|ああ|どう|なんか|何か|なに|何)$/u;

function shopsBeforeKind(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!SHOP_HINT.test(text)) return [];
  const out: Range[] = [];
  for (const m of execAll(SHOP_KIND_RE, text)) {
    // the name: the pieces before the particle, walked back over nouns and the kana glued to them
    let k = firstEndingAfter(tokens, m.index - 1);
    let start = m.index;
    for (let steps = 0; k >= 0 && steps < 6; k--, steps++) {
      const t = tokens[k]!;
      const piece = isNamePiece(t) || (t.start < m.index && t.end > m.index - 1 && /^[\p{Script=Hiragana}]+っ?$/u.test(t.token.surface_form));
      if (!piece || /[、。,.!?！？\s]/u.test(t.token.surface_form)) break;
      start = t.start;
      if (k > 0 && tokens[k - 1]!.end !== t.start) break;
    }
    const name = text.slice(start, m.index);
    if (name.length < 2 || NOT_SHOP_NAME.test(name) || isGenericName(name) || !/^[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}ー々]+$/u.test(name)) continue;
    out.push({ start, end: m.index });
  }
  return out;
}

/** A place said by name with a naming cue after it (…ってとこ, …っていうところ, …っちゅう所): the
 * cue says a name came before, so the guards against kinds (a known kana word alone before an
 * ending, a place before one) are not needed — only a kind said as such must stay. */
const NAMING_CUE_RE = /(?:って(?:いう|言う)?|っちゅう|っつう|とかいう|という)(?:とこ(?:ろ)?|所)(?![\p{Script=Han}])/gu;
/** Kinds of place an organisation's name ends with that IPADIC's organisations end too seldom to
 * be mined (…牧場, …養成所, …寺): by hand, as `KIND_ENDING`. */
const PLACE_KIND = /^(?:サロン|教室|塾|スクール|牧場|農場|農園|養成所|研修所|寺|苑|荘|工房|ガーデン)$/u;

/** Is the head before an ending a name's, not a kind's: not one kanji or katakana word kuromoji
 * knows as a common noun (老人+ホーム, ネット+カフェ, 職業+訓練+校) — a proper noun, a word it does
 * not know, a hiragana word, or kanji it reads one by one (道+南) are a name's. */
function isNamedHead(head: readonly PositionedToken[], endingKatakana: boolean): boolean {
  if (head.length === 0) return false;
  const common = (t: PositionedToken): boolean => t.token.word_type === 'KNOWN' && t.token.pos_detail_1 !== '固有名詞';
  const kanjiWord = (t: PositionedToken): boolean => /^\p{Script=Han}{2,}$/u.test(t.token.surface_form);
  const katakanaWord = (t: PositionedToken): boolean => /^[\p{Script=Katakana}ー]+$/u.test(t.token.surface_form);
  if (head.every((t) => common(t) && (kanjiWord(t) || katakanaWord(t)))) return false;
  // katakana words before a katakana ending are a loanword compound (シェア+ハウス)
  return !(endingKatakana && head.every((t) => katakanaWord(t)));
}

function namedBeforeCue(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!/とこ|所/u.test(text)) return [];
  const out: Range[] = [];
  for (const m of execAll(NAMING_CUE_RE, text)) {
    let k = firstEndingAfter(tokens, m.index - 1);
    if (k >= tokens.length || tokens[k]!.end !== m.index) continue;
    const run: PositionedToken[] = [];
    for (let steps = 0; k >= 0 && steps < 6; k--, steps++) {
      const t = tokens[k]!;
      if (!isNamePiece(t)) break;
      run.unshift(t);
      if (k > 0 && tokens[k - 1]!.end !== t.start) break;
    }
    // a kana name kuromoji reads as other words (こもれ+び, あ+おぞ+ら): the hiragana glued before
    // the pieces, up to a particle — not adjectives or adverbs said of the kind (すごく+いい+サロン)
    const stretch: PositionedToken[] = [];
    for (k = run.length > 0 ? k : -1; k >= 0 && tokens[k]!.end === (stretch[0] ?? run[0])!.start; k--) {
      const t = tokens[k]!;
      if (!/^\p{Script=Hiragana}+$/u.test(t.token.surface_form) || t.token.pos === '助詞' || t.token.pos === '助動詞') break;
      stretch.unshift(t);
    }
    if (!stretch.every((t) => /^(?:形容詞|副詞|連体詞|感動詞|フィラー|接続詞)$/u.test(t.token.pos))) run.unshift(...stretch);
    if (run.length < 2) continue;
    const name = text.slice(run[0]!.start, m.index);
    // the ending: the last one or two pieces (養成+所), mined or a kind of place
    const endAt = [run.length - 1, run.length - 2].find((i) => {
      if (i < 1) return false;
      const ending = text.slice(run[i]!.start, m.index);
      return ENDINGS.has(ending) || PLACE_KIND.test(ending);
    });
    if (endAt === undefined || isGenericName(name)) continue;
    const ending = text.slice(run[endAt]!.start, m.index);
    if (isNamedHead(run.slice(0, endAt), /^[\p{Script=Katakana}ー]+$/u.test(ending))) out.push({ start: run[0]!.start, end: m.index });
  }
  return out;
}

/** A shop's branch named by what it stands in front of (…109前店, …駅前店): 前 and 店 glued after
 * a place, a building's name or number — a proper noun, a word kuromoji does not know, digits or
 * Latin letters among the glued nouns before them. A shop in front of a common noun alone
 * (駅前店, 病院前の店) says no more than where. */
function branchStores(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!text.includes('前店')) return [];
  const out: Range[] = [];
  for (let i = 2; i < tokens.length; i++) {
    const shop = tokens[i]!;
    const front = tokens[i - 1]!;
    if (shop.token.surface_form !== '店' || front.token.surface_form !== '前' || front.end !== shop.start) continue;
    let k = i - 1;
    let named = false;
    while (k > 0 && k > i - 6 && tokens[k - 1]!.end === tokens[k]!.start) {
      const t = tokens[k - 1]!;
      const latinOrDigits = /^[A-Za-z0-9]+$/u.test(t.token.surface_form);
      if (t.token.pos !== '名詞' && !latinOrDigits) break;
      if (t.token.pos_detail_1 === '非自立' || t.token.pos_detail_1 === '代名詞') break;
      if (latinOrDigits || t.token.word_type === 'UNKNOWN' || (t.token.pos_detail_1 === '固有名詞' && t.token.pos_detail_2 !== '人名')) named = true;
      k--;
    }
    if (named && k < i - 1) out.push({ start: tokens[k]!.start, end: shop.end });
  }
  return out;
}

/** A firm called with さん as people in business call the firms they deal with (…印刷さんとこ,
 * …水産さんに): a katakana word and a kanji trade word glued before さん, the kanji word a mined
 * organisation ending. Read on the text, since kuromoji cuts such names mid-word
 * (ニシ+キ印+刷); a generic head (デザイン会社さん: 会社 is no mined ending) stays. */
const FIRM_SAN_RE = /(?<![\p{Script=Katakana}ー])(?<name>[\p{Script=Katakana}ー]{2,12}(?<trade>\p{Script=Han}{2,4}))さん/gdu;

/** Is text[start, end) exactly a run of everyday nouns kuromoji knows (デザイン, ケア+マネ, ネット)?
 * Then a katakana head before a trade word is a kind of firm (デザイン事務所さん, ネット証券さん), not
 * a name — a name is a word kuromoji does not know or cuts across (ニシ+キ印+刷). */
function everydayNouns(tokens: readonly PositionedToken[] | null, start: number, end: number): boolean {
  if (tokens === null) return false;
  const inside = tokensIn(tokens, { start, end });
  if (inside.length === 0 || inside[0]!.start !== start || inside.at(-1)!.end !== end) return false;
  return inside.every((t, i) => (i === 0 || inside[i - 1]!.end === t.start) && t.token.word_type === 'KNOWN' && t.token.pos === '名詞' && (t.token.pos_detail_1 === '一般' || t.token.pos_detail_1 === 'サ変接続'));
}

function firmsCalledSan(text: string, tokens: readonly PositionedToken[] | null): Range[] {
  if (!text.includes('さん')) return [];
  const out: Range[] = [];
  for (const m of execAll(FIRM_SAN_RE, text)) {
    // the kanji word is itself a mined ending (…印刷, …水産), not a word a mined ending ends
    // (ヘルパー事業所さん: …業所 ends 営業所 too)
    const trade = m.groups?.['trade'] ?? '';
    if (!ENDINGS.has(trade)) continue;
    const start = m.index;
    const end = start + (m.groups?.['name'] ?? '').length;
    if (everydayNouns(tokens, start, end - trade.length)) continue;
    out.push({ start, end });
  }
  return out;
}

/** English trade words that end or sit inside a business's name (Roundhay Park Primary, Kutchan
 * Farm Fresh). Written by hand: the English dictionary has no organisation tag to mine. */
const EN_TRADE = 'Primary|Infants|Nursery|School|Academy|College|Farm|Farms|Dairy|Bakery|Brewery|Hotel|Inn|Clinic|Surgery|Pharmacy|Dental|Centre|Center|Café|Cafe|Garage|Motors|Foods|Fresh|Produce|Kitchen|Bistro|Salon|Studio|Studios|Works';
const EN_TRADE_RE = new RegExp(`\\b(?:[A-Z][a-z]+\\s){1,3}(?:${EN_TRADE})(?:\\s(?:[A-Z][a-z]+))?\\b`, 'gu');
const EN_TRADE_WORD = new RegExp(`^(?:${EN_TRADE})$`, 'u');

function englishTradeNames(text: string): Range[] {
  const out: Range[] = [];
  for (const m of execAll(EN_TRADE_RE, text)) {
    const words = m[0].split(' ');
    // the run starts after the capitalised words any sentence has (My, The, At…)
    let first = 0;
    while (first < words.length - 1 && LISTS.enCommonCapitalised.has(words[first]!)) first++;
    const kept = words.slice(first);
    // a word before the trade word must be no English word (a place, a surname): Sunday School stays
    const tradeAt = kept.findIndex((w) => EN_TRADE_WORD.test(w));
    if (tradeAt < 1 || kept.slice(0, tradeAt).every((w) => isCommonEnglishWord(w.toLowerCase()))) continue;
    const start = m.index + words.slice(0, first).join(' ').length + (first > 0 ? 1 : 0);
    out.push({ start, end: m.index + m[0].length });
  }
  return out;
}


/** Written by hand (a closed class): kinds of place said right before their name (…塾ミカゲ, サロン…,
 * カフェ…), as signs are written. */
const KIND_BEFORE_NAME = /^(?:塾|教室|サロン|スクール|ハウス|ホテル|旅館|カフェ|食堂|工房|薬局|ジム|クリニック|アトリエ|スタジオ|ベーカリー)$/u;

/** One past the end of a name glued after a kind at token `i`: a katakana word kuromoji does not
 * know, or two to four katakana pieces of one or two kana each (ミ+カゲ: kuromoji falls back to
 * fragments on a coined word; a compound of known words, サロン+ワーク, ホテル+ランチ+バイキング,
 * has longer pieces), then no noun glued after it. -1 when none. */
function katakanaNameAfter(tokens: readonly PositionedToken[], i: number): number {
  const first = tokens[i];
  if (first === undefined || first.start !== tokens[i - 1]!.end) return -1;
  let j = -1;
  if (first.token.word_type === 'UNKNOWN' && /^[\p{Script=Katakana}ー]{2,}$/u.test(first.token.surface_form)) j = i + 1;
  else {
    const stretch = kanaStretchEnd(tokens, i);
    if (stretch > 0 && /^[\p{Script=Katakana}ー]+$/u.test(first.token.surface_form) && tokens.slice(i, stretch).every((t) => t.token.surface_form.length <= 2)) j = stretch;
  }
  if (j < 0) return -1;
  const after = tokens[j];
  return after !== undefined && after.start === tokens[j - 1]!.end && after.token.pos === '名詞' ? -1 : j;
}

/** A place named after its kind, as signs are written (…料理塾ミカゲ, サロン…): a kind of
 * `KIND_BEFORE_NAME`, then a coined katakana name (`katakanaNameAfter`). The kind and the name. */
function kindThenName(tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const kind = tokens[i]!;
    if (kind.token.pos !== '名詞' || !KIND_BEFORE_NAME.test(kind.token.surface_form)) continue;
    const end = katakanaNameAfter(tokens, i + 1);
    if (end < 0) continue;
    out.push({ start: kind.start, end: tokens[end - 1]!.end });
    i = end - 1;
  }
  return out;
}

/** Written by hand: the one-kanji words that end an eatery's or an inn's name (…潮亭, …風庵),
 * which kuromoji reads alone: a noun, not a counter. */
const HOUSE_NAME_END = /^(?:亭|庵)$/u;

/** Eateries and inns named with …亭 / …庵 (…かも川亭): the nouns glued before the word (at most
 * four tokens back, not a number), and the word. */
function houseNames(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!/[亭庵]/u.test(text)) return [];
  const out: Range[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const end = tokens[i]!;
    if (!HOUSE_NAME_END.test(end.token.surface_form) || end.token.pos !== '名詞' || end.token.pos_detail_2 === '助数詞') continue;
    let k = i;
    while (k > 0 && k > i - 4 && tokens[k - 1]!.end === tokens[k]!.start && isNamePiece(tokens[k - 1]!) && tokens[k - 1]!.token.pos_detail_1 !== '数') k--;
    if (k === i) continue;
    out.push({ start: tokens[k]!.start, end: end.end });
  }
  return out;
}

/** Written by hand (a closed class): words of a firm's branch said after its place and の
 * (…の販売所, …の営業所), which name one office of one firm as the glued form does (…支店). */
const BRANCH_AFTER_NO = /^(?:販売所|営業所|出張所|事業所|支店|支社|支局|配送センター)$/u;

/** A branch of a firm said by its place and の (…の販売所): a place kuromoji tags 地域 (not a
 * country, not katakana: a place abroad names an office of the firm, not where one works), の, then
 * the glued nouns of a branch word ending the compound. The place only, as the glued form's rule
 * (`speech-more.ts`) redacts it: the branch word says nothing of which one. */
function branchesAfterNo(text: string, tokens: readonly PositionedToken[]): Range[] {
  if (!/の(?:販売|営業|出張|事業|支|配送)/u.test(text)) return [];
  const out: Range[] = [];
  for (let i = 0; i + 2 < tokens.length; i++) {
    const place = tokens[i]!;
    const no = tokens[i + 1]!;
    // a town or ward, not a prefecture, region or country (関西の支社, 北海道の支店 name no branch)
    if (!isLocalPlace(place.token)) continue;
    if (no.token.surface_form !== 'の' || no.start !== place.end) continue;
    let j = i + 2;
    while (j < tokens.length && j < i + 5 && tokens[j]!.start === tokens[j - 1]!.end && tokens[j]!.token.pos === '名詞') j++;
    if (j === i + 2 || !BRANCH_AFTER_NO.test(text.slice(tokens[i + 2]!.start, tokens[j - 1]!.end))) continue;
    out.push({ start: place.start, end: place.end });
  }
  return out;
}

/** Written by hand: katakana words that end a season, a sale or an outing, not a firm's name
 * (ゴールデンウィーク北海道に…): said before a place without a pause too. */
const NOT_FIRM_BEFORE_PLACE = /(?:ウィーク|シーズン|セール|フェア|イベント|ツアー|ホリデー|ステイ|トリップ|ドライブ|キャンプ|マラソン|ライブ)$/u;

/** A katakana name of two words or more with its region glued after it (…プロ新潟, …ブリッジ関西):
 * a firm's regional company or an agency's branch, as people say them. The katakana run starts a
 * word and has no other noun glued before it; the place is one kanji word kuromoji tags 地域 (a
 * country too: …ジャパン is said in katakana), and a particle or a pause follows it, no other noun
 * (…新潟支店 is the branch rule's). */
function katakanaNamesWithRegion(text: string, tokens: readonly PositionedToken[]): Range[] {
  const out: Range[] = [];
  for (let i = 2; i < tokens.length; i++) {
    const place = tokens[i]!;
    if (place.token.pos_detail_2 !== '地域' || !/^[\p{Script=Han}々ヶ]+$/u.test(place.token.surface_form)) continue;
    const after = tokens[i + 1];
    if (after !== undefined && after.start === place.end && after.token.pos === '名詞') continue;
    let k = i;
    while (k > 0 && k > i - 4 && tokens[k - 1]!.end === tokens[k]!.start && tokens[k - 1]!.token.pos === '名詞' && /^[\p{Script=Katakana}ー]{2,}$/u.test(tokens[k - 1]!.token.surface_form)) k--;
    if (i - k < 2) continue;
    const before = tokens[k - 1];
    if (before !== undefined && before.end === tokens[k]!.start && before.token.pos === '名詞') continue;
    const name = text.slice(tokens[k]!.start, tokens[i - 1]!.end);
    if (NOT_FIRM_BEFORE_PLACE.test(name)) continue;
    out.push({ start: tokens[k]!.start, end: place.end });
  }
  return out;
}

export const ORGANISATION_DETECTORS: readonly Detector[] = [
  withTokens('org:branch-after-no', branchesAfterNo),
  withTokens('org:kind-then-name', (_, tokens) => kindThenName(tokens)),
  withTokens('org:house-name', houseNames),
  withTokens('org:katakana-region', katakanaNamesWithRegion),
  withTokens('org:trade-compound', tradeCompounds),
  withTokens('org:workplace-compound', workplaceCompounds),
  withTokens('org:shop-before-kind', shopsBeforeKind),
  withTokens('org:named-before-cue', namedBeforeCue),
  withTokens('org:surname-firm', (_, tokens) => surnameFirms(tokens)),
  withTokens('org:branch-store', branchStores),
  { source: 'org:firm-san', find: ({ text, tokens }) => firmsCalledSan(text, tokens) },
  { source: 'org:english-trade', find: ({ text, hasLatinCapital }) => (hasLatinCapital ? englishTradeNames(text) : []) },
];

/** A firm named with a kana head and a katakana word of its trade (…+パートナーズ, …+ホールディングス)
 * is said short by its head later (「…です」って): the heads of the session's organisations of that
 * shape, three hiragana or more (a kanji head is a place as often: 東京 of 東京ガス). */
const KANA_HEAD_ORG = /^(?<head>\p{Script=Hiragana}{3,8})[\p{Script=Katakana}ー]{3,}$/u;

export function orgKanaHeads(orgs: Iterable<string>): Set<string> {
  const heads = new Set<string>();
  for (const org of orgs) {
    const head = KANA_HEAD_ORG.exec(org)?.groups?.['head'];
    if (head !== undefined) heads.add(head);
  }
  return heads;
}

/** Those heads said alone elsewhere in the session: a whole word (no kana or kanji glued before
 * it), before a copula, a quote, さん or a pause — not before の or another particle, where the
 * word is said in its own sense (…の港, …に行った). */
export function orgKanaHeadPattern(heads: ReadonlySet<string>): RegExp | null {
  if (heads.size === 0) return null;
  const alt = [...heads].join('|');
  return new RegExp(`(?<![\\p{Script=Hiragana}\\p{Script=Han}々])(?:${alt})(?=です|でした|って|さん|さま|様|[、。！？!?」]|$)`, 'gu');
}
