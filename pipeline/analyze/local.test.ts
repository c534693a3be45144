import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../schemas.js';
import { redactSegments } from '../redact/redact.js';
import { analyzeLocally, createLocalProvider } from './local.js';
import { bundledLexicons, lexiconsOfVersion } from './lexicon.js';
import type { AnalysisProvider } from '../ports/analysis-provider.js';
import { compileLexicon } from './rules.js';
import { loadJapaneseTokenizer, type JaTokenizer } from './tokenizer.js';

let tokenizer: JaTokenizer;
let provider: AnalysisProvider;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
  provider = createLocalProvider({ tokenizer });
});

const analyze = async (language: 'ja' | 'en', client: string[]): Promise<Analysis> => (await provider.analyze({ sessionId: 's-1', language, client })).analysis;

/** The parts a reader checks first: theme ids, risk levels, keywords. */
const summary = (a: Analysis) => ({
  themes: a.themes.map((t) => t.theme),
  retention: a.retention_risk.level,
  mental: a.mental_health_risk.level,
  keywords: a.keywords.map((k) => k.keyword),
});

describe('createLocalProvider', () => {
  it('records the lexicon version as lineage', () => {
    expect(provider.lineage).toEqual({ provider: 'local', model: 'rules', version: 'lexicon-2026.12.14' });
  });

  it('reports that it used nothing: no tokens, no audio, no cost, no cache', async () => {
    for (const client of [[], ['上司に毎日詰められて、眠れないんです。']]) {
      const { usage } = await provider.analyze({ sessionId: 's-1', language: 'ja', client });
      expect(usage).toEqual({ inputTokens: 0, outputTokens: 0, audioSeconds: 0, trimmedSeconds: 0, costUsd: 0, cached: false });
    }
  });

  it('analyses a Japanese session: themes, signals, compound keywords, no placeholders', async () => {
    expect(await analyze('ja', ['実はもう転職エージェントに登録して、来週面接を受けます。', '[PERSON]部長にも相談できません。'])).toEqual({
      themes: [
        { theme: 'job_change', confidence: 1 },
        { theme: 'boss_relationship', confidence: 0.6 },
      ],
      keywords: [
        { keyword: '登録', count: 1 },
        { keyword: '転職エージェント', count: 1 },
        { keyword: '部長', count: 1 },
        { keyword: '面接', count: 1 },
      ],
      retention_risk: { score: 0.981, level: 'high' },
      mental_health_risk: { score: 0, level: 'low' },
      sentiment: 0,
    });
  });

  it('analyses an English session', async () => {
    expect(
      await analyze('en', [
        "Honestly I've been job hunting and talked to a recruiter.",
        "I can't sleep and my boss micromanages everything.",
        '[PERSON] told me about the promotions at [ORG].',
      ]),
    ).toEqual({
      themes: [
        { theme: 'job_change', confidence: 1 },
        { theme: 'health', confidence: 0.914 },
        { theme: 'boss_relationship', confidence: 0.6 },
      ],
      keywords: [
        { keyword: 'boss', count: 1 },
        { keyword: 'hunting', count: 1 },
        { keyword: 'micromanage', count: 1 },
        { keyword: 'promotion', count: 1 },
        { keyword: 'recruiter', count: 1 },
        { keyword: 'sleep', count: 1 },
      ],
      retention_risk: { score: 0.9, level: 'high' },
      mental_health_risk: { score: 0.55, level: 'medium' },
      sentiment: 0,
    });
  });

  it('returns an empty analysis for empty speech', async () => {
    expect(await analyze('ja', [])).toEqual({
      themes: [],
      keywords: [],
      retention_risk: { score: 0, level: 'low' },
      mental_health_risk: { score: 0, level: 'low' },
      sentiment: 0,
    });
  });
});

describe('themes and signals, Japanese', () => {
  it.each([
    ['negation: 転職は考えていません → no job_change', ['転職は考えていません。今の部署で頑張りたいです。'], { themes: [], retention: 'low', mental: 'low', keywords: ['転職'] }],
    ['外も見てみようかな → job_change', ['今の会社に大きな不満はないんですが、外も見てみようかなと思っています。'], { themes: ['job_change'], retention: 'medium', mental: 'low', keywords: ['不満'] }],
    ['someone else leaving is discounted', ['同期が辞めたんです。寂しいですね。'], { themes: [], retention: 'low', mental: 'low', keywords: ['同期'] }],
    ['an own wish after someone else is mentioned still counts', ['上司が嫌で辞めたいです。'], { themes: ['job_change', 'boss_relationship'], retention: 'high', mental: 'low', keywords: ['上司'] }],
    ['hypothetical もし…としたら is discounted', ['もし辞めるとしたら、今かなと。'], { themes: [], retention: 'low', mental: 'low', keywords: [] }],
    ['しかない is not a negation', ['もう辞めるしかないと思っています。'], { themes: ['job_change'], retention: 'high', mental: 'low', keywords: [] }],
    ['a decided resignation is high retention risk', ['退職届を出しました。来月で辞めることにしました。'], { themes: ['job_change'], retention: 'high', mental: 'low', keywords: ['退職届'] }],
    ['sleep problems and a doctor → high mental-health risk', ['最近眠れなくて、心療内科に通っています。休職も考えています。'], { themes: ['health'], retention: 'low', mental: 'high', keywords: ['休職', '心療内科'] }],
    ['sleep problems alone → medium', ['夜、眠れない日があります。'], { themes: ['health'], retention: 'low', mental: 'medium', keywords: ['夜'] }],
    ['a little tiredness stays low', ['少し疲れています。'], { themes: [], retention: 'low', mental: 'low', keywords: [] }],
    ['topic themes are not negated: 給料が上がらない is about pay', ['評価に納得できないし、給料も上がらない。'], { themes: ['evaluation_pay'], retention: 'low', mental: 'low', keywords: ['納得', '給料', '評価'] }],
    [
      'childcare; placeholders never become keywords',
      ['子どもが保育園に通っていて、時短勤務を続けるか悩んでいます。', '[PERSON]さんと[ORG]の人事部に相談しました。'],
      { themes: ['childcare'], retention: 'low', mental: 'low', keywords: ['人事部', '保育園', '子ども', '時短勤務'] },
    ],
    ['caregiving', ['親の介護が始まって、ケアマネジャーと話しています。'], { themes: ['caregiving'], retention: 'low', mental: 'low', keywords: ['ケアマネジャー', '介護', '親'] }],
    ['retirement', ['役職定年まであと五年なので、セカンドキャリアを考えないといけない。'], { themes: ['retirement'], retention: 'low', mental: 'low', keywords: ['セカンドキャリア', '役職定年'] }],
    ['global work', ['海外駐在に興味があって、英語の勉強をしています。'], { themes: ['global_work', 'skills_learning'], retention: 'low', mental: 'low', keywords: ['勉強', '海外駐在', '興味', '英語'] }],
  ] as const)('%s', async (_label, client, expected) => {
    expect(summary(await analyze('ja', [...client]))).toEqual(expected);
  });
});

describe('themes and signals, English', () => {
  it.each([
    [
      'negation and someone else quitting are discounted',
      ["I'm not thinking about leaving. I love my team.", 'My colleague quit last month.'],
      { themes: [], retention: 'low', mental: 'low', keywords: ['colleague', 'leaving', 'love', 'quit', 'team'] },
    ],
    ['the nearest subject decides: "makes me want to quit" is the speaker', ['My boss makes me want to quit.'], { themes: ['job_change', 'boss_relationship'], retention: 'high', mental: 'low', keywords: ['boss', 'quit'] }],
    ['hypothetical "if" is discounted', ['If I were to quit, things would be different.'], { themes: [], retention: 'low', mental: 'low', keywords: ['different', 'quit'] }],
    ['decided resignation', ['I handed in my notice yesterday.'], { themes: ['job_change'], retention: 'high', mental: 'low', keywords: ['handed', 'notice'] }],
    ['sick leave and therapy', ["I'm exhausted. I'm on sick leave and seeing a therapist."], { themes: ['health'], retention: 'low', mental: 'high', keywords: ['exhausted', 'leave', 'sick', 'therapist'] }],
    ['childcare', ['Daycare pickup makes overtime impossible with two kids.'], { themes: ['childcare', 'workload'], retention: 'low', mental: 'low', keywords: ['impossible', 'kid', 'overtime', 'pickup'] }],
  ] as const)('%s', async (_label, client, expected) => {
    expect(summary(await analyze('en', [...client]))).toEqual(expected);
  });
});

describe('lexicon-2026.12.4: the worry as people say it, and whose it is', () => {
  it.each([
    ['a named person ([PERSON]が) is someone else: their leave is not the speaker’s', ['[PERSON]が先月から休職しています。'], { themes: [], mental: 'low' }],
    ['…and a naming fragment after it (休職っていうんですかね) goes on about them', ['同期の[PERSON]が休んでるんです。休職っていうんですかね。'], { themes: [], mental: 'low' }],
    ['the speaker’s own leave is still high', ['休職してるんです。'], { themes: ['health'], mental: 'high' }],
    ['…but a bare name may be the speaker’s child: their fever is the speaker’s childcare', ['[PERSON]が熱を出して、保育園から呼び出されました。'], { themes: ['childcare'], mental: 'low' }],
    ['…and 友達の[PERSON] is a friend: their parent’s care is not the speaker’s', ['友達の[PERSON]も、お母さんの介護で地元に帰りました。'], { themes: [], mental: 'low' }],
    ['a leave scheme (休職できる制度) is no health worry', ['会社には休職できる制度もあります。'], { themes: [], mental: 'low' }],
    ['choosing between a leave and quitting says nothing of health', ['休職か、辞めるか、迷ってます。'], { themes: ['job_change'], mental: 'low' }],
    ['a hospital only for the check-up is no health worry', ['病院なんて健康診断くらいしか行かないですね。'], { themes: [], mental: 'low' }],
    ['the stomach before work and short sleep: medium', ['出勤前になると胃がキリキリして、睡眠も三時間くらいです。'], { themes: ['health'], mental: 'medium' }],
    ['a child who cannot go to school', ['息子が春から学校に行けてなくて、仕事中も気になって。'], { themes: ['childcare'], mental: 'low' }],
    ['a single parent and the morning routine', ['うちは父子家庭で、朝は俺が子どもを起こして送り出してます。'], { themes: ['childcare'], mental: 'low' }],
    ['a second child on the way', ['二人目が夏に生まれる予定なんです。'], { themes: ['life_events'], mental: 'low' }],
    ['a new leader who finds it hard to correct an older member', ['リーダーになったんですけど、年上の人に注意しにくくて。'], { themes: ['management'], mental: 'low' }],
    ['…becoming a leader alone is no worry', ['去年主任になりました。'], { themes: [], mental: 'low' }],
    ['being avoided and eating alone', ['最近同僚に避けられてて、昼もひとりなんです。'], { themes: ['workplace_relations'], mental: 'low' }],
    ['a boss who does not listen', ['部長に何回言っても話が通じないんです。'], { themes: ['boss_relationship'], mental: 'low' }],
    ['meetings all day and messages at night', ['毎日会議が六個あって、夜中もLINEが来るんです。'], { themes: ['workload'], mental: 'low' }],
    ['pay halved', ['契約が変わって給料が半分になりました。'], { themes: ['evaluation_pay'], mental: 'low' }],
    ['a plain decision (もう辞めるつもりです) is job change', ['もう辞めるつもりです。'], { themes: ['job_change'], mental: 'low' }],
    ['finding the work rewarding (やりがいはあります) is no motivation worry', ['やりがいは、あります。企画を考えるのは今も好きです。'], { themes: [], mental: 'low' }],
    ['a relation with a bare name is a workplace relation, not by itself the boss…', ['[PERSON]との関係が、ちょっと。'], { themes: ['workplace_relations'], mental: 'low' }],
    ['…with a title it is', ['[PERSON]部長との関係が、ちょっと。'], { themes: ['boss_relationship'], mental: 'low' }],
  ] as const)('ja: %s', async (_label, client, expected) => {
    const { themes, mental } = summary(await analyze('ja', [...client]));
    expect({ themes, mental }).toEqual(expected);
  });

  it.each([
    ['a parent’s fall: caregiving', ["My mother had a fall and broke her hip, and she can't live alone now."], ['caregiving']],
    ['"he\'s" is someone else', ["He's been thinking about leaving the company."], []],
    ['a team short of people and late nights: workload', ["We lost two people and I'm online till eleven most nights."], ['workload']],
    ['being left out: workplace relations', ['I feel left out of the team, like an outsider.'], ['workplace_relations']],
    ['a manager who does not back the speaker', ["I don't feel like my manager has my back."], ['boss_relationship']],
    ['new to managing people', ['I only just started managing and have five people now.'], ['management']],
    ['no longer knowing what the work is for', ["Honestly I don't know who I'm doing it for anymore."], ['motivation']],
    ['learning on one’s own time', ["I've been learning Python on my own at weekends."], ['skills_learning']],
    ['a plain decision: job change', ["I'm going to quit in March."], ['job_change']],
    ['…someone else’s is not', ["She's going to quit."], []],
  ] as const)('en: %s', async (_label, client, themes) => {
    expect(summary(await analyze('en', [...client])).themes).toEqual(themes);
  });
});

describe('lexicon-2026.12.5: whose worry, whether it is over, and more ways of saying it', () => {
  it.each([
    ['あいつ is someone else: his leave to nurse his mother is not the speaker’s caregiving', ['あいつは母親の介護でずっと休んでます。'], { themes: [], retention: 'low', mental: 'low' }],
    ['care work as an occupation is no caregiving', ['姉がデイサービスで介護職として働いていて。'], { themes: [], retention: 'low', mental: 'low' }],
    ['how many one leads and not yet trusting them with work: management', ['班のメンバーが五人になったんですが、まだ判断を任せられないんです。'], { themes: ['management'], retention: 'low', mental: 'low' }],
    ['a wish to vanish after a time clause with another subject is the speaker’s: high', ['夫が出かけた時、消えれたら楽かもって思う。'], { themes: ['health'], retention: 'low', mental: 'high' }],
    ['pills for blood pressure are no mental-health sign', ['健診で血圧を指摘されて、それから薬をもらってます。'], { themes: [], retention: 'low', mental: 'low' }],
    ['no longer taking pills (ないし read as a conjunction) is no sign', ['ここ半年は薬を飲んでないし、趣味のランニングも再開しました。'], { themes: [], retention: 'low', mental: 'low' }],
    ['an illness said to be over in the next turn is past', ['春先にパニック障害と言われて。', '通院ももう終わっています。'], { themes: [], retention: 'low', mental: 'low' }],
    ['…without the recovery it is not', ['春先にパニック障害と言われて。', '今も電車は苦手です。'], { themes: ['health'], retention: 'low', mental: 'medium' }],
    ['転職とかじゃない denies the intent (kuromoji cuts とかじゃないんす oddly)', ['いや、会社を変えるとか転職とかじゃないんす。'], { themes: [], retention: 'low', mental: 'low' }],
    ['みたいな + noun is a likeness, not hearsay: a look of annoyance', ['有休の話を出すたびに、迷惑みたいな顔をされます。'], { themes: ['workplace_relations'], retention: 'low', mental: 'low' }],
    ['…and みたい at the end with no subject is hearsay: no intent of the speaker', ['来月で辞めるみたいです。'], { themes: [], retention: 'low', mental: 'low' }],
    ['…and so is みたいな話 (news, not a likeness)', ['来月で辞めるみたいな話を聞きました。'], { themes: [], retention: 'low', mental: 'low' }],
    ['a language test one means to sit and a language class: skills', ['TOEICを受ける予定なので、英語のレッスンも始めました。'], { themes: ['global_work', 'skills_learning'], retention: 'low', mental: 'low' }],
    ['shift work and a wish for day shifts only: workload', ['二交代制で、夜勤明けがきついです。日勤のみのところで働きたいです。'], { themes: ['workload'], retention: 'low', mental: 'low' }],
    ['late hours in kanji numerals and a team of only three: workload', ['閉店作業で二十二時を過ぎる日が多いし、店も三人しかいないんです。'], { themes: ['workload'], retention: 'low', mental: 'low' }],
    ['not knowing how to raise it with the boss', ['上司だから言いづらくて、ずっと黙ってます。'], { themes: ['boss_relationship'], retention: 'low', mental: 'low' }],
    ['a greeting not returned: workplace relations', ['廊下で挨拶しても返ってこないんです。'], { themes: ['workplace_relations'], retention: 'low', mental: 'low' }],
    ['the same thing every day and no drive: motivation', ['毎日同じことの繰り返しだし、やる気が起きないんですよね。'], { themes: ['motivation'], retention: 'low', mental: 'low' }],
    ['a boss who only hands work down: boss relationship', ['所長は面倒な案件を全部丸投げしてくるんですよ。'], { themes: ['boss_relationship'], retention: 'low', mental: 'low' }],
    ['sleeping through days off and a worry that will not leave: medium', ['休みの日も、ひたすら寝て終わります。職場のことが頭から離れなくて。'], { themes: ['health'], retention: 'low', mental: 'medium' }],
  ] as const)('ja: %s', async (_label, client, expected) => {
    const { themes, retention, mental } = summary(await analyze('ja', [...client]));
    expect({ themes, retention, mental }).toEqual(expected);
  });

  it.each([
    ['"of course" is no course', ['Sure, of course, I can cover the Friday shift.'], { themes: [], retention: 'low', mental: 'low' }],
    ['looking at jobs elsewhere: retention', ["I've been scrolling through job listings on my lunch break."], { themes: ['job_change'], retention: 'medium', mental: 'low' }],
    ['a sound sleep is no health worry, after a tired day either', ['Long day at the warehouse, I was tired, but I slept like a log.'], { themes: [], retention: 'low', mental: 'low' }],
    ['lying awake and worn out: health, medium', ["Most nights I'm lying awake, and by the afternoon I'm worn out."], { themes: ['health'], retention: 'low', mental: 'medium' }],
    ['nights away from home with a busy season: working style', ["It's a busy stretch, I'm away from home four nights a week."], { themes: ['workload'], retention: 'low', mental: 'low' }],
    ['which track to stay on: career', ['Part of me wonders if the technical ladder suits me better.'], { themes: ['career_path'], retention: 'low', mental: 'low' }],
    ['pay that has not moved: evaluation and pay', ["Three years in and my salary hasn't really moved."], { themes: ['evaluation_pay'], retention: 'low', mental: 'low' }],
    ['a partner expecting: life events', ['My wife’s expecting, due in the autumn.'], { themes: ['life_events'], retention: 'low', mental: 'low' }],
    ['…expecting an answer is no baby', ["We're expecting an answer from HR."], { themes: [], retention: 'low', mental: 'low' }],
    ['the cold shoulder: workplace relations', ['Since the reorg, the other planners give me the cold shoulder.'], { themes: ['workplace_relations'], retention: 'low', mental: 'low' }],
    ['a visa alone is no overseas work', ['I need to update my visa paperwork next month.'], { themes: [], retention: 'low', mental: 'low' }],
    ['wanting to lead a unit one day, with the future: career', ["In the future I'd like to lead the support department."], { themes: ['career_path'], retention: 'low', mental: 'low' }],
    ['…but running a marathon is no career', ["I'd like to run a marathon next year."], { themes: [], retention: 'low', mental: 'low' }],
    ['barely sleeping and up at night worrying: medium', ["Since the merger I've been barely sleeping, up at night thinking about it."], { themes: ['health'], retention: 'low', mental: 'medium' }],
    ['an early start one likes is no sleep worry', ['I start at 4 in the morning at the bakery, I like it.'], { themes: [], retention: 'low', mental: 'low' }],
  ] as const)('en: %s', async (_label, client, expected) => {
    const { themes, retention, mental } = summary(await analyze('en', [...client]));
    expect({ themes, retention, mental }).toEqual(expected);
  });

  it.each([
    ['a recovery of one ailment keeps the wish to quit and the other complaint', ['もう会社を辞めたいです。毎晩眠れなくて。', '腰はもうよくなりましたけど。'], { themes: ['job_change', 'health'], retention: 'high', mental: 'medium' }],
    ['…and says nothing of what follows it', ['胃腸炎はもう治りましたけど、最近また眠れなくて。'], { themes: ['health'], retention: 'low', mental: 'medium' }],
    ['a boss saying not to come back is no recovery', ['眠れない日が続いてます。', '上司からもう来なくていいって言われて。'], { themes: ['health'], retention: 'low', mental: 'medium' }],
    ['…a doctor saying it is', ['眠れない日が続いてます。', '主治医にもう来なくていいと言われました。'], { themes: [], retention: 'low', mental: 'low' }],
    ['treatment that does not end is no recovery', ['眠れない日が続いてます。', '治療は終わらないし。'], { themes: ['health'], retention: 'low', mental: 'medium' }],
    ['wanting to stop the pills is no recovery', ['去年から不眠で。', '薬もやめたいんです。'], { themes: ['health'], retention: 'low', mental: 'medium' }],
    ['a recovery discounts only health: the wish to quit before it stays', ['辞めたいです。', 'うつはもう治りました。'], { themes: ['job_change'], retention: 'high', mental: 'low' }],
  ] as const)('ja recovery: %s', async (_label, client, expected) => {
    const { themes, retention, mental } = summary(await analyze('ja', [...client]));
    expect({ themes, retention, mental }).toEqual(expected);
  });

  it.each([
    ['stopping the meds and not sleeping now is a complaint', ['I stopped my meds last month and now I can\'t sleep at all.'], { themes: ['health'], retention: 'low', mental: 'medium' }],
    ['a wish for things to be normal again is no recovery', ["I couldn't sleep for months.", 'I just want things to get back to normal.'], { themes: ['health'], retention: 'low', mental: 'medium' }],
    ['the speaker fully recovered: past', ["I couldn't sleep for months.", "I'm fully recovered now."], { themes: [], retention: 'low', mental: 'low' }],
  ] as const)('en recovery: %s', async (_label, client, expected) => {
    const { themes, retention, mental } = summary(await analyze('en', [...client]));
    expect({ themes, retention, mental }).toEqual(expected);
  });

  it.each([
    ['easier once the job is learnt is no wish to die', ['早く仕事を覚えて楽になりたいです。'], 'low'],
    ['easier with a qualification is none either', ['資格を取って少しでも楽になりたい。'], 'low'],
    ['a subordinate vanishing is the speaker’s worry about them, not a wish to vanish', ['部下に急に消えられたら困るんです。'], 'low'],
    ['dying to be at ease is high', ['いっそ死んで楽になりたいと思う夜があります。'], 'high'],
  ] as const)('ja wish to vanish: %s', async (_label, client, mental) => {
    expect(summary(await analyze('ja', [...client])).mental).toBe(mental);
  });

  it('en: "boss" said of the speaker (to be a better boss) is no evidence about their boss', () => {
    const lexicon = compileLexicon(bundledLexicons().en, tokenizer);
    const bossOf = (text: string) => analyzeLocally([text], lexicon, tokenizer, { minThemeConfidence: 0.5, maxKeywords: 5 }).scores.themes.boss_relationship;
    expect(bossOf('I want to be a better boss.')).toBeLessThan(0.1);
    expect(bossOf('I want a better boss.')).toBeGreaterThanOrEqual(0.3);
  });
});

describe('lexicon-2026.12.6: the way ahead, what one learns, what it is for', () => {
  it.each([
    ['a role aimed at some day (dialect): career', ['いずれは現場監督になりてえなって思ってるんすよ。'], ['career_path']],
    ['a role aimed at some day (polite): career', ['将来的には、店舗の責任者を目指したいと考えております。'], ['career_path']],
    ['kept from the work one would grow by: career', ['新しい案件は全然任せてもらえなくて、ずっと雑用なんです。'], ['career_path']],
    ['a job machines will take over: career', ['うちの検品も、そのうちAIに置き換えられるんじゃないかって。'], ['career_path']],
    ['nothing else done all these years: career', ['二十年これしかやってこなかったし、この先どうなるのか。'], ['career_path']],
    ['wanting the old work back: career', ['できれば元の職場に戻りてえなって、ずっと思っとって。'], ['career_path']],
    ['no road left in one’s trade: career', ['この会社じゃ設計の道がないんですよね。'], ['career_path']],
    ['a hand raised, said loosely (and a new team): career', ['新しくできる物流チームに手ぇ挙げてみようかなと。'], ['career_path']],
    ['an exam one means to sit and doing the work oneself: career', ['来年は試験を受けたいし、自分で図面を引く仕事がしたいです。'], ['career_path']],
    ['a grade of a trade test one wants: skills', ['溶接の二級、今年こそ取りてえんだわ。'], ['skills_learning']],
    ['a licensed trade’s exam: skills', ['社労士の試験を受けようと思って、問題集を買いました。'], ['skills_learning']],
    ['new tools one cannot follow, taught by someone younger: skills', ['新しいシステムが全然わからんくて、後輩に教わってばかりで。'], ['skills_learning']],
    ['a qualification already held is no learning to do', ['保育士の資格はもう持ってるんですけど、今は事務をしてます。'], []],
    ['work no longer fun (dialect) and what it is all for: motivation', ['このごろ現場がおもろないねん。誰のために毎朝起きとるんやろ、何のために働いとるんやろって。'], ['motivation']],
    ['years that came to nothing: career', ['十五年勤めて、いったい何だったんだろうって思います。'], ['career_path']],
    ['knowledge still far short, in dialect: skills', ['薬のこと、知識がまだまだ足らんけえ、不安で。'], ['skills_learning']],
    ['a caseload one carries: workload', ['一人で九十件も抱えてて、毎日電話に追われてます。'], ['workload']],
    ['pay that has hardly moved, with an adverb between: pay', ['手取りは、ほとんど変わってないんですよ、入社した頃から。'], ['evaluation_pay']],
    ['pay halved, said as a terse answer: pay', ['ボーナス。半減。'], ['evaluation_pay']],
    ['hearing that has gone: health', ['工場の騒音で、耳が遠くなってきて。'], ['health']],
  ] as const)('ja: %s', async (_label, client, themes) => {
    expect((await analyze('ja', [...client])).themes.map((t) => t.theme)).toEqual(themes);
  });

  it.each([
    ['a quitting one is bound to, with a tag question (じゃないですか is no negation): medium', ['妻の実家に戻るなら、今の会社は辞めなきゃいけないじゃないですか。'], 'medium'],
    ['…but a plain じゃないです still denies', ['会社を辞めたいわけじゃないです。'], 'low'],
    ['…and so does じゃないですから / じゃないから (a reason, not a tag question)', ['会社を辞めたいわけじゃないですから、安心してください。', '転職したいわけじゃないから、大丈夫です。'], 'low'],
    ['whether quitting would be better (dialect): medium', ['思い切って辞めたほうがマシなんかなって、夜になると考える。'], 'medium'],
    ['another firm one may have to think of: medium', ['よその工場も見てみようかと思ってます。'], 'medium'],
    ['another workplace of one’s trade: medium', ['よその店も考えんといかんのかなあ。'], 'medium'],
  ] as const)('ja retention: %s', async (_label, client, level) => {
    expect((await analyze('ja', [...client])).retention_risk.level).toBe(level);
  });

  it.each([
    ['a role always wanted: career', ["I've always wanted to become a flight instructor, honestly."], ['career_path']],
    ['an exam one means to pass, studying on one’s own: skills', ["I'm studying on my own, and I want to pass the JLPT next year."], ['skills_learning']],
    ['an exchange program is no programming', ['I handle the student exchange program and the paperwork for it.'], []],
    ['pay that is not much, or the same as a junior’s: pay', ['Honestly my pay is not that great, and my salary is the same as the new hires.'], ['evaluation_pay']],
  ] as const)('en: %s', async (_label, client, themes) => {
    expect((await analyze('en', [...client])).themes.map((t) => t.theme)).toEqual(themes);
  });
});

describe('keywords', () => {
  it('joins noun compounds and never emits names, placeholders or lone kana', async () => {
    const a = await analyze('ja', ['[PERSON]さんは転職活動中で、キャリアアップのためにワークライフバランスを重視しています。鈴木さんも。']);
    expect(a.keywords).toEqual([
      { keyword: 'キャリアアップ', count: 1 },
      { keyword: 'ワークライフバランス', count: 1 },
      { keyword: '転職活動', count: 1 },
      { keyword: '重視', count: 1 },
    ]);
  });

  it('skips capitalised English words (possible names) but keeps acronyms', async () => {
    const a = await analyze('en', ['[PERSON] and Sarah discussed HR policies and careers with [ORG].']);
    expect(a.keywords).toEqual([
      { keyword: 'HR', count: 1 },
      { keyword: 'career', count: 1 },
      { keyword: 'discussed', count: 1 },
      { keyword: 'policy', count: 1 },
    ]);
  });
});

describe('analyzeLocally', () => {
  it('reports every theme confidence, with the threshold as a parameter', () => {
    const lexicon = compileLexicon(bundledLexicons().ja, tokenizer);
    // 転職活動 negated (0.8 × 0.15); the retention signal (also 0.12, low) adds nothing under medium.
    const { analysis, scores } = analyzeLocally(['転職活動は考えていません。'], lexicon, tokenizer, { minThemeConfidence: 0.05, maxKeywords: 10 });
    expect(analysis.themes).toEqual([{ theme: 'job_change', confidence: 0.12 }]);
    expect(scores.themes.job_change).toBe(0.12);
    expect(scores.themes.childcare).toBe(0);
  });
});

describe('how Japanese speech is read', () => {
  it.each([
    ['a negation reaches back only through predicates such as 考える / つもり', ['転職するつもりはないです。'], { themes: [], retention: 'low', mental: 'low', keywords: ['転職'] }],
    ['わけじゃない denies the wish', ['転職したいわけじゃないんです。'], { themes: [], retention: 'low', mental: 'low', keywords: ['転職'] }],
    ['a negation of another predicate negates nothing: 疲れが取れない is tiredness', ['疲れが全然取れないんです。'], { themes: ['health'], retention: 'low', mental: 'medium', keywords: ['疲れ'] }],
    ['a denial (元気, 大丈夫) clears a deniable topic', ['体調は全然元気です。'], { themes: [], retention: 'low', mental: 'low', keywords: ['体調', '元気'] }],
    [
      'someone else, named as subject or by hearsay (みたい), is not the speaker',
      ['チームの若手が休職してるんです。', '適応障害って診断されたみたいで。'],
      { themes: [], retention: 'low', mental: 'low', keywords: ['休職', '若手', '診断', '適応障害'] },
    ],
    ['several symptoms make medium, never high, without one strong sign', ['夜も眠れないし、食欲もないし、朝起きられないんです。'], { themes: ['health'], retention: 'low', mental: 'medium', keywords: ['夜', '朝', '食欲'] }],
    ['one strong sign (a doctor) makes high', ['先月から心療内科に通っています。'], { themes: ['health'], retention: 'low', mental: 'high', keywords: ['心療内科'] }],
    ['a term inside a longer term of another theme gives way: セカンドキャリア is retirement', ['定年後のセカンドキャリアを考えています。'], { themes: ['retirement'], retention: 'low', mental: 'low', keywords: ['セカンドキャリア', '定年'] }],
    ['indirect speech: 朝がつらくて, 何もする気が起きない', ['朝がつらくて、休みの日も何もする気が起きないです。'], { themes: ['health'], retention: 'low', mental: 'medium', keywords: ['休み', '朝'] }],
    ['indirect speech: 外のことも考えちゃう', ['この評価が続くなら、ちょっと考えちゃうかもしれないです、外のことも。'], { themes: ['job_change'], retention: 'medium', mental: 'low', keywords: ['評価'] }],
    ['a topic denied with は: 残業はほとんどない', ['残業はほとんどないです。'], { themes: [], retention: 'low', mental: 'low', keywords: ['残業'] }],
    ['…but a lack said with が is the worry: 時間が全然ない', ['残業が多くて、家族との時間が全然ないです。'], { themes: ['workload'], retention: 'low', mental: 'low', keywords: ['家族', '残業'] }],
    ['the client echoing the prompt (介護ですか？) says nothing yet', ['介護ですか？まだ大丈夫です。'], { themes: [], retention: 'low', mental: 'low', keywords: ['介護'] }],
    ['a wish reported (辞めたいと言って) is not the speaker’s', ['部下が辞めたいと言ってきて困っています。'], { themes: [], retention: 'low', mental: 'low', keywords: ['部下'] }],
    ['the household’s situation is the speaker’s topic, not the speaker’s health', ['母が入院しました。'], { themes: ['caregiving'], retention: 'low', mental: 'low', keywords: ['入院', '母'] }],
    ['〜てから ends a clause: the workload after a colleague left is the speaker’s', ['同期が辞めてから業務量が倍になりました。'], { themes: ['workload'], retention: 'low', mental: 'low', keywords: ['倍', '同期', '業務量'] }],
    ['a hypothetical topic is no worry yet', ['もし海外赴任の話が来たら受けます。'], { themes: [], retention: 'low', mental: 'low', keywords: ['海外赴任'] }],
    ['a positive aside denies the topic; a negated one does not', ['今の給料には満足しています。'], { themes: [], retention: 'low', mental: 'low', keywords: ['満足', '給料'] }],
    ['a negated positive is a worry', ['仕事が楽しくないです。'], { themes: ['motivation'], retention: 'low', mental: 'low', keywords: [] }],
    ['a one-word term matches only its own part of speech: the verb うつ (しもうて) is not depression', ['毎日そう思うようになってしもうて。'], { themes: [], retention: 'low', mental: 'low', keywords: [] }],
    ['a worry placed in a finished past (以前は) is discounted', ['以前は毎晩終電まで残業していました。'], { themes: [], retention: 'low', mental: 'low', keywords: ['残業', '毎晩', '終電'] }],
    ['a negation denies every topic listed with its word (AとかBとかは…ない)', ['結婚とか出産とかは、全然ないです。'], { themes: [], retention: 'low', mental: 'low', keywords: ['出産', '結婚'] }],
    ['a reply that opens by denying (いや、それはないです) negates the intent after it', ['いや、それはないです。子どももいるのに転職とか。'], { themes: [], retention: 'low', mental: 'low', keywords: ['子ども', '転職'] }],
    ['外に出る is going out of doors, not a job search', ['休みの日は外に出て走ってます。'], { themes: [], retention: 'low', mental: 'low', keywords: ['休み'] }],
    ['a role noun (店長) as subject is someone else', ['店長が先月から休職しています。'], { themes: [], retention: 'low', mental: 'low', keywords: ['休職', '店長'] }],
    [
      'a weak word said again and again is no theme alone',
      ['キャリアの研修がありました。', 'キャリアの面談も受けました。', 'キャリアの資料を読みました。'],
      { themes: [], retention: 'low', mental: 'low', keywords: ['キャリア', '研修'] },
    ],
  ] as const)('%s', async (_label, client, expected) => {
    expect(summary(await analyze('ja', [...client]))).toEqual(expected);
  });

  it.each([
    ['a verbless fragment goes on about the person before it (妻が…。検査と手術で。)', ['妻が最近通院していて。検査と手術で。'], []],
    ['a sentence with its own verb starts afresh (夫が…。…眠れないんです。)', ['夫が単身赴任で。最近ほとんど眠れなくて、朝もつらいんです。'], ['health']], // a household member's 単身赴任 is theirs, no life event of the speaker's (lexicon-2026.12.13)
    ['a colleague taking care leave is not the speaker caregiving', ['同僚が介護休業を取りました。'], []],
    ['a parent in care is the speaker caregiving', ['母が介護施設に入りました。', '介護休業を取るか迷っています。'], ['caregiving']],
    ['a routine health check (健康診断) is no health worry', ['健康診断は毎年受けています。'], []],
  ] as const)('themes: %s', async (_label, client, themes) => {
    expect(summary(await analyze('ja', [...client])).themes).toEqual(themes);
  });

  it.each([
    ['an obligation (考えなきゃいけない) is no negation: considering it is', ['そろそろ転職も考えなきゃいけないのかなって。'], { themes: ['job_change'], retention: 'medium', mental: 'low' }],
    ['…nor is 〜なければならない', ['このままだと辞めることも考えなければならないです。'], { themes: ['job_change'], retention: 'medium', mental: 'low' }],
    ['a dialect negation (考えてへん) negates', ['転職は考えてへんです。'], { themes: [], retention: 'low', mental: 'low' }],
    ['a dialect negation (思っとらん) negates', ['辞めたいとは思っとらんです。'], { themes: [], retention: 'low', mental: 'low' }],
    ['a decision under a condition (…たら、辞めるしかない) is medium, not high', ['来年も今のままだったら、辞めるしかないと思ってます。'], { themes: ['job_change'], retention: 'medium', mental: 'low' }],
    ['…the same decision said plainly is high', ['正直、辞めるしかないと思ってます。'], { themes: ['job_change'], retention: 'high', mental: 'low' }],
    ['a narrative たら (行ったら、…言われた) is no condition for a state', ['病院に行ったら、うつ病って言われました。'], { themes: ['health'], retention: 'low', mental: 'high' }],
    ['an approach brushed off (開いてもいない) is no intent', ['エージェントからメールは来るんですけど、開いてもいないです。'], { themes: [], retention: 'low', mental: 'low' }],
    ['a leave years ago is past', ['五年前に一度休職したことがあります。'], { themes: [], retention: 'low', mental: 'low' }],
    ['"in our day" (俺らの頃は) is past', ['俺らの頃は毎晩終電まで残業が当たり前だった。'], { themes: [], retention: 'low', mental: 'low' }],
    ['a topic still far off (まだ先) is denied', ['定年はまだ先の話ですね。'], { themes: [], retention: 'low', mental: 'low' }],
    ['a topic named once in passing (給料) is no worry…', ['給料日が月末なので、そこまでは節約です。'], { themes: [], retention: 'low', mental: 'low' }],
    ['…the worry said with it is', ['給料が安くて、生活が苦しいです。'], { themes: ['evaluation_pay'], retention: 'low', mental: 'low' }],
    ['job search said indirectly: ほかの会社も考える', ['評価がずっとこのままなら、ほかの会社も考えたほうがいいのかなって。'], { themes: ['job_change'], retention: 'medium', mental: 'low' }],
    ['a career wish said indirectly: 企画の方に行きたい', ['いつかは企画の方に行きたいって、ずっと思ってるんです。'], { themes: ['career_path'], retention: 'low', mental: 'low' }],
    ['a topic noun said with its worry: 英語が苦手', ['海外の取引先が増えてきて、英語が苦手なのがつらいです。'], { themes: ['global_work'], retention: 'low', mental: 'low' }],
  ] as const)('signals: %s', async (_label, client, expected) => {
    const { themes, retention, mental } = summary(await analyze('ja', [...client]));
    expect({ themes, retention, mental }).toEqual(expected);
  });

  it('English: an approach brushed off is no intent; a decision under a condition is medium', async () => {
    expect(summary(await analyze('en', ["A recruiter messaged me last week, but I didn't even reply."])).retention).toBe('low');
    expect(summary(await analyze('en', ['A recruiter messaged me last week.'])).retention).toBe('medium');
    expect(summary(await analyze('en', ["If nothing changes, I've decided to leave."])).retention).toBe('medium');
    expect(summary(await analyze('en', ["I've decided to leave."])).retention).toBe('high');
    expect(summary(await analyze('en', ['If my mother gets worse, I might have to go back home.'])).retention).toBe('medium');
  });

  it('English: a real conditional is not a hypothetical, "if I were to" is', async () => {
    expect(summary(await analyze('en', ["If things don't change by the end of the year, I might start looking seriously."]))).toEqual({
      themes: ['job_change'],
      retention: 'medium',
      mental: 'low',
      keywords: ['change', 'end', 'seriously', 'start'],
    });
    expect(summary(await analyze('en', ['If I were to quit, things would be different.'])).retention).toBe('low');
  });
});

describe('keywords: stop-words and names', () => {
  it('never emits filler nouns, and a stop-word ends a compound', async () => {
    const a = await analyze('ja', ['お願いします。気持ち的には、次第に手が回らなくなって。会社自体は好きです。']);
    expect(a.keywords).toEqual([]);
  });

  it('never emits a listed name, even one redaction let through as a common noun', async () => {
    const a = await analyze('ja', ['平野とは研修で一緒でした。']);
    expect(a.keywords).toEqual([{ keyword: '研修', count: 1 }]);
  });
});

describe('one tokenization shared with redaction', () => {
  const segments = [
    { start: 0, end: 1, speaker: '山田 花子', role: 'client' as const, text: '上司の佐藤部長に毎日詰められて、眠れないんです。' },
    { start: 1, end: 2, speaker: '山田 花子', role: 'client' as const, text: '株式会社サンプルを辞めて、転職エージェントに登録しました。' },
  ];

  it('gives the same analysis as tokenizing the redacted text again', async () => {
    const r = redactSegments(segments, { language: 'ja', speakerNames: ['山田 花子'], companyName: '株式会社サンプル', tokenizer });
    const client = r.segments.map((s) => s.text);
    expect(client).toEqual(['上司の[PERSON]部長に毎日詰められて、眠れないんです。', '[ORG]を辞めて、転職エージェントに登録しました。']);
    const shared = await provider.analyze({ sessionId: 's', language: 'ja', client, tokens: r.tokens });
    expect(shared).toEqual(await provider.analyze({ sessionId: 's', language: 'ja', client }));
    expect(summary(shared.analysis)).toEqual({ themes: ['job_change', 'health', 'boss_relationship'], retention: 'high', mental: 'medium', keywords: ['上司', '登録', '転職エージェント', '部長'] });
  });

  it('ignores tokens that do not describe the text they come with', async () => {
    const tokenizedElsewhere = redactSegments([{ ...segments[0]!, text: '転職活動中です。' }], { language: 'ja', speakerNames: [], tokenizer }).tokens;
    const a = (await provider.analyze({ sessionId: 's', language: 'ja', client: ['体調は大丈夫です。'], tokens: tokenizedElsewhere })).analysis;
    expect(summary(a)).toEqual({ themes: [], retention: 'low', mental: 'low', keywords: ['体調'] });
  });
});

describe('lexicon-2026.12.7: whose words and whose worry without particles, the way ahead said plainly', () => {
  it.each([
    ['a kin word and a comma, no particle, is the subject: the father\u2019s illness', ['父、病気で入院してるんです。'], { themes: [], retention: 'low', mental: 'low' }],
    ['…the same words with no one named are the speaker\u2019s own', ['病気で入院してるんです。'], { themes: ['health'], retention: 'low', mental: 'low' }],
    ['…and after a conjunction it still opens the clause', ['でも、母、病気で入院してるんです。'], { themes: [], retention: 'low', mental: 'low' }],
    ['a person word in a list is no subject', ['先輩と、病気で入院してたことを話しました。'], { themes: ['health'], retention: 'low', mental: 'low' }],
    ['calling the consultant 先生 is no subject', ['先生、病気で入院してるんです。'], { themes: ['health'], retention: 'low', mental: 'low' }],
  ] as const)('ja subject without a particle: %s', async (_label, client, expected) => {
    const { themes, retention, mental } = summary(await analyze('ja', [...client]));
    expect({ themes, retention, mental }).toEqual(expected);
  });

  it.each([
    ['a plain statement closed by って is what someone said', ['妻と話しました。最近は夜も眠れなくなったって。'], 'low'],
    ['…the same said without って is the speaker\u2019s', ['妻と話しました。最近は夜も眠れなくなった。'], 'medium'],
    ['a wondering closed by って (かなって) is the speaker\u2019s own thought', ['最近は夜も眠れなくなったのかなって。'], 'medium'],
    ['a dialect guess closed by って (やろって) is the speaker\u2019s own thought', ['なんで夜も眠れへんのやろって。'], 'medium'],
  ] as const)('ja final って: %s', async (_label, client, mental) => {
    expect(summary(await analyze('ja', [...client])).mental).toBe(mental);
  });

  it.each([
    ['the meaning of staying where one is', ['今の会社にいる意味って、あるのかなって最近思うんです。'], ['career_path']],
    ['wondering where the years ahead lead needs company…', ['五十を過ぎて、この先どうやっていくのか分からなくて。'], []],
    ['…another road thought of is that company', ['五十を過ぎて、この先どうやっていくのか分からなくて。別の道を考えたほうがいいのかな。'], ['career_path']],
    ['wanting a role handed over for real, with more expert work', ['検品の係、ちゃんと任せてもらえたらって思ってて。もう少し専門的な仕事もしてみたい。'], ['career_path']],
    ['wanting one\u2019s language to be the work itself', ['通訳とかじゃなくて、語学そのものを仕事にしたいんです。'], ['global_work', 'career_path']],
    ['a care worker\u2019s own job is no caregiving', ['介護の給料が安くて。正直、介護、辞めようかなって考えてます。'], ['job_change', 'evaluation_pay']],
    ['a kin word used as a likeness is no child', ['部長は新人の私を娘みたいに気にかけてくれます。', '年上の人には息子みたいに扱われて、後輩には子どもみたいに笑われます。'], []],
    ['a motivation said to rise is no loss of it', ['新しい担当になって、張り合いが出てきたんです。'], []],
    ['an appetite that is there is no symptom', ['最近疲れてます。でも食欲は、あります。'], []],
  ] as const)('ja lexicon 2026.12.7: %s', async (_label, client, themes) => {
    expect(summary(await analyze('ja', [...client])).themes).toEqual(themes);
  });

  it.each([
    ['a role aimed at one day', ['Long term, I hope to be head of the maths team one day.'], ['career_path']],
    ['sleeping like a baby is no baby', ["Since the holiday I've been sleeping like a baby."], []],
  ] as const)('en lexicon 2026.12.7: %s', async (_label, client, themes) => {
    expect(summary(await analyze('en', [...client])).themes).toEqual(themes);
  });
});

describe('lexicon-2026.12.8: how a negation, a quotation, a person and a follow-up turn are said', () => {
  it.each([
    ['a dialect negation before です (考えとらんです) denies the wish', ['辞めたいとは考えとらんです。'], 'low'],
    ['…an irrealis verb + んです is a negation (わからんです)', ['辞めたいかどうかは、まだ決めとらんです。'], 'low'],
    ['…but the nominal ん after a plain verb is no negation (考えとるんです)', ['辞めたいとは考えとるんです。'], 'high'],
    ['a listing denied through a demonstrative (辞めるとかそういうんやない)', ['会社を辞めるとか、そういうんやないです。'], 'low'],
    ['…and in the standard form (転職とかそういうのじゃない)', ['転職とかそういうのじゃないんです。'], 'low'],
    ['…while a demonstrative before a content noun blocks nothing it should not', ['そんな会社、もう辞めたいんです。'], 'high'],
  ] as const)('ja negation: %s', async (_label, client, retention) => {
    expect(summary(await analyze('ja', [...client])).retention).toBe(retention);
  });

  it.each([
    ['a common noun with an honorific, no particle, is someone else (お客さん、…)', ['お客さん、電話口でパニックになってることが多くて。'], [], 'low'],
    ['…the same symptom with no one named is the speaker\u2019s', ['電話口でパニックになってることが多くて。'], ['health'], 'medium'],
    ['the kana spelling of a friend (友だち) and a predecessor (先代) are someone else', ['友だちが、眠れなくて休職してるんです。', '先代も、眠れなくて体を壊したらしい。'], [], 'low'],
    ['a fragment that opens the next turn goes on about the person of the last one', ['同期が先週から休職してるんです。', 'うつで。'], [], 'low'],
    ['…but a turn with a subject of its own is the speaker\u2019s', ['同期が先週から休職してるんです。', '私も、夜眠れなくて。'], ['health'], 'medium'],
  ] as const)('ja whose situation: %s', async (_label, client, themes, mental) => {
    const s = summary(await analyze('ja', [...client]));
    expect({ health: s.themes.filter((t) => t === 'health'), mental: s.mental }).toEqual({ health: themes, mental });
  });

  it.each([
    ['words in quotation marks closed by って are someone else\u2019s, whatever they end with', ['同期は辞めていきました。「給料が安すぎます」って。'], []],
    ['…every clause inside the marks', ['取引先が毎晩電話してきて、「査定が低いのは、おたくのせいですよ」って。'], []],
    ['…the same words as the speaker\u2019s own complaint count', ['もっと給料のいい会社に行きたいんです。給料が安すぎて。'], ['evaluation_pay']],
  ] as const)('ja quotation: %s', async (_label, client, themes) => {
    expect(summary(await analyze('ja', [...client])).themes).toEqual(themes);
  });

  it.each([
    ['a dialect どがん (どんな) is no cancer', ['どがん工事か、図面を見ればわかります。'], []],
    ['…cancer still is', ['去年がんが見つかって、治療しとります。'], ['health']],
    ['a pay cut taken as given in the next sentence is no worry (まあ、それはいいんだ)', ['役職がなくなって、給料が三割下がって。まあ、それはいいんだ。'], []],
    ['…nor one the speaker knew was coming (決まりだから、わかってたこと)', ['手当がなくなって、給料が下がりました。まあ、会社の決まりだから、わかってたことです。'], []],
    ['…but the same cut followed by a hardship is', ['役職がなくなって、給料が三割下がって。生活が苦しいんです。'], ['evaluation_pay']],
    ['…and an acceptance does not undo a wish to leave said after it', ['給料が三割下がって。まあ、それはいいんだ。でも、もう辞めたいです。'], ['job_change']],
    ['pay one is content to have low (安くていい) is no worry', ['週三日なら、給料は安くていいんです。'], []],
  ] as const)('ja lexicon 2026.12.8: %s', async (_label, client, themes) => {
    expect(summary(await analyze('ja', [...client])).themes).toEqual(themes);
  });

  it.each([
    ['"medical" in a company\u2019s name is no medication (Porter stems both to medic)', ['I got an offer from a medical devices company.'], 'low'],
    ['…medication taken still counts', ["I've been on medication since the spring."], 'high'],
  ] as const)('en lexicon 2026.12.8: %s', async (_label, client, mental) => {
    expect(summary(await analyze('en', [...client])).mental).toBe(mental);
  });
});

describe('lexicon-2026.12.9: how far along the speaker says they are', () => {
  it.each([
    ['ja', 'a step not yet taken lifts a weak own sign to medium (まだ何も決めてない)', ['退職のことは、ちらっと頭にあります。まだ何も決めてないですけど。'], 'medium'],
    ['ja', 'a decision said in the next turn makes high (もう決めました)', ['辞めようかなって思ってて。', 'はい、もう決めました。'], 'high'],
    ['ja', '…but a decision to stay is no decision to leave', ['辞めようかなって思った時期もあって。', 'でも、残ることに決めました。'], 'medium'],
    ['ja', 'an offer (オファーをもらう) is high', ['海外の会社からオファーをもらいました。'], 'high'],
    ['ja', 'leaving said around another verb one is weighing (辞めて…しようかなって考える)', ['会社辞めて、実家の店を手伝おうかなって考えてます。'], 'medium'],
    ['ja', 'the copula じゃ after a particle, read as a conjunction, still carries the negation back', ['辞めたいとかじゃ全然ないです。'], 'low'],
    ['en', '"just looking, haven\u2019t applied" holds a search under high', ["I've been looking for a new job and browsing job listings every night. Just looking, though, I haven't applied."], 'medium'],
    ['en', 'a decision said in the next turn makes high', ['Leaving has crossed my mind a few times.', "I've made up my mind now."], 'high'],
    ['en', '…a decision to stay does not', ['Leaving has crossed my mind a few times.', "But I've decided to stay."], 'medium'],
    ['ja', '…nor a decision said first and the stay after it (もう決めました。残ります。)', ['辞めようかなって思った時期もあって。', 'でも、もう決めました。残ります。'], 'medium'],
    ['ja', '…nor one whose clause says staying (決めたんです、ここでやっていくって)', ['転職も考えたんですけど。', '決めました、辞めないって。'], 'medium'],
    ['en', '…nor a decision followed by staying in the same sentence', ['Leaving has crossed my mind a few times.', "But I've decided I'm staying."], 'medium'],
    ['en', '…nor a mind made up to stay put', ['Leaving has crossed my mind a few times.', "I've made up my mind: I'm staying put."], 'medium'],
    ['en', '…nor a decision and the stay said next', ['Leaving has crossed my mind a few times.', "I've made up my mind. I'm not going anywhere."], 'medium'],
    ['ja', 'an approach (うちに来いって誘われて) beside a hedge is medium, whoever spoke', ['昔の同僚から、うちに来いって誘われてて。', 'まだ何も決めてないけど。'], 'medium'],
    ['ja', '…an approach alone is not', ['昔の同僚から、うちに来いって誘われてて。'], 'low'],
    ['en', 'an approach beside a hedge is medium', ["An old colleague texted, there's a spot for me if I want it.", "Nothing's decided."], 'medium'],
  ] as const)('%s stance: %s', async (language, _label, client, retention) => {
    expect(summary(await analyze(language, [...client])).retention).toBe(retention);
  });

  it.each([
    ['ja', 'being on call at night is workload (当番の週は呼び出しがある)', ['当番の週は、夜中でも呼び出しがあるんです。'], ['workload']],
    ['en', 'a day of twelve or thirteen hours is workload, without "a day"', ['In season I put in twelve, thirteen hours.'], ['workload']],
    ['en', '…but twelve hours of sleep is not', ['On my days off I sleep like twelve hours.'], []],
    ['ja', 'a school one graduated from is background, not learning (専門学校を出て)', ['調理の専門学校を出て、すぐこの店に入りました。'], []],
    ['ja', '…a school one goes to now is learning', ['今、夜間の専門学校に通って勉強しています。'], ['skills_learning']],
    ['ja', 'going independent said as a matter one thinks about (独立のことを考えて) joins another sign', ['実は、独立のことを考えてて。この先もこのままでいいのかなって。'], ['career_path']],
  ] as const)('%s workload, school and career: %s', async (language, _label, client, themes) => {
    expect(summary(await analyze(language, [...client])).themes).toEqual(themes);
  });

  it.each([
    ['not eating and weight lost in kilos (ご飯が食べれなくなって, 五キロ痩せた)', ['最近、ご飯があんまり食べれなくなって、三か月で五キロ痩せました。']],
    ['tiredness that does not go, in dialect (疲れが抜けねえ)', ['週末寝ても、疲れが抜けねえんだ。']],
  ] as const)('ja symptoms: %s', async (_label, client) => {
    expect(summary(await analyze('ja', [...client])).mental).toBe('medium');
  });
});

describe('lexicon-2026.12.10: themes said without their nouns', () => {
  it.each([
    ['ja', 'too few people, in dialect (人も足りねえ)', ['うちの店は人も足りねえし、毎日ばたばたしとる。'], ['workload']],
    ['ja', 'too few people as the reason (人いないから)', ['年末は人いないから、ずっとばたばたしてます。'], ['workload']],
    ['ja', 'days off counted as only one (休みは土曜だけ)', ['今は休みは土曜だけで、それも電話が来ます。'], ['workload']],
    ['ja', '…a day off kept for oneself is not (休みだけはちゃんと取れてる)', ['休みだけはちゃんと取れてるんで、大丈夫です。'], []],
    ['ja', 'the day ending late (終わるのは十一時)', ['店を閉めて片付けて、終わるのはだいたい十一時くらい。'], ['workload']],
    ['ja', 'a working day from morning to night (朝七時から夜十時)', ['繁忙期は朝七時に入って、夜十時に上がる感じです。'], ['workload']],
    ['en', 'in till eight most nights', ["I'm usually in till nine most nights finishing the reports."], ['workload']],
    ['ja', 'the same work for good, questioned (ずっと…だけでいいのか)', ['ずっと検品だけでいいのかなって、最近思うんです。'], ['career_path']],
    ['ja', 'keeping on as now, questioned (このまま…続けるのか)', ['このまま営業を続けるのか、技術に戻るのか、迷ってて。'], ['career_path']],
    ['ja', 'wanting to move up or toward a field (上に行きたい, …寄りに行きたい)', ['いずれはもう少し上に行きたいんです。'], ['career_path']],
    ['ja', '…toward a field', ['開発よりも、データ分析寄りに進みたいです。'], ['career_path']],
    ['ja', 'a road other than one\u2019s own, with も (…以外の道も)', ['接客以外の道も考えとかんといけんのかなって。', 'この先どうなるんかなって。'], ['career_path']],
    ['ja', 'whether one is still needed (わし、要るんかな)', ['若いもんの方が早いし、わし、要るんかなって。'], ['motivation']],
    ['ja', 'what is left once the work goes (何が残るんかな)', ['この仕事がなくなったら、私に何が残るのかなって。'], ['motivation']],
    ['ja', 'what one is doing here (ここで何しとるんかな)', ['最近、自分、ここで何してるのかなって思う。'], ['motivation']],
    ['en', 'some spark lost', ["To be honest I've lost a bit of my spark lately."], ['motivation']],
    ['ja', 'a boss named as the subject and left there (…リーダーの[PERSON]さんが…。)', ['仕事の量はいいんです。それより、リーダーの[PERSON]さんが…。', '毎回、私の席まで来て言うんです。'], ['boss_relationship']],
    ['ja', '…or trailing off with あれで (主任が、ちょっと、あれで)', ['で、係長が、ちょっと、あれで。'], ['boss_relationship']],
    ['ja', '…or as 上がね。', ['上がね。今の課長、昔は私の後輩だったのよ。'], ['boss_relationship']],
    ['ja', '…but a boss named in a sentence that goes on is not (課長が決めた)', ['課長が決めたことなんで、それでいいんです。'], []],
    ['ja', 'a part-timer\u2019s pregnancy is no life event of the speaker (パートの[PERSON]が妊娠して)', ['店のパートの[PERSON]が妊娠して、来月から休みに入るんです。'], []],
    ['ja', '…the speaker\u2019s own still is', ['実は私、妊娠してて、来月から休みに入るんです。'], ['life_events']],
    ['ja', 'a place declined (もう海外はええわ) denies it', ['うちは転勤も多いけど、もう海外勤務はええわ。'], []],
    ['ja', 'a body that cannot keep up is health (体がついてこん)', ['気持ちはあるんやけど、体がついてこんのよ。'], ['health']],
  ] as const)('%s: %s', async (language, _label, client, themes) => {
    expect(summary(await analyze(language, [...client])).themes).toEqual(themes);
  });

  it.each([
    ['someone one could ask is no staffing (相談できる人がいない)', '職場に相談できる人がいないんです。', 'workload'],
    ['men who use a scheme are no staffing (使ってる人いないし)', '時短も、男で使ってる人いないし。', 'workload'],
    ['a person who minds is no staffing (気にする人はいないから)', 'そういうの気にする人はいないから、大丈夫。', 'workload'],
    ['a day off spent resting is no count of days off (休みは寝るだけ)', '休みは家で寝るだけです。', 'workload'],
    ['a day from getting up to bedtime is no working day (朝六時に起きて、夜十時には寝る)', '朝六時に起きて、夜十時には寝てます。', 'workload'],
    ['a trip one wants is no career (東京方面に行きたい)', '連休は東京方面に行きたいなあ。', 'career_path'],
    ['what is left of the pay is no question of worth (手元に何が残るのか)', '税金引かれたら、手元に何が残るのか。', 'motivation'],
  ])('ja: the shape without its meaning: %s', async (_label, sentence, theme) => {
    expect(summary(await analyze('ja', [sentence])).themes).not.toContain(theme);
  });

  it.each([
    ['pills taken as needed (頓服)', ['発作が来そうなときは頓服を飲んでます。'], 'high'],
    ['a sleeping drug (睡眠導入剤) and a diagnosis of insomnia (不眠症)', ['クリニックで睡眠導入剤を出してもらってて。不眠症やって。'], 'high'],
    ['falling asleep said with は (寝つきは悪い)', ['寝つきは悪いほうで、二時ごろまで起きてます。'], 'medium'],
    ['tiredness that does not go, in dialect without が (疲れとれねえ)', ['なんぼ寝ても疲れとれねえ。'], 'medium'],
    ['hardly sleeping, with a degree word (あんまり寝てねえ)', ['夜中に何度も起こされて、あんまり寝てねえんだ。'], 'medium'],
    ['…but not yet asleep is no sign (まだ寝てない)', ['子どもはまだ寝てないんで、静かにしゃべりますね。'], 'low'],
    ['being sick (吐いた)', ['出勤前に一回、駅のトイレで吐いたんです。'], 'medium'],
    ['…but words let out (弱音を吐いた) are no sickness', ['一回だけ、先輩に弱音を吐いたことがあって。'], 'low'],
  ] as const)('ja mental-health signs: %s', async (_label, client, mental) => {
    expect(summary(await analyze('ja', [...client])).mental).toBe(mental);
  });
});

describe('lexicon-2026.12.11: a consultant turn the client said yes to', () => {
  const ja = (client: string[], affirmed?: string[]) => provider.analyze({ sessionId: 's-1', language: 'ja', client, ...(affirmed ? { affirmed } : {}) });
  // The consultant names the worry in full; the client only says yes and adds a word of their own.
  const asked = ['介護休業を取るかどうか、迷っておられるんですね。', '在宅介護と仕事の両立が、一番の悩みなんですね。'];

  it('counts the theme evidence of the affirmed turn, below the client’s own words', async () => {
    const without = await ja(['まさに。', '週末も実家で。']);
    const withYes = await ja(['まさに。', '週末も実家で。'], asked);
    expect(without.analysis.themes.map((t) => t.theme)).not.toContain('caregiving');
    expect(withYes.analysis.themes.map((t) => t.theme)).toContain('caregiving');
    // the same words said by the client weigh more
    const own = await ja(asked);
    const confidence = (a: Analysis) => a.themes.find((t) => t.theme === 'caregiving')?.confidence ?? 0;
    expect(confidence(own.analysis)).toBeGreaterThan(confidence(withYes.analysis));
  });

  it('never makes a keyword, a risk level or a sentiment of the consultant’s words (attack: the consultant’s vocabulary published as the employee’s)', async () => {
    const loaded = ['転職エージェントに登録されて、面接も受けていて、眠れない夜が続いて、もう限界で辞めたいのではないですか。ケアマネジャーさんとも揉めて。'];
    const plain = await ja(['はい、まさに。'], []);
    const yes = await ja(['はい、まさに。'], loaded);
    expect(yes.analysis.keywords).toEqual(plain.analysis.keywords);
    expect(yes.analysis.retention_risk).toEqual(plain.analysis.retention_risk);
    expect(yes.analysis.mental_health_risk).toEqual(plain.analysis.mental_health_risk);
    expect(yes.analysis.sentiment).toBe(plain.analysis.sentiment);
    for (const word of ['転職', 'エージェント', '面接', 'ケアマネジャー', '限界']) expect(yes.analysis.keywords.map((k) => k.keyword).join(' ')).not.toContain(word);
  });

  it('changes the provider’s content hash with the rules that pick affirmed turns, and not for a lexicon that does not read them', () => {
    const lexicons = bundledLexicons();
    expect(provider.promptHash('ja')).not.toBe(lexicons.hashes.ja);
    const older = createLocalProvider({ tokenizer, lexicons: lexiconsOfVersion('2026.12.10') });
    expect(older.promptHash('ja')).toBe(lexiconsOfVersion('2026.12.10').hashes.ja);
  });
});

describe('lexicon-2026.12.12: a step said not taken, a symptom denied by a quoted measure', () => {
  it.each([
    ['retention', 'an application said not made (応募はしてない) holds strong evidence at medium', ['辞めたいです。職務経歴書も書き始めました。', '応募はしてないんですけど。'], 'medium'],
    ['retention', '…in dialect (連絡もしてへん)', ['面接を受けました。', '連絡もしてへんし。'], 'medium'],
    ['retention', '…without it the same steps are high', ['辞めたいです。職務経歴書も書き始めました。'], 'high'],
    ['mental', 'a symptom denied by a quoted measure (っていうほどでもない)', ['寝不足っていうほどでもないです。'], 'low'],
    ['mental', '…(っていうことはない)', ['眠れないっていうことはないです。'], 'low'],
    ['mental', '…the symptom said plainly', ['寝不足なんです。'], 'medium'],
  ] as const)('%s: %s', async (signal, _label, client, level) => {
    expect(summary(await analyze('ja', [...client]))[signal]).toBe(level);
  });

  it('changes the provider’s content hash from the version before', () => {
    const older = createLocalProvider({ tokenizer, lexicons: lexiconsOfVersion('2026.12.11') });
    for (const language of ['ja', 'en'] as const) expect(provider.promptHash(language)).not.toBe(older.promptHash(language));
  });
});

describe('lexicon-2026.12.13: whose care a report is, a well-being answer, a household posting, content said', () => {
  const themes = async (language: 'ja' | 'en', client: string[]) => summary(await analyze(language, client)).themes;

  it('counts care the speaker is told about (a report of words, no subject) as the speaker’s care', async () => {
    expect(await themes('ja', ['デイサービス、来月から週三回に増やせるって。'])).toContain('caregiving');
  });

  it('…but not news marked as news (らしい) nor care said of a friend', async () => {
    expect(await themes('ja', ['デイサービス、来月から週三回に増やせるらしい。'])).not.toContain('caregiving');
    expect(await themes('ja', ['友達が、デイサービスを週三回に増やせるって。'])).not.toContain('caregiving');
  });

  it('denies a weak sign said after a well-being answer, before the answer turns', async () => {
    const fine = summary(await analyze('en', ['Fine, yeah. Bit worn out after the site, that is all.']));
    expect(fine.themes).not.toContain('health');
    expect(fine.mental).toBe('low');
  });

  it('…and counts it once the answer turns ("mostly", "but"), or when no well-being answer opens the turn', async () => {
    expect(summary(await analyze('en', ['Fine. Mostly. Worn out after the site most days.'])).mental).toBe('medium');
    expect(summary(await analyze('en', ['Bit worn out after the site, that is all.'])).mental).toBe('medium');
  });

  it('…but denies only tiredness: crying, anxiety or a counsellor after "I\'m fine" is a worry said', async () => {
    expect(summary(await analyze('en', ['Fine, yeah. I have been crying most nights and can\'t get out of bed.'])).mental).toBe('medium');
    expect(summary(await analyze('en', ['Okay. So, where to start. I\'m anxious every morning and I can\'t sleep.'])).mental).toBe('medium');
    expect(summary(await analyze('en', ['Sleeping fine. I started counselling because I can\'t breathe on the bus.'])).themes).toContain('health');
  });

  it('leaves lexicon-2026.12.12 as it was: a report of words there still discounts care', async () => {
    const older = createLocalProvider({ tokenizer, lexicons: lexiconsOfVersion('2026.12.12') });
    const { analysis } = await older.analyze({ sessionId: 's-1', language: 'ja', client: ['デイサービス、来月から週三回に増やせるって。'] });
    expect(analysis.themes.map((t) => t.theme)).not.toContain('caregiving');
  });

  it('reads a household member’s 単身赴任 as theirs, the speaker’s own as a life event', async () => {
    expect(await themes('ja', ['夫が四月から単身赴任で、平日は私ひとりなんです。'])).not.toContain('life_events');
    expect(await themes('ja', ['来月から、私が単身赴任になるんです。'])).toContain('life_events');
  });

  it('reads やりがい said to be there as content, and its lack as the worry', async () => {
    expect(await themes('ja', ['今の仕事、やりがいはすごくあるんです。'])).not.toContain('motivation');
    expect(await themes('ja', ['最初はやりがいがあると思ってたんです。今は何のためにやってるのか。'])).toContain('motivation');
    expect(await themes('ja', ['最近、やりがいが感じられなくて。'])).toContain('motivation');
    expect(await themes('ja', ['モチベーションが上がらないんです。'])).toContain('motivation');
    expect(await themes('ja', ['やりがいがあるかって聞かれたら、ないです。'])).toContain('motivation');
  });

  it('changes the provider’s content hash from the version before', () => {
    const older = createLocalProvider({ tokenizer, lexicons: lexiconsOfVersion('2026.12.12') });
    for (const language of ['ja', 'en'] as const) expect(provider.promptHash(language)).not.toBe(older.promptHash(language));
  });
});

describe('lexicon-2026.12.14: a share of one’s mind given as the answer, waking in the night', () => {
  it.each([
    ['a share said as the whole answer', 'ja', ['三割くらい、ですかね。まだ家族にも話してないんで。'], 'medium'],
    ['…with a self-correction between shares', 'ja', ['半分…いや、四割ぐらいかな。'], 'medium'],
    ['…as where one’s feelings stand (気持ちは七割)', 'ja', ['正直、気持ちはもう七割です。'], 'medium'],
    ['…in English, as a share of being sure', 'en', ["Honestly? I'm about thirty per cent on it."], 'medium'],
    ['a pay cut given as a share is no lean to leave', 'ja', ['手当がなくなって、三割減ったんです。三割。'], 'low'],
    ['…nor a share of something else (お弁当、半分残す)', 'ja', ['お弁当も、半分残しちゃうくらいで。'], 'low'],
    ['…nor an English pay cut by a percentage', 'en', ['The pay dropped by about forty percent, which stung.'], 'low'],
  ] as const)('retention: %s', async (_label, language, client, level) => {
    expect(summary(await analyze(language, [...client])).retention).toBe(level);
  });

  it('makes a share said as the answer the job_change theme, which 2026.12.13 missed', async () => {
    expect(summary(await analyze('ja', ['三割くらい、ですかね。まだ家族にも話してないんで。'])).themes).toContain('job_change');
    const older = createLocalProvider({ tokenizer, lexicons: lexiconsOfVersion('2026.12.13') });
    const { analysis } = await older.analyze({ sessionId: 's-1', language: 'ja', client: ['三割くらい、ですかね。まだ家族にも話してないんで。'] });
    expect(analysis.retention_risk.level).toBe('low');
  });

  it.each([
    ['waking in the night with a time said (三時ごろ…目が覚めて)', ['ここ最近、夜中の三時ごろ、ぱっと目が覚めてしまって。'], 'medium'],
    ['…in dialect, counted over the night (夜も…目ぇ覚めて)', ['夜も二回も三回も目ぇ覚めてしまう。'], 'medium'],
    ['waking on the train without a time is no sign', ['電車でうとうとして、終点で目が覚めました。'], 'low'],
  ] as const)('mental health: %s', async (_label, client, level) => {
    const s = summary(await analyze('ja', [...client]));
    expect(s.mental).toBe(level);
    expect(s.themes.includes('health')).toBe(level !== 'low');
  });

  it('leaves lexicon-2026.12.13 as it was: there only 夜中に…目が覚め counted', async () => {
    const older = createLocalProvider({ tokenizer, lexicons: lexiconsOfVersion('2026.12.13') });
    const { analysis } = await older.analyze({ sessionId: 's-1', language: 'ja', client: ['夜も二回も三回も目ぇ覚めてしまう。'] });
    expect(analysis.mental_health_risk.level).toBe('low');
  });

  it('changes the provider’s content hash from the version before', () => {
    const older = createLocalProvider({ tokenizer, lexicons: lexiconsOfVersion('2026.12.13') });
    for (const language of ['ja', 'en'] as const) expect(provider.promptHash(language)).not.toBe(older.promptHash(language));
  });
});

describe('lexicon-2026.12.14 after review: a share or a waking time about something else', () => {
  it.each([
    ['a client echoing a question about sales', 'ja', ['売上ですか？八割くらいですね。']],
    ['…or about a test score', 'ja', ['点数ですか。七割くらい、かな。']],
    ['a share after a topic and a comma (体調は、)', 'ja', ['体調は、まだ五割くらいです。']],
    ['…after a list of causes', 'ja', ['人間関係と仕事内容、半々かな。']],
    ['…a pass mark as even odds', 'ja', ['合格は、五分五分です。']],
    ['English fifty-fifty about the weather', 'en', ['The chance of rain is fifty-fifty.']],
    ['…about chores', 'en', ['We split the chores fifty-fifty.']],
    ['an echoed question about attendance', 'en', ['Attendance? Ninety percent.']],
    ['a figure about sales, said again', 'en', ['Sales are down. About forty percent.']],
  ] as const)('retention stays low: %s', async (_label, language, client) => {
    const s = summary(await analyze(language, [...client]));
    expect(s.retention).toBe('low');
    expect(s.themes).not.toContain('job_change');
  });

  it.each([
    ['after an interjection (うーん、)', 'ja', ['うーん、四割くらい。']],
    ['after a wondering question', 'ja', ['どうだろう？六割くらいですかね。']],
    ['English, one’s own fifty-fifty', 'en', ["I'm fifty-fifty on moving back, honestly."]],
    ['English, a bare fifty-fifty as the answer', 'en', ['Maybe... fifty-fifty?']],
  ] as const)('a share as the answer still counts: %s', async (_label, language, client) => {
    expect(summary(await analyze(language, [...client])).retention).toBe('medium');
  });

  it.each([
    ['waking at six in the morning', '朝は六時に目が覚めます。'],
    ['…at five for the dog', '犬の散歩があるので、毎朝五時に目が覚めます。'],
    ['a baby crying at night', '赤ちゃんが夜泣きして、夜中の二時に目が覚めるんです。'],
    ['a dog barking', '犬が吠えて、夜に目が覚めました。'],
    ['a night-shift worker waking in the afternoon', '夜勤なので、昼の二時ごろに目が覚めます。'],
    ['a nap', '昼寝して、四時に目が覚めた。'],
    ['feeding every three hours', '三時間おきに授乳で目が覚めます。'],
    ['coffee after dinner', '晩ご飯のあと、コーヒーで目が覚めました。'],
    ['a two o’clock meeting', '二時の会議で、やっと目が覚めた感じです。'],
    ['a view as a figure of speech', '夜も、目が覚めるような景色でした。'],
  ] as const)('mental health stays low: %s', async (_label, client) => {
    const s = summary(await analyze('ja', [client]));
    expect(s.mental).toBe('low');
    expect(s.themes).not.toContain('health');
  });

  it.each([
    ['at four before dawn', '明け方の四時に目が覚めてしまって。'],
    ['every two hours', '二時間おきに目が覚めます。'],
    ['at 2 written in digits', '夜中の2時に目が覚める。'],
    ['waking that became a habit (…るようになって is no figure of speech)', '春から、夜に何べんも目ぇ覚めるようになってしもて。'],
  ] as const)('waking in the night still counts: %s', async (_label, client) => {
    expect(summary(await analyze('ja', [client])).mental).toBe('medium');
  });
});
