// Short one-line text from long messages, for verdict messages and reasons. Playwright's expect()
// errors carry ANSI colours and a call log; child processes and undici add detail below the line
// that says what happened.

/** SGR escape sequences (colours), as Playwright writes them into expect() messages. */
const ANSI_SGR = /\x1b\[[0-9;]*m/g;

/** The text of anything thrown or given: a string as is, an Error's message, otherwise the value as text. */
function textOf(x: unknown): string {
  if (typeof x === 'string') return x;
  if (x === undefined || x === null) return '';
  return String((x as Error).message ?? x);
}

/** The first `count` lines, colours removed, joined by a space. */
export function firstLines(x: unknown, count: number): string {
  return textOf(x).replace(ANSI_SGR, '').trim().split('\n').slice(0, count).join(' ').trim();
}

/** The first line of a message or an error's message. */
export function firstLine(x: unknown): string {
  return firstLines(x, 1);
}
