// The character classes and rules the model needs, each with its ABNF. Strings are latin-1: one
// char is one byte 0x00-0xFF, which is how Starlette decodes header bytes (ground truth §3).

/** RFC 9110 §5.6.3: `OWS = *( SP / HTAB )`. */
export function isOws(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** `tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA` (RFC 9110 §5.6.2). */
const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;

function isTchar(ch: string): boolean {
  return TCHAR.test(ch);
}

/** `token = 1*tchar` (RFC 9110 §5.6.2). */
export function isToken(s: string): boolean {
  return s.length > 0 && [...s].every(isTchar);
}

/** The longest run of tchar at the start of `s`: where an auth-scheme would be. */
export function leadingToken(s: string): string {
  let end = 0;
  while (end < s.length && isTchar(s[end]!)) end++;
  return s.slice(0, end);
}

/**
 * RFC 6750 §2.1: `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
 * The same set as RFC 9110 §11.2's token68. The one definition outside the reference server:
 * checks and suites import it from here (the model is the lower room).
 */
export const B64TOKEN_CHAR = /[A-Za-z0-9\-._~+/]/;
const B64TOKEN = new RegExp(`^${B64TOKEN_CHAR.source}+=*$`);

export function isB64token(s: string): boolean {
  return B64TOKEN.test(s);
}

/**
 * RFC 5234 B.1: `CTL = %x00-1F / %x7F`. HTAB is a CTL too, but RFC 9110 §5.5 allows it inside
 * field content, so the HTTP layer never treats it as one.
 */
export function isCtl(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c <= 0x1f || c === 0x7f;
}

/** The three bytes RFC 9110 §5.5 singles out: a recipient MUST reject them or replace them with SP. */
export function isNulCrLf(ch: string): boolean {
  return ch === '\0' || ch === '\r' || ch === '\n';
}

/**
 * What Python's `str.strip()` removes, within latin-1: the characters for which `str.isspace()` is
 * true (general category Zs, or bidirectional class WS, B or S). That is \t \n \v \f \r, the
 * separators \x1c-\x1f, SP, NEL \x85 and NBSP \xa0 (ground truth §4: "Python's str.strip() also
 * strips Unicode whitespace: \x1c–\x1f, \x85 and \xa0"). Not JavaScript's trim(): that one keeps
 * \x1c-\x1f and \x85.
 */
const PYTHON_WHITESPACE = new Set(['\t', '\n', '\x0b', '\x0c', '\r', '\x1c', '\x1d', '\x1e', '\x1f', ' ', '\x85', '\xa0']);

export function isPythonWhitespace(ch: string | undefined): boolean {
  return ch !== undefined && PYTHON_WHITESPACE.has(ch);
}

/** Python's `s.strip()` on a latin-1 string. */
export function pythonStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isPythonWhitespace(s[start])) start++;
  while (end > start && isPythonWhitespace(s[end - 1])) end--;
  return s.slice(start, end);
}

/** Strip leading OWS. */
export function trimOwsStart(s: string): string {
  let start = 0;
  while (start < s.length && isOws(s[start])) start++;
  return s.slice(start);
}

/** Strip trailing OWS. */
export function trimOwsEnd(s: string): string {
  let end = s.length;
  while (end > 0 && isOws(s[end - 1])) end--;
  return s.slice(0, end);
}

/** Strip leading and trailing OWS, as RFC 9112 §5.1 tells field parsers to. */
export function trimOws(s: string): string {
  return trimOwsStart(trimOwsEnd(s));
}

/**
 * A latin-1 string made readable and unambiguous for reports: `"` and `\` are escaped, printable
 * ASCII and 0xA1-0xFF stay, every other byte (C0, DEL, C1, NBSP) becomes \xNN.
 */
export function showBytes(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if ((c >= 0x20 && c < 0x7f) || (c > 0xa0 && c <= 0xff)) out += ch;
    else if (c <= 0xff) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += `\\u{${c.toString(16)}}`;
  }
  return out;
}
