import { describe, expect, it } from 'vitest';
import { affirmedTurns, isAffirmation } from './affirm.js';
import type { Segment } from '../schemas.js';

const cc = (text: string): Pick<Segment, 'role' | 'text'> => ({ role: 'consultant', text });
const me = (text: string): Pick<Segment, 'role' | 'text'> => ({ role: 'client', text });

describe('isAffirmation', () => {
  it('takes a short plain yes, in Japanese and English', () => {
    for (const t of ['そう、まさにそれです。', 'まさに。', 'はい、その通りです。', 'それなんですよ。', 'うん、そうそう。', 'ほんとに、そうなんです。']) expect(isAffirmation(t, 'ja'), t).toBe(true);
    for (const t of ['Exactly.', "Yeah, that's it.", 'Yeah, pretty much.', 'Absolutely.', "That's right."]) expect(isAffirmation(t, 'en'), t).toBe(true);
  });

  it('refuses a denial, a hedge or a contrast, which writers set as traps', () => {
    for (const t of ['いや、そうでもないです。', 'そうでもないかな。', 'うーん、そこまでは。', 'はい、でも少し違って。', 'そうですけど、まあ。', 'そう…なのかな？', 'いえいえ。']) expect(isAffirmation(t, 'ja'), t).toBe(false);
    for (const t of ['Not really.', 'No.', "Yeah, but it's not the main thing.", 'Yes, kind of.', "Right? I'm not sure.", 'Well, maybe.']) expect(isAffirmation(t, 'en'), t).toBe(false);
  });

  it('takes a yes that the client goes on to explain, not one they go on to correct', () => {
    expect(isAffirmation('そうです。先週も夜遅くまで残っていて。', 'ja')).toBe(true);
    expect(isAffirmation('Totally. And the commute is two hours.', 'en')).toBe(true);
    expect(isAffirmation('はい。ただ、それより家のほうが。', 'ja')).toBe(false);
    expect(isAffirmation('Yes. But mostly it is the travel.', 'en')).toBe(false);
  });

  it('refuses a long turn: the client then speaks for themself', () => {
    expect(isAffirmation('そうなんです、先月から毎晩のように夜中の二時まで資料を作っていて', 'ja')).toBe(false);
  });
});

describe('affirmedTurns', () => {
  it('gives the consultant turn right before a plain yes', () => {
    const turns = [cc('今日はどうされましたか。'), me('ちょっと相談があって。'), cc('夜勤が続いて、体がきついのではないですか。'), me('そう、それなんです。')];
    expect(affirmedTurns(turns, 'ja')).toEqual(['夜勤が続いて、体がきついのではないですか。']);
    expect(affirmedTurns([cc('Sounds like the commute is eating your evenings?'), me('Yeah, pretty much.')], 'en')).toEqual(['Sounds like the commute is eating your evenings?']);
  });

  it('gives nothing for a denial, a hedge, or a yes the client goes on to correct', () => {
    expect(affirmedTurns([cc('引っ越しのことで悩まれているんですね。'), me('いや、そこまでは。')], 'ja')).toEqual([]);
    expect(affirmedTurns([cc('引っ越しのことで悩まれているんですね。'), me('はい。'), me('でも、本当はもっと別のことで。')], 'ja')).toEqual([]);
    expect(affirmedTurns([cc('So money is the main worry?'), me('Yes.'), me('Well, not money exactly.')], 'en')).toEqual([]);
    expect(affirmedTurns([cc('So money is the main worry?'), me('Not really.')], 'en')).toEqual([]);
  });

  it("gives nothing when the yes follows the client's own turn or there is no consultant", () => {
    expect(affirmedTurns([me('部署を移りたいと思っていて。'), me('そうなんです。')], 'ja')).toEqual([]);
    expect(affirmedTurns([me('まさに。')], 'ja')).toEqual([]);
  });
});
