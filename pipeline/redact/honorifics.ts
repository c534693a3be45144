/** Honorifics and titles after a name (さん, 部長…): what makes a short name part (林, ミカ) safe to
 * match, and what marks the word before it as a name. A leaf module: the detectors, the context
 * and the known names all read it. */
export const HONORIFIC_ALTERNATION =
  'さん|様|さま|くん|君|ちゃん|氏|先生|殿|部長|課長|係長|主任|社長|副社長|専務|常務|会長|室長|所長|店長|次長|本部長|支店長|CEO|CTO|COO|CFO';

export const HONORIFICS: ReadonlySet<string> = new Set(HONORIFIC_ALTERNATION.split('|'));
