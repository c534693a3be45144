/** Over-redaction on a labelled gold case: the redactions that cover no labelled PII string.
 * Gold writers label every piece of personal data said in a session, so a placeholder over text
 * that overlaps none of them is, at most, something the labels left out (a generic 市役所, a job
 * title) — an upper bound on what was redacted that need not have been. Pure. */

/** Where each PII string occurs in `text` (exact, and in Latin letters without regard to case). */
function occurrences(pii: readonly string[], text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const lower = text.toLowerCase();
  const sameLength = lower.length === text.length;
  for (const s of new Set(pii)) {
    if (s === '') continue;
    for (const [hay, needle] of [[text, s], ...(sameLength ? [[lower, s.toLowerCase()]] : [])] as Array<[string, string]>) {
      for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) out.push({ start: at, end: at + needle.length });
    }
  }
  return out;
}

/** The original text of every redaction (per segment: its text and where its placeholders went)
 * that overlaps no occurrence of a labelled PII string. */
export function findOverRedactions(pii: readonly string[], segments: ReadonlyArray<{ text: string; spans: ReadonlyArray<{ start: number; end: number }> }>): string[] {
  const over: string[] = [];
  for (const { text, spans } of segments) {
    if (spans.length === 0) continue;
    const labelled = occurrences(pii, text);
    for (const span of spans) {
      if (!labelled.some((o) => o.start < span.end && span.start < o.end)) over.push(text.slice(span.start, span.end));
    }
  }
  return over;
}
