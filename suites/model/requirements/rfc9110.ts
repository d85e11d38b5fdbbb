// RFC 9110 (HTTP semantics) and its HTTP/1.1 companion RFC 9112: the HTTP layer, for every
// profile, and the `documented` profile wherever FastAPI's docs are silent. Quotes via docs/sources/rfc9110.md.
import { PROFILES } from '../profiles.ts';
import type { Source } from '../types.ts';
import type { ModelRequirement } from './types.ts';
import { alike } from './clause.ts';

const CASE_INSENSITIVE_SCHEME: Source = {
  ref: 'RFC 9110 §11.1',
  quote: 'It uses a case-insensitive token to identify the authentication scheme',
};

const CREDENTIALS: Source = {
  ref: 'RFC 9110 §11.4',
  quote: 'credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]',
};

const RECOVER: Source = {
  ref: 'RFC 9110 §2.4',
  quote: 'Unless noted otherwise, a recipient MAY attempt to recover a usable protocol element from an invalid construct.',
};

export const RFC9110: readonly ModelRequirement[] = [
  {
    id: 'http.space-before-colon', profiles: alike(PROFILES, { level: 'MUST',
    source: { ref: 'RFC 9112 §5.1', quote: 'A server MUST reject, with a response status code of 400 (Bad Request), any received request message that contains whitespace between a header field name and colon.' },
    why: 'the HTTP layer must answer 400' }),
  },
  {
    id: 'http.nul-cr-lf', profiles: alike(PROFILES, { level: 'MUST',
    source: { ref: 'RFC 9110 §5.5', quote: 'a recipient of CR, LF, or NUL within a field value MUST either reject the message or replace each of those characters with SP before further processing or forwarding of that message.' },
    why: 'reject with 400, or replace each with SP; a bare LF may also end the line (RFC 9112 §2.2)' }),
  },
  {
    id: 'http.obs-fold', profiles: alike(PROFILES, { level: 'MUST',
    source: { ref: 'RFC 9112 §5.2', quote: 'MUST either reject the message by sending a 400 (Bad Request), … or replace each received obs-fold with one or more SP octets prior to interpreting the field value' },
    why: 'reject with 400, or unfold to one SP' }),
  },
  {
    id: 'http.ows-trim', profiles: alike(PROFILES, { level: 'MUST',
    source: { ref: 'RFC 9110 §5.5', quote: 'a field parsing implementation MUST exclude such whitespace prior to evaluating the field value.' },
    why: 'leading and trailing SP/HTAB are not part of the value' }),
  },
  {
    id: 'http.ctl', profiles: alike(PROFILES, { level: 'INFO',
    source: { ref: 'RFC 9110 §5.5', quote: 'Field values containing other CTL characters are also invalid; however, recipients MAY retain such characters for the sake of robustness' },
    why: 'reject with 400, or pass the value on as it is' }),
  },
  {
    id: 'http.field-line-syntax', profiles: alike(PROFILES, { level: 'INFO',
    source: { ref: 'RFC 9112 §5', quote: 'field-line = field-name ":" OWS field-value OWS' },
    why: 'not a field line: reject with 400, or ignore the line' }),
  },
  {
    id: 'http.duplicate', profiles: { documented: { level: 'INFO',
    source: { ref: 'RFC 9110 §5.5', quote: 'a singleton field might be erroneously sent with multiple members and detecting such errors improves interoperability.' },
    why: 'Authorization is a singleton: reject, or use the first line, never the second' } },
  },
  { id: 'bearer.scheme-case', profiles: alike(['documented', 'rfc6750'], { level: 'MUST', source: CASE_INSENSITIVE_SCHEME, why: 'the scheme matches in any letter case' }) },
  { id: 'bearer.multiple-sp', profiles: { documented: { level: 'SHOULD', source: CREDENTIALS, why: 'the separator is 1*SP, so the token is what follows all of them' } } },
  { id: 'bearer.missing-sp', profiles: { documented: { level: 'SHOULD', source: CREDENTIALS, why: 'no SP after the scheme: not Bearer credentials, so 401 (or 400)' } } },
  { id: 'bearer.sp-htab-separator', profiles: { documented: { level: 'INFO', source: RECOVER, why: 'not a token68: refuse, or pass on what follows the SP' } } },
  { id: 'bearer.unicode-whitespace', profiles: { documented: { level: 'INFO', source: RECOVER, why: 'not a token68: refuse, or pass on what follows the SP' } } },
  { id: 'bearer.non-b64token', profiles: { documented: { level: 'INFO', source: RECOVER, why: 'not a token68: refuse, or pass on what follows the SP' } } },
];
