/** Many literal strings found in a text in one pass: what a regular expression of the form
 * `longest|…|shortest` finds (leftmost match, the longest string at that place, the search going
 * on after it), in time proportional to the text times the longest string, however many strings
 * there are. An alternation of n literals is tried alternative by alternative at every place, so
 * a session that has found thousands of names (a hostile transcript) would take n × text. */

interface TrieNode {
  readonly next: Map<number, TrieNode>;
  /** A string ends here. */
  end: boolean;
}

/** The strings as a trie of UTF-16 code units. */
export interface LiteralSet {
  readonly root: TrieNode;
  /** Strings that start with a Latin letter match only as whole words (no Latin letter right
   * before or after them), as `(?<![A-Za-z])name(?![A-Za-z])` would. */
  readonly latinWholeWords: boolean;
}

export function literalSet(strings: Iterable<string>, opts: { latinWholeWords: boolean }): LiteralSet {
  const root: TrieNode = { next: new Map(), end: false };
  for (const s of strings) {
    if (s === '') continue;
    let node = root;
    for (let i = 0; i < s.length; i++) {
      const code = s.charCodeAt(i);
      let child = node.next.get(code);
      if (child === undefined) {
        child = { next: new Map(), end: false };
        node.next.set(code, child);
      }
      node = child;
    }
    node.end = true;
  }
  return { root, latinWholeWords: opts.latinWholeWords };
}

const isLatin = (code: number): boolean => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

/** Leftmost, longest, non-overlapping matches of the set's strings in `text`, as [start, end)
 * UTF-16 offsets. A match never starts inside a surrogate pair. */
export function findLiterals(set: LiteralSet, text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  if (set.root.next.size === 0) return out;
  for (let i = 0; i < text.length; ) {
    const first = text.charCodeAt(i);
    let node = set.root.next.get(first);
    let best = -1;
    if (node !== undefined) {
      const wholeWord = set.latinWholeWords && isLatin(first);
      if (!(wholeWord && i > 0 && isLatin(text.charCodeAt(i - 1)))) {
        for (let j = i + 1; ; j++) {
          if (node.end && !(wholeWord && j < text.length && isLatin(text.charCodeAt(j)))) best = j;
          if (j >= text.length) break;
          const child: TrieNode | undefined = node.next.get(text.charCodeAt(j));
          if (child === undefined) break;
          node = child;
        }
      }
    }
    if (best > i) {
      out.push({ start: i, end: best });
      i = best;
    } else {
      // one code point on, as a regular expression with the u flag moves
      i += first >= 0xd800 && first <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    }
  }
  return out;
}

/** `s` matched literally inside a regular expression (where a pattern, not this search, is wanted). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
