/** A fixture-like store of fake analysis results, for looking at PDF pages and for the PDF
 * benchmark: seeded, so every run draws the same companies. Companies differ in size,
 * departments and theme propensities, so benchmarks vary, some departments are small enough
 * to be suppressed, and there is always one company under k (`demo-tiny`) and one without
 * sessions (`demo-ghost`). */
import type { Company, SessionResult } from '../../pipeline/schemas.js';
import { Store } from '../../pipeline/store/duckdb.js';
import { fakeResult, run, type FakeSession } from '../../pipeline/testing/results.js';
import { THEME_IDS, type RiskLevel, type ThemeId } from '../../pipeline/themes.js';

export const DEMO_PERIOD = '2026-10';
export const DEMO_PREVIOUS = '2026-09';

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['みらいテクノロジー・ソリューションズ株式会社', '東和精機株式会社', 'さくら商事株式会社', '北辰物流株式会社', 'あおば食品株式会社', '光陽電機株式会社', '大和ライフサービス株式会社', '新星システム開発株式会社'];
const INDUSTRIES = ['it', 'manufacturing', 'trading', 'logistics', 'food', 'electronics', 'services', 'software'];
const DEPARTMENTS = ['営業部', '開発部', 'カスタマーサクセス部', '人事総務部', '経理財務部', '製造技術部', '品質保証部', '経営企画室', 'デジタルトランスフォーメーション推進本部'];
const AGES = ['20-29', '30-39', '40-49', '50-59', '60+'];
const BASE_RATE: Record<ThemeId, number> = {
  career_path: 0.45, job_change: 0.25, skills_learning: 0.3, evaluation_pay: 0.25, boss_relationship: 0.2,
  workplace_relations: 0.2, workload: 0.3, motivation: 0.3, management: 0.12, childcare: 0.12,
  caregiving: 0.06, life_events: 0.08, health: 0.15, retirement: 0.08, global_work: 0.05,
};
const WORDS: Record<ThemeId, string[]> = {
  career_path: ['キャリア', '将来', '異動'], job_change: ['転職', '転職エージェント'], skills_learning: ['資格', 'リスキリング'],
  evaluation_pay: ['評価', '給与'], boss_relationship: ['上司', '1on1'], workplace_relations: ['人間関係', 'チーム'],
  workload: ['残業', 'リモートワーク'], motivation: ['やりがい', '成長'], management: ['部下', '育成'],
  childcare: ['保育園', '時短勤務'], caregiving: ['介護', '親'], life_events: ['結婚', '出産'], health: ['睡眠', '体調'],
  retirement: ['役職定年', '定年後'], global_work: ['海外赴任', '英語'],
};
const COMMON = ['仕事', '会社', '面談', '目標'];

export function demoCompanies(count: number): Company[] {
  return Array.from({ length: count }, (_, i) => {
    const id = i === 1 ? 'demo-tiny' : i === 2 ? 'demo-ghost' : `demo-${String(i).padStart(3, '0')}`;
    const name = i === 0 ? 'みらいテクノロジー・ソリューションズ株式会社 首都圏営業本部' : `${NAMES[i % NAMES.length]}（${i}）`;
    return { company_id: id, name, industry: INDUSTRIES[i % INDUSTRIES.length]!, employee_count: 500 };
  });
}

function pick<T>(r: () => number, items: readonly T[], weights?: number[]): T {
  const w = weights ?? items.map(() => 1);
  let x = r() * w.reduce((s, v) => s + v, 0);
  for (let i = 0; i < items.length; i++) {
    x -= w[i]!;
    if (x <= 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

/** Sessions of one company in the current and the previous period. */
function companySessions(r: () => number, company: Company, index: number): FakeSession[] {
  if (company.company_id === 'demo-ghost') return [];
  const size = company.company_id === 'demo-tiny' ? 3 : index === 0 ? 240 : 20 + Math.floor(r() * 90);
  // the first company has every department (more than fit across a page), the others 3 to 7
  const depts = index === 0 ? DEPARTMENTS : DEPARTMENTS.slice(0, 3 + Math.floor(r() * 5));
  const deptW = depts.map((_, i) => 1 / (i + 1) ** (index === 0 ? 0.6 : 1.3));
  const tilt = Object.fromEntries(THEME_IDS.map((t) => [t, 0.5 + r() * 1.1])) as Record<ThemeId, number>;
  const out: FakeSession[] = [];
  for (const [period, share, drift] of [[DEMO_PERIOD, 1, 1], [DEMO_PREVIOUS, 0.8, 0.85]] as const) {
    for (let e = 0; e < Math.round(size * share); e++) {
      const age = pick(r, AGES, [0.22, 0.28, 0.24, 0.18, 0.08]);
      const older = age === '50-59' || age === '60+';
      const themes = THEME_IDS.filter((t) => {
        let p = BASE_RATE[t] * tilt[t] * drift;
        if (t === 'retirement') p = older ? p * 4 : p * 0.2;
        if (t === 'caregiving') p = older ? p * 3 : p * 0.5;
        if (t === 'childcare') p = age === '30-39' ? p * 2.5 : p * 0.5;
        return r() < Math.min(0.9, p);
      });
      const jobChange = themes.includes('job_change');
      const retention: RiskLevel = jobChange ? (r() < 0.45 ? 'high' : 'medium') : r() < 0.15 ? 'medium' : 'low';
      const mental: RiskLevel = themes.includes('health') ? (r() < 0.35 ? 'high' : 'medium') : r() < 0.1 ? 'medium' : 'low';
      const keywords = [
        ...COMMON.filter(() => r() < 0.5),
        ...themes.flatMap((t) => WORDS[t].filter(() => r() < 0.7)),
      ];
      const genderRoll = r();
      out.push({
        company: company.company_id,
        employee: `E${e}`,
        period,
        department: r() < 0.04 ? undefined : pick(r, depts, deptW),
        age_band: age,
        gender: genderRoll < 0.47 ? '女性' : genderRoll < 0.95 ? '男性' : genderRoll < 0.97 ? 'その他' : undefined,
        themes,
        keywords: [...new Set(keywords)],
        retention,
        mental,
        sentiment: Math.round((r() * 0.9 - 0.5) * 100) / 100,
      });
    }
  }
  return out;
}

export function demoResults(companies: Company[], seed = 42): SessionResult[] {
  const r = rng(seed);
  return companies.flatMap((c, i) => companySessions(r, c, i)).map((f) => fakeResult(f));
}

/** Opens (creating) a DuckDB store at `path` and loads `count` demo companies into it. */
export async function openDemoStore(path: string, count: number, seed = 42): Promise<{ store: Store; companies: Company[] }> {
  const companies = demoCompanies(Math.max(3, count));
  const store = await Store.open(path);
  await store.load(companies, demoResults(companies, seed), run('demo-run'));
  return { store, companies };
}
