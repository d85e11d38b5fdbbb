// A parser for WWW-Authenticate field values, as RFC 9110 §11.3 and §11.6.1 define them:
//   WWW-Authenticate = #challenge
//   challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//   auth-param       = token BWS "=" BWS ( token / quoted-string )
//   token68          = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//   quoted-string    = DQUOTE *( qdtext / quoted-pair ) DQUOTE
// A comma both separates challenges and the auth-params of one challenge: an element that is not
// `token BWS "="` starts the next challenge. Empty list elements are ignored (RFC 9110 §5.6.1.2).
import { B64TOKEN_CHAR } from '../model/grammar.ts';

export interface AuthParam {
  /** as sent; compare case-insensitively (RFC 9110 §11.2) */
  name: string;
  /** the token, or the quoted-string with its quotes and quoted-pairs undone */
  value: string;
}

export interface Challenge {
  scheme: string;
  token68?: string;
  params: AuthParam[];
}

export type ChallengeParse = { ok: true; challenges: Challenge[] } | { ok: false; error: string };

/** RFC 9110 §5.6.2 `token = 1*tchar` */
const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
/** RFC 9110 §11.2 `token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`: b64token's set */
const TOKEN68 = new RegExp(`${B64TOKEN_CHAR.source}+=*`, 'y');
/** RFC 9110 §5.6.3 `OWS = *( SP / HTAB )`; BWS is the same */
const OWS = /[ \t]*/y;
/** RFC 9110 §5.6.4: qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text; quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ) */
const QUOTED_STRING = /"((?:[\t \x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*)"/y;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  get next(): string | undefined {
    return this.text[this.pos];
  }

  /** Consume what `re` (sticky) matches here, or nothing. */
  take(re: RegExp): RegExpExecArray | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text) ?? undefined;
    if (m) this.pos = re.lastIndex;
    return m;
  }

  ows(): string {
    return this.take(OWS)![0];
  }

  /** Skip OWS and commas: the gaps of a #list, empty elements included. */
  skipListGaps(): void {
    for (;;) {
      this.ows();
      if (this.next !== ',') return;
      this.pos++;
    }
  }
}

/** Parse one WWW-Authenticate field value. */
export function parseChallenges(fieldValue: string): ChallengeParse {
  const c = new Cursor(fieldValue);
  const challenges: Challenge[] = [];
  c.skipListGaps();
  while (!c.done) {
    const scheme = c.take(TOKEN)?.[0];
    if (scheme === undefined) return fail(c, 'expected an auth-scheme');
    const challenge: Challenge = { scheme, params: [] };
    challenges.push(challenge);
    const gap = c.ows();
    const listGap = c.done || c.next === ',';
    if (listGap) c.skipListGaps();
    else if (!/^ +$/.test(gap)) return fail(c, 'expected SP after the auth-scheme');
    // After a list gap, an auth-param still belongs to this challenge: `#auth-param` may begin with empty elements.
    const first = authParam(c);
    const problem = first !== undefined ? moreAuthParams(c, challenge, first) : listGap ? undefined : token68(c, challenge);
    if (problem !== undefined) return fail(c, problem);
  }
  return { ok: true, challenges };
}

/** Parse the field lines of a response as one list, as a recipient may combine them (RFC 9110 §5.3). */
export function parseWwwAuthenticate(fieldValues: readonly string[]): ChallengeParse {
  return parseChallenges(fieldValues.join(', '));
}

/** The `#auth-param` list of one challenge, up to the element that starts the next challenge. */
function moreAuthParams(c: Cursor, challenge: Challenge, first: AuthParam): string | undefined {
  challenge.params.push(first);
  for (;;) {
    c.ows();
    if (c.done) return undefined;
    if (c.next !== ',') return 'expected "," after an auth-param';
    c.skipListGaps();
    const param = authParam(c);
    if (param === undefined) return undefined;
    challenge.params.push(param);
  }
}

function authParam(c: Cursor): AuthParam | undefined {
  const start = c.pos;
  const name = c.take(TOKEN)?.[0];
  c.ows();
  if (name !== undefined && c.next === '=') {
    c.pos++;
    c.ows();
    const value = c.take(TOKEN)?.[0] ?? unquote(c.take(QUOTED_STRING)?.[1]);
    if (value !== undefined) return { name, value };
  }
  c.pos = start;
  return undefined;
}

function token68(c: Cursor, challenge: Challenge): string | undefined {
  const value = c.take(TOKEN68)?.[0];
  if (value === undefined) return 'expected a token68 or an auth-param after the auth-scheme';
  challenge.token68 = value;
  c.ows();
  if (!c.done && c.next !== ',') return 'expected "," after a token68';
  c.skipListGaps();
  return undefined;
}

function unquote(inner: string | undefined): string | undefined {
  return inner?.replace(/\\(.)/gs, '$1');
}

function fail(c: Cursor, problem: string): ChallengeParse {
  return { ok: false, error: `${problem} at offset ${c.pos}` };
}
