/** The worry-theme taxonomy of the product spec. Adding a theme here fails to compile until
 * every `Record<ThemeId, …>` (labels, lexicons, report tables) handles it. */
export const THEME_IDS = [
  'career_path',
  'job_change',
  'skills_learning',
  'evaluation_pay',
  'boss_relationship',
  'workplace_relations',
  'workload',
  'motivation',
  'management',
  'childcare',
  'caregiving',
  'life_events',
  'health',
  'retirement',
  'global_work',
] as const;

export type ThemeId = (typeof THEME_IDS)[number];

export const THEME_LABELS: Record<ThemeId, { ja: string; en: string }> = {
  career_path: { ja: 'キャリア形成・キャリアパス', en: 'career path and direction' },
  job_change: { ja: '転職・離職の検討', en: 'considering a job change' },
  skills_learning: { ja: 'スキル・学び直し', en: 'skills and learning' },
  evaluation_pay: { ja: '評価・処遇・給与', en: 'evaluation, grade and pay' },
  boss_relationship: { ja: '上司との関係', en: 'relationship with the boss' },
  workplace_relations: { ja: '職場の人間関係', en: 'workplace relationships' },
  workload: { ja: '業務量・働き方', en: 'workload and working style' },
  motivation: { ja: 'やりがい・モチベーション', en: 'meaning and motivation' },
  management: { ja: 'マネジメント・部下育成', en: 'managing and developing people' },
  childcare: { ja: '子育てと仕事の両立', en: 'childcare and work' },
  caregiving: { ja: '介護と仕事の両立', en: 'caregiving and work' },
  life_events: { ja: '結婚・出産などのライフイベント', en: 'marriage, birth and other life events' },
  health: { ja: '心身の健康', en: 'physical and mental health' },
  retirement: { ja: '役職定年・定年・セカンドキャリア', en: 'post-management, retirement, second career' },
  global_work: { ja: '海外・語学を活かす仕事', en: 'overseas and language-based work' },
};

/** A theme counts for an employee when one of their sessions has it with at least this
 * confidence (the store's employee_themes view and the reports' method table). */
export const THEME_PRESENT_THRESHOLD = 0.5;

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RISK_SIGNALS = ['retention_risk', 'mental_health_risk'] as const;
export type RiskSignal = (typeof RISK_SIGNALS)[number];
