/** Every label a report shows, in one table per language. A missing key fails to compile. */
import type { Dimension } from '../pipeline/aggregate/rows.js';
import { OTHER_SEGMENT, UNSPECIFIED_SEGMENT, type KeywordRow, type MethodRow, type OverviewRow, type PublicationInfo, type Reason, type ReportModel } from '../pipeline/aggregate/model.js';
import { MICRO_GROUP } from '../pipeline/aggregate/benchmark.js';
import { LIFT_ALPHA, MIN_LIFT, RISE_P } from '../pipeline/aggregate/keywords.js';
import { reportId } from '../pipeline/aggregate/publication.js';
import { LANGS, type Lang } from '../pipeline/report-options.js';
import { PERIOD_RE, windowLabel, windowOfId } from '../pipeline/period.js';
import { THEME_LABELS, type RiskLevel, type RiskSignal, type ThemeId } from '../pipeline/themes.js';
import { NOTABLE_LIFT, type BehindSide } from '../pipeline/aggregate/behind.js';
import type { EmergingTrend } from '../pipeline/aggregate/emerging.js';

// Defined in pipeline/ so that a run names them without importing reports/.
export { LANGS, type Lang };

export type Column =
  | 'company_id' | 'company' | 'period' | 'metric' | 'value' | 'previous' | 'change'
  | 'theme_id' | 'theme' | 'employees' | 'base' | 'share_pct' | 'previous_share_pct' | 'change_pt'
  | 'bench_companies' | 'bench_p25_pct' | 'bench_p50_pct' | 'bench_p75_pct' | 'bench_p90_pct'
  | 'dimension' | 'segment' | 'rank' | 'keyword' | 'previous_employees' | 'lift' | 'elsewhere' | 'p_value'
  | 'signal' | 'level' | 'item' | 'suppressed'
  | 'side' | 'segments' | 'survey_metric' | 'survey_period' | 'item_id' | 'rest_employees' | 'rest_base' | 'rest_share_pct'
  | 'lift_vs_rest' | 'topic' | 'trend';

export interface Labels {
  columns: Record<Column, string>;
  themes: Record<ThemeId, string>;
  signals: Record<RiskSignal, string>;
  levels: Record<RiskLevel, string>;
  dimensions: Record<Dimension, string>;
  metrics: Record<OverviewRow['metric'], string>;
  methodItems: Record<MethodItem, string>;
  reasons: Record<Reason, (k: number, min: number) => string>;
  /** The method row saying which publication of the company-period this is. */
  publication: (p: PublicationInfo, k: number) => string;
  /** How a keyword's lift was measured (model.ts: KeywordRow.elsewhere). */
  keywordElsewhere: Record<KeywordRow['elsewhere'], (k: number, min: number) => string>;
  /** The groups of behind-the-scores (behind.ts). */
  sides: Record<BehindSide, string>;
  /** How a new topic moves (emerging.ts). */
  trends: Record<EmergingTrend, string>;
  /** A survey metric's name (`engagement` → エンゲージメント; others as given). */
  surveyMetric: (metric: string) => string;
  unspecified: string;
  /** The pooled segment of every group with fewer than k employees. */
  other: string;
  pdf: PdfLabels;
}

/** The sections of the PDF report, in order (see reports/pdf/render.ts). */
export const PDF_SECTIONS = ['overview', 'themes', 'segments', 'behind', 'keywords', 'emerging', 'risks', 'method'] as const;
export type PdfSection = (typeof PDF_SECTIONS)[number];

/** Labels and sentences of the PDF report. Numbers arrive already formatted. */
export interface PdfLabels {
  /** The document language tag (BCP 47) written into the PDF. */
  locale: string;
  title: string;
  /** A period `YYYY-MM` as a reader writes it. */
  period: (period: string) => string;
  periodLine: (period: string, previous: string) => string;
  sections: Record<PdfSection, string>;
  intros: Record<PdfSection, (k: number, min: number) => string>;
  contents: string;
  coverPrivacy: (k: number) => string;
  kpiPrevious: (previous: string, value: string, change: string) => string;
  kpiNoPrevious: (k: number) => string;
  kpiWithheld: string;
  summaryTitle: string;
  summaryOverview: (period: string, employees: string, sessions: string, change: string | null) => string;
  summaryAbove: (items: string[]) => string;
  summaryNoneAbove: string;
  summaryNoBenchmark: (min: number, items: string[]) => string;
  summaryNoThemes: (k: number) => string;
  summaryThemeItem: (theme: string, share: string, median: string | null) => string;
  summaryRisk: (signal: string, level: string, dimension: string, segment: string, share: string) => string;
  summaryRiskHidden: (signal: string, level: string, k: number) => string;
  noSessions: (period: string) => string;
  belowK: (k: number) => string;
  /** A month too small to report: its quarter is reported instead (model.ts: smallMonth). */
  seeQuarter: (quarter: string) => string;
  legendCompany: string;
  legendBand: string;
  legendMedian: string;
  legendSuppressed: (k: number) => string;
  legendScale: string;
  legendRiskScale: string;
  noBenchmark: (min: number) => string;
  axisShare: string;
  colShare: string;
  colCompany: string;
  colChange: string;
  colPrevious: string;
  changePt: (pt: string) => string;
  hidden: string;
  segmentN: (n: string) => string;
  withN: (segment: string, n: string) => string;
  bySegment: (dimension: string) => string;
  dimensionNoData: (dimension: string) => string;
  dimensionAllHidden: (dimension: string, k: number) => string;
  /** Every group of the dimension has fewer than k employees: no breakdown (never one "other"
   * column that is the whole company). */
  dimensionAllSmall: (dimension: string, k: number) => string;
  keywordsTop: string;
  keywordsRising: string;
  keywordEmployees: (n: string) => string;
  /** A keyword's lift as the bar shows it (`他社比 2.3倍`). */
  keywordLift: (lift: string) => string;
  risingBadge: string;
  keywordsNone: (k: number) => string;
  risingNone: string;
  risingNoPrevious: (k: number) => string;
  previousShare: (share: string) => string;
  /** Behind the scores: "the 2 lowest-scoring departments", "the other departments". */
  behindGroup: (side: BehindSide, n: number, dimension: Dimension) => string;
  behindRest: (dimension: Dimension) => string;
  /** One sentence an HR manager reads: the group, its segments, the item, the rest, the lift. */
  behindMore: (metric: string, group: string, segments: string, item: string, rest: string, lift: string) => string;
  behindLess: (metric: string, group: string, segments: string, item: string, rest: string, lift: string) => string;
  behindNone: (metric: string, group: string, segments: string, rest: string) => string;
  /** A risk level as an item of those sentences (「離職リスクが「高」の人」). */
  behindRiskItem: (signal: string, level: string) => string;
  behindHeading: (dimension: string, metric: string, period: string) => string;
  behindScores: (group: string, segments: string) => string;
  behindSegmentScore: (segment: string, score: string, respondents: string) => string;
  behindNoDimension: (k: number) => string;
  behindAllWithheld: (k: number) => string;
  behindColItem: string;
  behindColGroup: string;
  behindColRest: string;
  behindColLift: string;
  emergingColTopic: string;
  emergingColEmployees: string;
  emergingColTrend: string;
  riskDistribution: (signal: string) => string;
  riskBySegment: (dimension: string) => string;
  methodTable: string;
  privacyTitle: string;
  privacyNotes: (k: number, min: number) => string[];
  readingTitle: string;
  readingNotes: (k: number, min: number) => string[];
}

/** A period as a reader writes it: a month, or a window's name (pipeline/period.ts). */
const JA_MONTHS = (period: string) => {
  if (!PERIOD_RE.test(period)) return windowLabel(windowOfId(period), 'ja');
  const [y, m] = period.split('-');
  return `${y}年${Number(m)}月`;
};
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const enPeriod = (period: string) => {
  if (!PERIOD_RE.test(period)) return windowLabel(windowOfId(period), 'en');
  const [y, m] = period.split('-');
  return `${EN_MONTHS[Number(m) - 1] ?? m} ${y}`;
};
/** An ISO instant as Tokyo wall-clock time, `YYYY-MM-DD HH:MM:SS`: every time a report shows
 * (CSV and PDF alike) is Japan time, as its periods are Tokyo calendar months (pipeline/period.ts). */
const tokyo = (iso: string) => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms + 9 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
};

const themes = (lang: Lang) =>
  Object.fromEntries(Object.entries(THEME_LABELS).map(([id, l]) => [id, l[lang]])) as Record<ThemeId, string>;

export const LABELS: Record<Lang, Labels> = {
  ja: {
    columns: {
      company_id: '企業ID', company: '企業名', period: '対象期間（日本時間の月）', metric: '指標', value: '値', previous: '前期',
      change: '前期差', theme_id: 'テーマID', theme: 'テーマ', employees: '該当従業員数', base: '母数（従業員数）',
      share_pct: '割合(%)', previous_share_pct: '前期割合(%)', change_pt: '前期差(pt)',
      bench_companies: '比較企業数', bench_p25_pct: '他社25%点(%)', bench_p50_pct: '他社中央値(%)',
      bench_p75_pct: '他社75%点(%)', bench_p90_pct: '他社90%点(%)', dimension: '区分', segment: 'セグメント',
      rank: '順位', keyword: 'キーワード', previous_employees: '前期該当従業員数', lift: '他社比（倍）', elsewhere: '他社比の算出',
      p_value: '偶然の増加である確率（p値）',
      signal: 'シグナル', level: 'レベル', item: '項目', suppressed: '非表示の理由',
      side: 'グループ', segments: 'グループの区分（スコア・回答者数）', survey_metric: 'サーベイ指標', survey_period: 'サーベイ期間',
      item_id: '項目ID', rest_employees: '社内の他の区分の該当従業員数', rest_base: '社内の他の区分の母数', rest_share_pct: '社内の他の区分の割合(%)',
      lift_vs_rest: '社内の他の区分との比（倍）', topic: '話題（代表的なキーワード）', trend: '動き',
    },
    themes: themes('ja'),
    signals: { retention_risk: '離職リスク', mental_health_risk: 'メンタルヘルスリスク' },
    levels: { low: '低', medium: '中', high: '高' },
    dimensions: { department: '部署', age_band: '年代', gender: '性別' },
    metrics: { sessions: '面談数', employees: '相談した従業員数', sentiment_mean: '発話の感情スコア平均（-1〜1）' },
    methodItems: {
      k: '最小集計人数 k', benchmark_min_companies: 'ベンチマークの最低企業数', benchmark_companies: 'ベンチマーク対象企業数',
      provider: '分析プロバイダ', model: 'モデル', version: 'ルール／プロンプトのバージョン', run_ids: '実行ID',
      theme_threshold: 'テーマ判定の確信度しきい値', report_id: 'レポートID（集計内容から決まる）', publication: '公表版',
      generated_at: '作成日時（日本時間）', window: '対象期間（種類・月、日本時間）',
    },
    reasons: {
      small_cell: (k) => `${k}人未満の値、またはそれを逆算できる値のため非表示`,
      below_k: (k) => `${k}人未満のため非表示`,
      complementary: () => '他の値からの逆算を防ぐため非表示',
      base_suppressed: (k) => `母数が${k}人未満のため非表示`,
      company_below_k: (k) => `この期間の相談者が${k}人未満のため、個人が特定されないよう集計を表示しません`,
      previous_below_k: (k) => `前期は${k}人未満のため前期値なし`,
      benchmark_too_few_companies: (_k, min) => `比較できる他社が${min}社未満のためベンチマークなし`,
      previous_not_comparable: (k) => `前期との相談者の入れ替わりが${k}人未満のため、前期との比較は表示しません`,
      benchmark_extreme: () => '0%または100%となる他社分布の値は、企業が特定されないよう表示しません',
      window_overlap: (k) => `期間が重なる既公表のレポートとの差し引きで${k}人未満の従業員が特定されうるため、この期間の集計は表示しません`,
      see_quarter: (k) => `この月は相談者が${2 * k}人未満と少ないため、四半期のレポートをご覧ください`,
    },
    publication: (p, k) =>
      `第${p.version}版（${tokyo(p.published_at).slice(0, 10)} 公表）` +
      (p.held_back ? `。その後の変更（遅れて登録された面談・削除）は${k}人以上の変更がそろうまで反映しません` : ''),
    keywordElsewhere: {
      pooled: () => '他社の集計値を合算して算出',
      few_companies: (k) => `他社比なし：この語を${k}人以上が使った他社が${MICRO_GROUP}社未満（他社では少ない語として上位に表示）`,
      none: (_k, min) => `他社比なし：比較できる他社が${min}社未満（人数順）`,
    },
    sides: { low: 'スコアが低い区分', high: 'スコアが高い区分' },
    trends: { rising: '増加中', steady: '複数月で継続' },
    surveyMetric: (metric) => (metric === 'engagement' ? 'エンゲージメント' : metric),
    unspecified: '未回答',
    other: 'その他（少人数の区分をまとめて表示）',
    pdf: {
      locale: 'ja-JP',
      title: 'キャリア面談 集計レポート',
      period: JA_MONTHS,
      periodLine: (p, prev) => `対象期間\u3000${JA_MONTHS(p)}（比較：前期 ${JA_MONTHS(prev)}）`,
      sections: {
        overview: '概要', themes: '相談テーマ', segments: '属性別の相談テーマ', behind: 'スコアの裏側にある本音', keywords: 'キーワード', emerging: '新しい話題',
        risks: '離職リスク・メンタルヘルスリスク', method: '集計方法とプライバシー',
      },
      intros: {
        overview: () => '',
        themes: () =>
          '各テーマについて、相談した従業員のうちそのテーマを話した人の割合です（一人が複数のテーマに該当します）。灰色の帯は他社の25〜75%点、縦線は他社の中央値です。',
        segments: (k) =>
          `部署・年代・性別ごとに、各テーマを話した従業員の割合を色の濃さで示します。${k}人未満のセル、および他の数値から逆算できてしまうセルは斜線で非表示にしています。`,
        keywords: (k) =>
          `相談者の発話（個人情報を除去済み）に現れた語のうち、他社と比べてこの会社で特に多く使われた語を「他社比」の大きい順に並べました。${k}人以上が使った語だけを表示し、日常語・人名などの個人情報は含みません。`,
        behind: (k) =>
          `エンゲージメントサーベイなどのスコアが低い区分と高い区分について、社内の他の区分と比べて多く（少なく）話されているテーマとリスクを示します。倍率＝グループ内の割合÷社内の他の区分の割合。数値はすべて前のページの属性別の集計から計算でき、${k}人未満になるもの、逆算につながるものは表示しません。回答者が${k}人未満の区分のスコアは使いません。`,
        emerging: (k) =>
          `レポートのテーマのどれにも当てはまらない語の組み合わせで、${k}人以上の従業員が（同じ話題の語を2つ以上使って）話し、複数の月に続いているか増えているものです。人名などは含まず、${k}人以上が使い${k}人以上が使わなかった一般的な語だけで名前を付けています。`,
        risks: (k) =>
          `面談ごとに判定した離職リスクとメンタルヘルスリスクの各レベルに該当する従業員の割合です。${k}人未満の区分は非表示です。`,
        method: () => '',
      },
      contents: '目次',
      coverPrivacy: (k) =>
        `このレポートは${k}人以上の従業員から集計した数値だけを掲載しています。個人の発言や、個人を特定できる情報は含みません。`,
      kpiPrevious: (prev, v, c) => `前期（${prev}）${v}\u3000前期差 ${c}`,
      kpiNoPrevious: (k) => `前期は比較できる数値がありません（${k}人未満またはデータなし）`,
      kpiWithheld: '非表示',
      summaryTitle: 'この期間のポイント',
      summaryOverview: (p, e, s, c) =>
        `${p}は${e}人の従業員が相談し、面談は${s}件でした${c === null ? '。' : `（相談者数の前期差 ${c}）。`}`,
      summaryAbove: (items) => `他社の中央値を特に上回ったテーマ：${items.join('、')}。`,
      summaryNoneAbove: '他社の中央値を上回ったテーマはありませんでした。',
      summaryNoBenchmark: (min, items) =>
        `比較できる他社が${min}社未満のため他社比較はありません。割合の高いテーマ：${items.join('、')}。`,
      summaryNoThemes: (k) => `テーマ別の割合は、人数が少ないため（${k}人未満）すべて非表示です。`,
      summaryThemeItem: (t, s, m) => (m === null ? `${t}（${s}）` : `${t}（${s}、他社中央値 ${m}）`),
      summaryRisk: (sig, lv, d, seg, s) => `${sig}「${lv}」の割合が最も高い区分：${d}「${seg}」（${s}）。`,
      summaryRiskHidden: (sig, lv, k) => `${sig}「${lv}」の属性別の割合は、人数が少ないため（${k}人未満）表示していません。`,
      noSessions: (p) =>
        `${JA_MONTHS(p)}は、この企業の従業員による面談がありませんでした。そのため、この期間の集計・グラフはありません。`,
      seeQuarter: (q) =>
        `この月は人数が少ないため、四半期（${q}）のレポートをご覧ください。月ごとの集計では大半の数値が非表示になるため、この月の数値は四半期にまとめて掲載しています（月と四半期の両方を公表すると、差し引きで少人数の回答が分かってしまうため、月の数値は掲載しません）。`,
      belowK: (k) =>
        `この期間に相談した従業員が${k}人未満のため、個人が特定されることのないよう、すべての集計を非表示にしています。次の期間以降、${k}人以上の相談があれば集計を掲載します。`,
      legendCompany: '自社',
      legendBand: '他社の25〜75%点',
      legendMedian: '他社の中央値',
      legendSuppressed: (k) => `非表示（${k}人未満、または逆算防止）`,
      legendScale: '割合',
      legendRiskScale: '中・高の割合',
      noBenchmark: (min) => `比較できる他社が${min}社未満のため、他社比較（灰色の帯・縦線）は表示していません。`,
      axisShare: '相談した従業員に占める割合',
      colShare: '割合',
      colCompany: '自社',
      colChange: '前期差',
      colPrevious: '前期',
      changePt: (pt) => `前期差 ${pt}`,
      hidden: '非表示',
      segmentN: (n) => `${n}人`,
      withN: (seg, n) => `${seg}（${n}人）`,
      bySegment: (d) => `${d}別`,
      dimensionNoData: (d) => `${d}の情報が登録されていないため、${d}別の集計はありません。`,
      dimensionAllHidden: (d, k) => `${d}別のすべての数値が、人数が少ないため（${k}人未満、または逆算防止）非表示です。`,
      dimensionAllSmall: (d, k) => `${d}別の内訳はありません：どの${d}も${k}人未満のため、まとめると全社と同じになります（全社の数値は前のページのとおり）。`,
      keywordsTop: 'この会社で特に多いキーワード',
      keywordsRising: '前期から増えたキーワード（偶然の範囲を超えた増加）',
      keywordEmployees: (n) => `${n}人`,
      keywordLift: (lift) => `他社比 ${lift}倍`,
      risingBadge: '増加',
      keywordsNone: (k) => `${k}人以上が使ったキーワードはありませんでした。`,
      risingNone: '前期から、偶然の範囲を超えて増えたキーワードはありませんでした。',
      risingNoPrevious: (k) => `前期の相談者が${k}人未満、またはデータがないため、前期との比較はありません。`,
      previousShare: (s) => `前期 ${s}`,
      behindGroup: (side, n, d) => `スコアが${side === 'low' ? '低い' : '高い'}${d === 'department' ? `${n}部署` : d === 'age_band' ? `${n}つの年代` : `${n}つの区分`}`,
      behindRest: (d) => (d === 'department' ? '他部署' : d === 'age_band' ? '他の年代' : '他の区分'),
      behindMore: (metric, g, segs, item, rest, lift) => `${metric}の${g}（${segs}）では、${item}が社内の${rest}の${lift}倍多く話題に上っています。`,
      behindLess: (metric, g, segs, item, rest, lift) => `${metric}の${g}（${segs}）では、${item}の話題は社内の${rest}の${lift}倍にとどまります。`,
      behindNone: (metric, g, segs, rest) => `${metric}の${g}（${segs}）と社内の${rest}とで、${NOTABLE_LIFT}倍以上の差がある話題はありません。`,
      behindRiskItem: (sig, lv) => `${sig}が「${lv}」の人`,
      behindHeading: (d, metric, period) => `${d}別：${metric}（${period}のサーベイ）`,
      behindScores: (g, segs) => `${g}：${segs}`,
      behindSegmentScore: (seg, score, n) => `${seg} ${score}（回答${n}人）`,
      behindNoDimension: (k) => `サーベイのスコアがあり、このレポートにも表示されている区分（${k}人以上）が2つ以上ある属性がないため、この節の集計はありません。`,
      behindAllWithheld: (k) => `どの項目も、${k}人未満になる、または他の数値から逆算できてしまうため表示していません。`,
      behindColItem: '項目',
      behindColGroup: 'グループ内の割合',
      behindColRest: '社内の他の区分',
      behindColLift: '倍率',
      emergingColTopic: '話題（代表的なキーワード）',
      emergingColEmployees: '話した従業員',
      emergingColTrend: '動き',
      riskDistribution: (sig) => `${sig}の分布`,
      riskBySegment: (d) => `${d}別のリスク分布`,
      methodTable: '集計の条件',
      privacyTitle: 'プライバシー保護のルール',
      privacyNotes: (k, min) => [
        `すべての数値は${k}人以上の従業員から計算しています。${k}人未満になる数値は表示せず、他の数値や合計から逆算できてしまう数値も合わせて非表示にしています。`,
        `この期間に相談した従業員が${k}人未満の場合は、レポート全体を非表示にします。`,
        `キーワードは${k}人以上の従業員が使い、${k}人以上が使わなかった一般的な語だけを掲載し、人名などの個人情報は掲載しません。発話は分析の前に個人情報を除去しています。`,
        `他社比較は、各社のレポートで公表されている割合が${min}社以上ある場合にだけ、三社以上ずつまとめた分布（25%点・中央値・75%点・90%点）として示します。個別の他社の数値は示しません。`,
        `同じ期間のレポートを再作成しても、${k}人以上の変更（遅れて登録された面談・削除など）がそろうまでは、公表済みの数値をそのまま示します。`,
        '従業員IDは鍵付きハッシュで仮名化してから保存しており、元のIDは分析用データに残りません。',
      ],
      readingTitle: '数値の読み方',
      readingNotes: (k, min) => [
        '割合の分母は、この期間に面談を受けた従業員の数です（同じ従業員の複数回の面談は一人として数えます）。',
        '一つの面談に複数のテーマが該当することがあるため、テーマの割合の合計は100%を超えることがあります。',
        '前期差（pt）は、割合の差をパーセントポイントで示したものです。',
        'リスクのレベルは、分析結果とキャリアコンサルタントの所見（ある場合）を組み合わせて判定しています。',
        '感情スコアは、発話の前向き・後ろ向きを −1（とても否定的）〜 +1（とても肯定的）で表したもので、0 が中立、マイナスは否定的な発話が多いことを示します。まず従業員ごとに平均し、その従業員ごとの値を平均しています。',
        '他社の帯（25〜75%点）は、他社の半数がこの範囲に入ることを、90%点は他社の9割がこの値以下であることを示します。',
        `他社比（倍）＝（この会社で語を使った人＋${LIFT_ALPHA}）÷（相談者＋${2 * LIFT_ALPHA}）を、他社（${min}社以上の合計。語を使った人は${MICRO_GROUP}社以上の合計）の同じ値で割ったもの。1倍で他社と同じ、${MIN_LIFT}倍未満の語は除きます。比べられる他社が足りない語は他社比なしで先に並べます。`,
        `「前期から増えたキーワード」は、使った従業員が前期より${k}人以上増え、かつ偶然でそれだけ増える確率（p値）が${RISE_P * 100}%未満のものだけです。`,
        '斜線・「非表示」は、人数が少ない、または他の数値から逆算できてしまうため表示していない数値です。',
      ],
    },
  },
  en: {
    columns: {
      company_id: 'company_id', company: 'company', period: 'period_jst', metric: 'metric', value: 'value', previous: 'previous',
      change: 'change', theme_id: 'theme_id', theme: 'theme', employees: 'employees', base: 'base_employees',
      share_pct: 'share_pct', previous_share_pct: 'previous_share_pct', change_pt: 'change_pt',
      bench_companies: 'benchmark_companies', bench_p25_pct: 'benchmark_p25_pct', bench_p50_pct: 'benchmark_median_pct',
      bench_p75_pct: 'benchmark_p75_pct', bench_p90_pct: 'benchmark_p90_pct', dimension: 'dimension', segment: 'segment',
      rank: 'rank', keyword: 'keyword', previous_employees: 'previous_employees', lift: 'lift_vs_others', elsewhere: 'lift_basis',
      p_value: 'p_value',
      signal: 'signal', level: 'level', item: 'item', suppressed: 'suppressed',
      side: 'group', segments: 'group_segments_score_respondents', survey_metric: 'survey_metric', survey_period: 'survey_period',
      item_id: 'item_id', rest_employees: 'rest_employees', rest_base: 'rest_base_employees', rest_share_pct: 'rest_share_pct',
      lift_vs_rest: 'lift_vs_rest', topic: 'topic_keywords', trend: 'trend',
    },
    themes: themes('en'),
    signals: { retention_risk: 'retention risk', mental_health_risk: 'mental-health risk' },
    levels: { low: 'low', medium: 'medium', high: 'high' },
    dimensions: { department: 'department', age_band: 'age band', gender: 'gender' },
    metrics: { sessions: 'sessions', employees: 'employees who consulted', sentiment_mean: 'mean sentiment of speech (-1 to 1)' },
    methodItems: {
      k: 'minimum group size k', benchmark_min_companies: 'minimum companies for a benchmark', benchmark_companies: 'companies in the benchmark',
      provider: 'analysis provider', model: 'model', version: 'rules / prompt version', run_ids: 'run ids',
      theme_threshold: 'theme confidence threshold', report_id: 'report id (from the figures)', publication: 'publication',
      generated_at: 'generated at (JST)', window: 'reporting window (kind, months, JST)',
    },
    reasons: {
      small_cell: (k) => `hidden: fewer than ${k} employees with or without it, or a figure that would give such a one away`,
      below_k: (k) => `fewer than ${k} employees`,
      complementary: () => 'hidden so that a hidden value cannot be worked out from the others',
      base_suppressed: (k) => `segment has fewer than ${k} employees`,
      company_below_k: (k) => `fewer than ${k} employees consulted in this period: nothing is shown, to protect individuals`,
      previous_below_k: (k) => `previous period had fewer than ${k} employees`,
      benchmark_too_few_companies: (_k, min) => `fewer than ${min} other companies to compare with`,
      previous_not_comparable: (k) => `fewer than ${k} employees differ from the previous period: no comparison, so that no one can be singled out`,
      benchmark_extreme: () => 'benchmark values of 0 % or 100 % are not shown, so that no company can be identified',
      window_overlap: (k) => `withheld: subtracting the reports already published for overlapping periods would single out fewer than ${k} employees`,
      see_quarter: (k) => `fewer than ${2 * k} employees this month: see the quarter's report`,
    },
    publication: (p, k) =>
      `version ${p.version} (published ${tokyo(p.published_at).slice(0, 10)})` +
      (p.held_back ? `; later changes (late sessions, erasures) are held back until at least ${k} employees have changed` : ''),
    keywordElsewhere: {
      pooled: () => "pooled over the other companies' counts",
      few_companies: (k) => `no lift: fewer than ${MICRO_GROUP} other companies have ${k} or more employees using it (ranked first, as rare elsewhere)`,
      none: (_k, min) => `no lift: fewer than ${min} other companies to compare with (ranked by employees)`,
    },
    sides: { low: 'lowest-scoring', high: 'highest-scoring' },
    trends: { rising: 'rising', steady: 'in several months' },
    surveyMetric: (metric) => metric,
    unspecified: 'not given',
    other: 'other (small groups pooled)',
    pdf: {
      locale: 'en',
      title: 'Career consultation report',
      period: enPeriod,
      periodLine: (p, prev) => `Period: ${enPeriod(p)} (compared with ${enPeriod(prev)})`,
      sections: {
        overview: 'Overview', themes: 'Worry themes', segments: 'Themes by group', behind: 'Behind the scores', keywords: 'Keywords', emerging: 'New topics',
        risks: 'Retention and mental-health risk', method: 'Method and privacy',
      },
      intros: {
        overview: () => '',
        themes: () =>
          'For each theme, the share of employees who consulted and talked about it (one person can have several themes). The grey band spans the 25th to 75th percentile of other companies; the dark tick is their median.',
        segments: (k) =>
          `The share of employees with each theme, by department, age band and gender; darker means more. Cells with fewer than ${k} employees, and cells that would let someone work them out, are hatched and hidden.`,
        keywords: (k) =>
          `Words from what employees said (after personal data was removed), ranked by how many employees used them. Only words used by at least ${k} employees are shown, never names or other personal data.`,
        behind: (k) =>
          `For the groups with the lowest and the highest scores in the company's engagement survey: the themes and risk levels they talk about more (or less) than the rest of the company. Ratio = share in the group ÷ share in the rest. Every figure follows from the breakdowns on the previous pages; none from fewer than ${k} employees or one that would let a hidden figure be worked out is shown, and no group answered by fewer than ${k} people is used.`,
        emerging: (k) =>
          `Combinations of words that none of the report's themes covers, used (two or more of a topic's words) by at least ${k} employees, in several months or rising. Named only by everyday words used by at least ${k} employees and not by at least ${k}; never names.`,
        risks: (k) =>
          `The share of employees at each level of retention risk and mental-health risk, as assessed per session. Groups of fewer than ${k} employees are hidden.`,
        method: () => '',
      },
      contents: 'Contents',
      coverPrivacy: (k) =>
        `Every figure in this report is computed from at least ${k} employees. It contains nobody's words and nothing that identifies a person.`,
      kpiPrevious: (prev, v, c) => `${prev}: ${v}, change ${c}`,
      kpiNoPrevious: (k) => `no comparable previous figure (fewer than ${k} employees or no data)`,
      kpiWithheld: 'hidden',
      summaryTitle: 'Highlights of the period',
      summaryOverview: (p, e, s, c) =>
        `In ${p}, ${e} employees consulted in ${s} sessions${c === null ? '.' : ` (change in employees vs the previous period: ${c}).`}`,
      summaryAbove: (items) => `Themes furthest above other companies' median: ${items.join('; ')}.`,
      summaryNoneAbove: "No theme was above other companies' median.",
      summaryNoBenchmark: (min, items) =>
        `No comparison with other companies (fewer than ${min} to compare with). Most frequent themes: ${items.join('; ')}.`,
      summaryNoThemes: (k) => `Every theme share is hidden: too few employees (fewer than ${k}).`,
      summaryThemeItem: (t, s, m) => (m === null ? `${t} (${s})` : `${t} (${s}, median of others ${m})`),
      summaryRisk: (sig, lv, d, seg, s) => `Highest share of ${lv} ${sig}: ${d} "${seg}" (${s}).`,
      summaryRiskHidden: (sig, lv, k) => `Shares of ${lv} ${sig} by group are hidden: too few employees (fewer than ${k}).`,
      noSessions: (p) => `No employee of this company had a session in ${enPeriod(p)}, so there are no figures or charts for this period.`,
      seeQuarter: (q) =>
        `Too few employees this month: see the report for ${q}. Month by month most figures would be hidden, so this month's figures are reported in its quarter (publishing both would let a subtraction reveal a few people's answers, so the month shows none).`,
      belowK: (k) =>
        `Fewer than ${k} employees consulted in this period. To make sure nobody can be identified, every figure is withheld. Figures will appear once at least ${k} employees consult in a period.`,
      legendCompany: 'this company',
      legendBand: 'other companies, 25th–75th percentile',
      legendMedian: "other companies' median",
      legendSuppressed: (k) => `hidden (fewer than ${k}, or could be worked out)`,
      legendScale: 'share',
      legendRiskScale: 'share at medium and high',
      noBenchmark: (min) => `Fewer than ${min} other companies to compare with: no benchmark band or median is shown.`,
      axisShare: 'share of employees who consulted',
      colShare: 'share',
      colCompany: 'this company',
      colChange: 'vs previous',
      colPrevious: 'previous',
      changePt: (pt) => `vs previous ${pt}`,
      hidden: 'hidden',
      segmentN: (n) => `n=${n}`,
      withN: (seg, n) => `${seg} (n=${n})`,
      bySegment: (d) => `By ${d}`,
      dimensionNoData: (d) => `No ${d} was recorded, so there is no breakdown by ${d}.`,
      dimensionAllHidden: (d, k) => `Every figure by ${d} is hidden: groups too small (fewer than ${k}, or could be worked out).`,
      dimensionAllSmall: (d, k) => `No breakdown by ${d}: every group has fewer than ${k} employees, and pooled they are the whole company (see the company figures).`,
      keywordsTop: 'Keywords distinctive of this company',
      keywordsRising: 'Keywords rising since the previous period (beyond chance)',
      keywordEmployees: (n) => `${n} empl.`,
      keywordLift: (lift) => `×${lift} vs others`,
      risingBadge: 'rising',
      keywordsNone: (k) => `No keyword was used by at least ${k} employees.`,
      risingNone: 'No keyword rose beyond chance since the previous period.',
      risingNoPrevious: (k) => `No comparison with the previous period (fewer than ${k} employees, or no data).`,
      previousShare: (s) => `prev. ${s}`,
      behindGroup: (side, n, d) => `the ${n === 1 ? '' : `${n} `}${side === 'low' ? 'lowest' : 'highest'}-scoring ${d === 'department' ? 'department' : d === 'age_band' ? 'age band' : 'group'}${n === 1 ? '' : 's'}`,
      behindRest: (d) => (d === 'department' ? 'other departments' : d === 'age_band' ? 'other age bands' : 'other groups'),
      behindMore: (metric, g, segs, item, rest, lift) => `In ${g} on ${metric} (${segs}), ${item} comes up ${lift}× as often as in the company's ${rest}.`,
      behindLess: (metric, g, segs, item, rest, lift) => `In ${g} on ${metric} (${segs}), ${item} comes up only ${lift}× as often as in the company's ${rest}.`,
      behindNone: (metric, g, segs, rest) => `Between ${g} on ${metric} (${segs}) and the company's ${rest}, no topic differs by ${NOTABLE_LIFT}× or more.`,
      behindRiskItem: (sig, lv) => `${lv} ${sig}`,
      behindHeading: (d, metric, period) => `By ${d}: ${metric} (survey of ${period})`,
      behindScores: (g, segs) => `${g}: ${segs}`,
      behindSegmentScore: (seg, score, n) => `${seg} ${score} (${n} answered)`,
      behindNoDimension: (k) => `No dimension has two or more groups with a survey score that this report also shows (${k} employees or more): nothing to compare.`,
      behindAllWithheld: (k) => `Every item is hidden: it would come from fewer than ${k} employees, or let someone work out a hidden figure.`,
      behindColItem: 'item',
      behindColGroup: 'share in the group',
      behindColRest: 'rest of the company',
      behindColLift: 'ratio',
      emergingColTopic: 'topic (top keywords)',
      emergingColEmployees: 'employees',
      emergingColTrend: 'trend',
      riskDistribution: (sig) => `Distribution of ${sig}`,
      riskBySegment: (d) => `Risk by ${d}`,
      methodTable: 'How this report was computed',
      privacyTitle: 'Privacy rules',
      privacyNotes: (k, min) => [
        `Every figure comes from at least ${k} employees. Figures under ${k} are hidden, together with any figure that would let someone work a hidden one out from a total.`,
        `When fewer than ${k} employees consulted in a period, the whole report is withheld.`,
        `Keywords are shown only when at least ${k} employees used them and at least ${k} did not, and only common words: never names or other personal data; speech is redacted before analysis.`,
        `Other companies appear only as a distribution (25th, 50th, 75th and 90th percentiles) over the shares at least ${min} of them publish in their own reports, pooled in groups of at least three, never one company's figures.`,
        `A report of the same period rendered again shows the published figures until at least ${k} employees changed (late sessions, erasures).`,
        'Employee ids are pseudonymised with a keyed hash before they are stored; the raw id never reaches the analytics store.',
      ],
      readingTitle: 'How to read the figures',
      readingNotes: (k, min) => [
        'Shares are of the employees who had at least one session in the period (several sessions of one employee count once).',
        'A session can have several themes, so theme shares can add up to more than 100%.',
        'Changes are differences of shares in percentage points (pt).',
        "Risk levels combine the analysis with the career consultant's own assessment where there is one.",
        'Sentiment scores how positive or negative speech is, from −1 (very negative) to +1 (very positive); 0 is neutral and a negative mean means more negative speech. It is averaged per employee first, then over employees.',
        "The other companies' band (p25–p75) holds the middle half of them; p90: nine in ten of them are at or below it.",
        `Lift = (employees using the word + ${LIFT_ALPHA}) ÷ (employees + ${2 * LIFT_ALPHA}) here, divided by the same over the other companies (at least ${min}; the word's users summed over at least ${MICRO_GROUP}). 1 = as elsewhere; words under ${MIN_LIFT} are left out; a word too few other companies can be compared on gets no lift and comes first.`,
        `A keyword is rising only when at least ${k} more employees used it than in the previous period and a rise that large would happen by chance less than ${RISE_P * 100}% of the time (p-value).`,
        'Hatched cells and "hidden" are figures withheld because too few employees are behind them, or because they could be worked out from other figures.',
      ],
    },
  },
};

/** A segment's display name: the pooled and unspecified segments have labels of their own. */
export function segmentLabel(segment: string, l: Pick<Labels, 'unspecified' | 'other'>): string {
  return segment === UNSPECIFIED_SEGMENT ? l.unspecified : segment === OTHER_SEGMENT ? l.other : segment;
}

/** A row of the method table as reports show it: the model's method rows and the report id. */
export type MethodItem = MethodRow['item'] | 'report_id' | 'window';

const WINDOW_KIND = { ja: { month: '月次', quarter: '四半期', rolling: '直近の複数月' }, en: { month: 'month', quarter: 'quarter', rolling: 'rolling window' } } as const;

/** Which window a report covers, for the method table: kind, months, Japan time. */
export function windowDescription(period: string, lang: Lang): string {
  const w = windowOfId(period);
  return lang === 'ja'
    ? `${WINDOW_KIND.ja[w.kind]}：${w.months.join('、')}（日本時間の暦月、${w.id}）`
    : `${WINDOW_KIND.en[w.kind]}: ${w.months.join(', ')} (Tokyo calendar months, ${w.id})`;
}

/** The method rows that say when and by which run a report was rendered, not what it shows:
 * shown last, and the only lines in which two CSV renders of the same data may differ. */
export const RUN_METADATA = ['publication', 'run_ids', 'generated_at'] as const satisfies readonly MethodItem[];
const isRunMetadata = (item: MethodItem) => (RUN_METADATA as readonly MethodItem[]).includes(item);

/** The method table as both renderers show it: what the figures rest on, the report id (a
 * digest of the figures: publication.ts, reportId), then the run metadata. The publication
 * is described in the report's language, and times are Japan time. */
export function methodTable(m: ReportModel, l: Pick<Labels, 'publication' | 'pdf'>): { item: MethodItem; value: string }[] {
  const shown = (r: MethodRow): string =>
    r.item === 'publication' && m.publication ? l.publication(m.publication, m.k) : r.item === 'generated_at' ? tokyo(r.value) : r.value;
  const rows = m.method.map((r) => ({ item: r.item as MethodItem, value: shown(r) }));
  return [
    { item: 'window', value: windowDescription(m.period, l.pdf.locale === 'en' ? 'en' : 'ja') },
    ...rows.filter((r) => !isRunMetadata(r.item)),
    { item: 'report_id', value: reportId(m) },
    ...RUN_METADATA.flatMap((item) => rows.filter((r) => r.item === item)),
  ];
}
