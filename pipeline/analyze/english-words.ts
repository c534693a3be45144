/** Is an English word a common word: written lowercase in the Hunspell en_US dictionary
 * (`dictionary-en`)? A word the dictionary lists only capitalised (Tokyo, Sarah) is a proper
 * noun; one it does not list at all may be a name, a handle or a typo. Inflections are found
 * through the dictionary's suffix and prefix rules as Hunspell applies them (nspell does the same
 * with every Hunspell feature, but takes over a second to load; this takes a fifth of that). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The files of `dictionary-en`, read on first use (its module reads them at import, which
 * every command would pay for, analysis or not). */
function dictionaryFiles(): { aff: Buffer; dic: Buffer } {
  const dir = dirname(createRequire(import.meta.url).resolve('dictionary-en'));
  return { aff: readFileSync(join(dir, 'index.aff')), dic: readFileSync(join(dir, 'index.dic')) };
}

interface Affix {
  readonly flag: string;
  /** Removed from the root ('' for none). */
  readonly strip: string;
  /** Added to the root ('' for none). */
  readonly add: string;
  /** What the root must end with (suffix) or start with (prefix). */
  readonly condition: RegExp;
}

interface Dictionary {
  /** Lowercase entries and their affix flags. */
  readonly roots: ReadonlyMap<string, string>;
  /** Entries written capitalised (Smith, Rose, Amazon), lowercased: names and brands. */
  readonly proper: ReadonlySet<string>;
  readonly suffixes: readonly Affix[];
  readonly prefixes: readonly Affix[];
}

function parseAffixes(aff: string): { suffixes: Affix[]; prefixes: Affix[] } {
  const suffixes: Affix[] = [];
  const prefixes: Affix[] = [];
  for (const line of aff.split('\n')) {
    // SFX flag strip add condition — a rule line has five fields (the header has four).
    const f = line.trim().split(/\s+/u);
    if ((f[0] !== 'SFX' && f[0] !== 'PFX') || f.length < 5) continue;
    const [kind, flag = '', strip = '0', addField = '0', cond = '.'] = f;
    const add = addField.split('/')[0] ?? '';
    const rule = {
      flag,
      strip: strip === '0' ? '' : strip,
      add: add === '0' ? '' : add,
      condition: kind === 'SFX' ? new RegExp(`${cond}$`, 'u') : new RegExp(`^${cond}`, 'u'),
    };
    (kind === 'SFX' ? suffixes : prefixes).push(rule);
  }
  return { suffixes, prefixes };
}

function parseDictionary(): Dictionary {
  const decoder = new TextDecoder('utf-8');
  const roots = new Map<string, string>();
  const proper = new Set<string>();
  const dictionary = dictionaryFiles();
  const lines = decoder.decode(dictionary.dic).split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const slash = line.indexOf('/');
    const word = slash < 0 ? line.trim() : line.slice(0, slash);
    if (word === '') continue;
    if (word !== word.toLowerCase()) proper.add(word.toLowerCase());
    else roots.set(word, slash < 0 ? '' : line.slice(slash + 1).trim());
  }
  return { roots, proper, ...parseAffixes(decoder.decode(dictionary.aff)) };
}

let loaded: Dictionary | undefined;

/** A root of `word` through at most one suffix rule, whose flags include `flag` too (when given). */
function viaSuffix(d: Dictionary, word: string, flag: string | null): boolean {
  const direct = d.roots.get(word);
  if (direct !== undefined && (flag === null || direct.includes(flag))) return true;
  for (const s of d.suffixes) {
    if (!word.endsWith(s.add) || word.length <= s.add.length) continue;
    const root = word.slice(0, word.length - s.add.length) + s.strip;
    const flags = d.roots.get(root);
    if (flags !== undefined && flags.includes(s.flag) && (flag === null || flags.includes(flag)) && s.condition.test(root)) return true;
  }
  return false;
}

/** Forgets the dictionary (pipeline/caches.ts); the next lookup parses it again. */
export function releaseEnglishWords(): void {
  loaded = undefined;
}

/** True when `word` (lowercase) is an entry of the dictionary written lowercase, or one suffix
 * rule, one prefix rule or both away from one (un-settl-ing). Builds the dictionary on first use. */
export function isCommonEnglishWord(word: string): boolean {
  loaded ??= parseDictionary();
  const d = loaded;
  if (viaSuffix(d, word, null)) return true;
  for (const p of d.prefixes) {
    if (!word.startsWith(p.add) || word.length <= p.add.length) continue;
    const rest = p.strip + word.slice(p.add.length);
    if (p.condition.test(rest) && viaSuffix(d, rest, p.flag)) return true;
  }
  return false;
}

/** Every entry the dictionary writes lowercase (its roots, without affixes): ~48,000 words. */
export function commonEnglishRoots(): Iterable<string> {
  loaded ??= parseDictionary();
  return loaded.roots.keys();
}

/** True when the dictionary also lists `word` (lowercase) capitalised: a name or a brand as well
 * as a word (mark/Mark, smith/Smith, amazon/Amazon). Such a word is no keyword: said of a
 * person, it is who they are. */
export function isAlsoProperNoun(word: string): boolean {
  loaded ??= parseDictionary();
  return loaded.proper.has(word);
}
