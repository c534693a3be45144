/** A client's "yes" to the consultant: the consultant names the worry (残業が続いて、しんどいんじゃ
 * ないですか, "Sounds like the hours are wearing you down?") and the client only affirms it (そう、
 * それなんです / "Exactly."). Analysis reads client speech only, so without this the worry is
 * lost. `affirmedTurns` picks the consultant turns the client said yes to — the turn right before
 * a client turn whose first sentence is a short yes-word without a denial, hedge or contrast, and
 * whose next words (the rest of the turn, or the client's next turn) do not open by correcting it. Pure; the words are closed-class grammar (yes-words,
 * contrast conjunctions, negations), not phrases of any case. Only theme evidence of these turns
 * counts, discounted (`calibration.affirmed_weight`, pipeline/analyze/local.ts); never keywords,
 * never a risk signal. */
import type { Segment } from '../schemas.js';
import type { Language } from './language.js';

interface AffirmationRules {
  /** The reply opens with a yes-word (そう, まさに, その通り, んだ, yes, exactly, "that's it"). */
  opens: RegExp;
  /** Anywhere in its first sentence: a denial, a hedge, a contrast or a negation (いや,
   * そうでもない, そこまでは, けど; "not really", "but", "kind of"): no plain yes. */
  hedges: RegExp;
  /** What follows the first sentence, in the turn or the client's next one, opens by correcting
   * it (でも, いや, ただ, "but", "actually"). */
  corrects: RegExp;
  /** The first sentence ends at one of these. */
  sentenceEnd: RegExp;
  /** Longest first sentence, in characters: a longer one is the client's own account. */
  maxLength: number;
}

const RULES: Record<Language, AffirmationRules> = {
  ja: {
    opens: /^(?:[あえうんまっー…、,\s]{0,3})?(?:(?:はい|ええ|うん)[、,\s]*(?:そう|まさに|その(?:通り|とおり)|おっしゃる|ほんと|本当)|そう|まさに|それ(?:です|なんです|や|だ|!|。|、|$)|その(?:通り|とおり)|おっしゃる(?:通り|とおり)|ほんま|本当に|ほんとに|確かに|たしかに|図星|んだ|せや|ほう[よやじ、。]|ほや)/u,
    hedges: /いや|いえ|違|ちが|ない|ねえ(?:です)?$|ません|へん|ほど(?:では|じゃ|でも)|そこまで|ってより|というより|けど|けれど|でも|ただ|まあ|うーん|かな|かも|どう(?:か|だろ|でしょ)|微妙|別に|[?？]/u,
    corrects: /^[、,\s]*(?:でも|いや|いえ|ただ|けど|だけど|とはいえ|そうは言っても|違|ちが|まあ)/u,
    sentenceEnd: /[。!?！？]/u,
    maxLength: 15,
  },
  en: {
    opens: /^(?:(?:oh|well|um|uh|mm|hm)[,.\s]+)?(?:(?:yes|yeah|yep|yup)[,\s]+(?:exactly|that's (?:it|right)|pretty much|absolutely|definitely|totally|right|you're right)|exactly|precisely|absolutely|definitely|totally|right|pretty much|that's (?:it|right|exactly it)|spot on|you got it|you're right|correct|true|uh-huh|mm-hmm)\b/iu,
    hedges: /\b(?:not|no|never|but|though|although|kind of|sort of|maybe|perhaps|i guess|i suppose|somewhat|a bit|a little|partly|actually)\b|n't\b|\?/iu,
    corrects: /^[,\s]*(?:but|no|not|actually|well|though|although|except)\b/iu,
    sentenceEnd: /[.!?]/u,
    maxLength: 40,
  },
};

/** The first sentence of a reply (with its end mark) and what follows it. */
function firstSentence(text: string, rules: AffirmationRules): [string, string] {
  const t = text.normalize('NFKC').trim();
  const end = rules.sentenceEnd.exec(t);
  return end === null ? [t, ''] : [t.slice(0, end.index + 1), t.slice(end.index + 1).trim()];
}

/** Does this client turn open with a plain yes (its first sentence short, a yes-word, no hedge)
 * and go on without correcting it? */
export function isAffirmation(text: string, language: Language): boolean {
  const rules = RULES[language];
  const [first, rest] = firstSentence(text, rules);
  return first.length > 0 && first.length <= rules.maxLength && rules.opens.test(first) && !rules.hedges.test(first) && !rules.corrects.test(rest);
}

/** The consultant turns (as redacted) that the client affirmed, in order: the turn right before
 * a client turn that opens with a plain yes, unless the client's next turn opens by correcting
 * it. A transcript with one voice, or whose consultant never speaks, affirms nothing. */
export function affirmedTurns(segments: readonly Pick<Segment, 'role' | 'text'>[], language: Language): string[] {
  const rules = RULES[language];
  const out: string[] = [];
  for (let i = 1; i < segments.length; i++) {
    const yes = segments[i] as Pick<Segment, 'role' | 'text'>;
    const asked = segments[i - 1] as Pick<Segment, 'role' | 'text'>;
    if (yes.role !== 'client' || asked.role !== 'consultant' || !isAffirmation(yes.text, language)) continue;
    const next = segments[i + 1];
    if (next !== undefined && next.role === 'client' && firstSentence(yes.text, rules)[1] === '' && rules.corrects.test(next.text.normalize('NFKC').trim())) continue;
    out.push(asked.text);
  }
  return out;
}

/** What decides `affirmedTurns` for a language, for the provider's content hash: a change of the
 * rules re-analyses the sessions they read. */
export function affirmationRulesOf(language: Language): string[] {
  const r = RULES[language];
  return [r.opens, r.hedges, r.corrects, r.sentenceEnd].flatMap((re) => [re.source, re.flags]).concat(String(r.maxLength));
}
