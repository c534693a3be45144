/** Every label a report shows, in one table per language. A missing key fails to compile. */
import type { Dimension } from '../pipeline/aggregate/queries.js';
import type { MethodRow, OverviewRow, Reason } from '../pipeline/aggregate/model.js';
import { THEME_LABELS, type RiskLevel, type RiskSignal, type ThemeId } from '../pipeline/themes.js';

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export type Column =
  | 'company_id' | 'company' | 'period' | 'metric' | 'value' | 'previous' | 'change'
  | 'theme_id' | 'theme' | 'employees' | 'base' | 'share_pct' | 'previous_share_pct' | 'change_pt'
  | 'bench_companies' | 'bench_p25_pct' | 'bench_p50_pct' | 'bench_p75_pct' | 'bench_p90_pct'
  | 'dimension' | 'segment' | 'rank' | 'keyword' | 'previous_employees' | 'status'
  | 'signal' | 'level' | 'item' | 'suppressed';

export interface Labels {
  columns: Record<Column, string>;
  themes: Record<ThemeId, string>;
  signals: Record<RiskSignal, string>;
  levels: Record<RiskLevel, string>;
  dimensions: Record<Dimension, string>;
  metrics: Record<OverviewRow['metric'], string>;
  methodItems: Record<MethodRow['item'], string>;
  reasons: Record<Reason, (k: number, min: number) => string>;
  keywordStatus: Record<'new' | 'rising', string>;
  unspecified: string;
}

const themes = (lang: Lang) =>
  Object.fromEntries(Object.entries(THEME_LABELS).map(([id, l]) => [id, l[lang]])) as Record<ThemeId, string>;

export const LABELS: Record<Lang, Labels> = {
  ja: {
    columns: {
      company_id: '企業ID', company: '企業名', period: '対象期間', metric: '指標', value: '値', previous: '前期',
      change: '前期差', theme_id: 'テーマID', theme: 'テーマ', employees: '該当従業員数', base: '母数（従業員数）',
      share_pct: '割合(%)', previous_share_pct: '前期割合(%)', change_pt: '前期差(pt)',
      bench_companies: '比較企業数', bench_p25_pct: '他社25%点(%)', bench_p50_pct: '他社中央値(%)',
      bench_p75_pct: '他社75%点(%)', bench_p90_pct: '他社90%点(%)', dimension: '区分', segment: 'セグメント',
      rank: '順位', keyword: 'キーワード', previous_employees: '前期該当従業員数', status: '状態',
      signal: 'シグナル', level: 'レベル', item: '項目', suppressed: '非表示の理由',
    },
    themes: themes('ja'),
    signals: { retention_risk: '離職リスク', mental_health_risk: 'メンタルヘルスリスク' },
    levels: { low: '低', medium: '中', high: '高' },
    dimensions: { department: '部署', age_band: '年代', gender: '性別' },
    metrics: { sessions: '面談数', employees: '相談した従業員数', sentiment_mean: '発話の感情スコア平均（-1〜1）' },
    methodItems: {
      k: '最小集計人数 k', benchmark_min_companies: 'ベンチマークの最低企業数', benchmark_companies: 'ベンチマーク対象企業数',
      provider: '分析プロバイダ', model: 'モデル', version: 'ルール／プロンプトのバージョン', run_ids: '実行ID',
      theme_threshold: 'テーマ判定の確信度しきい値', generated_at: '作成日時',
    },
    reasons: {
      below_k: (k) => `${k}人未満のため非表示`,
      complementary: () => '他の値からの逆算を防ぐため非表示',
      base_suppressed: (k) => `母数が${k}人未満のため非表示`,
      company_below_k: (k) => `この期間の相談者が${k}人未満のため、個人が特定されないよう集計を表示しません`,
      previous_below_k: (k) => `前期は${k}人未満のため前期値なし`,
      benchmark_too_few_companies: (_k, min) => `比較できる他社が${min}社未満のためベンチマークなし`,
    },
    keywordStatus: { new: '新規', rising: '増加' },
    unspecified: '未回答',
  },
  en: {
    columns: {
      company_id: 'company_id', company: 'company', period: 'period', metric: 'metric', value: 'value', previous: 'previous',
      change: 'change', theme_id: 'theme_id', theme: 'theme', employees: 'employees', base: 'base_employees',
      share_pct: 'share_pct', previous_share_pct: 'previous_share_pct', change_pt: 'change_pt',
      bench_companies: 'benchmark_companies', bench_p25_pct: 'benchmark_p25_pct', bench_p50_pct: 'benchmark_median_pct',
      bench_p75_pct: 'benchmark_p75_pct', bench_p90_pct: 'benchmark_p90_pct', dimension: 'dimension', segment: 'segment',
      rank: 'rank', keyword: 'keyword', previous_employees: 'previous_employees', status: 'status',
      signal: 'signal', level: 'level', item: 'item', suppressed: 'suppressed',
    },
    themes: themes('en'),
    signals: { retention_risk: 'retention risk', mental_health_risk: 'mental-health risk' },
    levels: { low: 'low', medium: 'medium', high: 'high' },
    dimensions: { department: 'department', age_band: 'age band', gender: 'gender' },
    metrics: { sessions: 'sessions', employees: 'employees who consulted', sentiment_mean: 'mean sentiment of speech (-1 to 1)' },
    methodItems: {
      k: 'minimum group size k', benchmark_min_companies: 'minimum companies for a benchmark', benchmark_companies: 'companies in the benchmark',
      provider: 'analysis provider', model: 'model', version: 'rules / prompt version', run_ids: 'run ids',
      theme_threshold: 'theme confidence threshold', generated_at: 'generated at',
    },
    reasons: {
      below_k: (k) => `fewer than ${k} employees`,
      complementary: () => 'hidden so that a hidden value cannot be worked out from the others',
      base_suppressed: (k) => `segment has fewer than ${k} employees`,
      company_below_k: (k) => `fewer than ${k} employees consulted in this period: nothing is shown, to protect individuals`,
      previous_below_k: (k) => `previous period had fewer than ${k} employees`,
      benchmark_too_few_companies: (_k, min) => `fewer than ${min} other companies to compare with`,
    },
    keywordStatus: { new: 'new', rising: 'rising' },
    unspecified: 'not given',
  },
};
