/** Text for an operator's terminal. Company ids, departments, file names and session ids come
 * from client files: printed raw, an escape sequence in one (`\x1b[2J`, `\x1b]0;title\x07`)
 * would clear the screen, set the window title or hide a line. */

/** C0 controls except tab and newline, DEL, C1 controls (U+009B is a one-character CSI), and the
 * bidi embeddings, overrides and isolates that make a line read differently from its bytes. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Each control character becomes a visible `\uXXXX`, so the operator still sees that something
 * odd was there. What is left of an escape sequence (`[2J`) is plain text. The form is a JSON
 * escape: a JSON text stays valid JSON with the same value (`--json`, pino's log lines). */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
