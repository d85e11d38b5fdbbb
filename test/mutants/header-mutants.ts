// Faulty targets for the header catalogue. `correct` behaves as FastAPI's docs promise (and, with
// flavour "fastapi", as current FastAPI does); each mutant breaks one requirement on purpose, and
// the project's tests show the catalogue names that requirement among its failures.
import { startMini } from './mini-http.ts';
import type { MiniRequest, MiniResponse } from './mini-http.ts';
import type { ProfileName } from '../../suites/model/types.ts';

export type Flavour = 'documented' | 'fastapi';

const NOT_AUTHENTICATED: MiniResponse = {
  status: 401,
  headers: { 'www-authenticate': 'Bearer', 'content-type': 'application/json' },
  body: '{"detail":"Not authenticated"}',
};
const BAD_REQUEST: MiniResponse = { status: 400, headers: { 'content-type': 'text/plain' }, body: 'Bad Request' };
const PY_WHITESPACE = new Set(['\t', '\n', '\x0b', '\x0c', '\r', '\x1c', '\x1d', '\x1e', '\x1f', ' ', '\x85', '\xa0']);

function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && PY_WHITESPACE.has(s[a]!)) a++;
  while (b > a && PY_WHITESPACE.has(s[b - 1]!)) b--;
  return s.slice(a, b);
}

function ok(token: string): MiniResponse {
  // Like Starlette: latin-1 characters out as UTF-8 JSON.
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) };
}

/** Knobs that each mutant turns the wrong way. The defaults are the correct behaviour. */
export interface Behaviour {
  flavour: Flavour;
  /** HTTP layer: reject CTLs, obs-fold and whitespace before the colon with 400 */
  strictFieldSyntax: boolean;
  trimOws: boolean;
  nameCaseInsensitive: boolean;
  /** which Authorization line counts when there are several */
  pick: 'first' | 'last';
  maxHeadBytes: number;
  oversize: MiniResponse;
  /** the application: credentials value -> response */
  app: (value: string | undefined, req: MiniRequest, b: Behaviour) => MiniResponse;
  challenge: MiniResponse;
}

export function correctApp(value: string | undefined, _req: MiniRequest, b: Behaviour): MiniResponse {
  if (!value) return b.challenge;
  const sp = value.indexOf(' ');
  const scheme = sp < 0 ? value : value.slice(0, sp);
  const param = sp < 0 ? '' : value.slice(sp + 1);
  if (scheme.toLowerCase() !== 'bearer') return b.challenge;
  if (b.flavour === 'fastapi') return ok(pyStrip(param));
  const token = param.replace(/^ +/, '');
  return token ? ok(token) : b.challenge;
}

export function correct(flavour: Flavour = 'documented'): Behaviour {
  return {
    flavour, strictFieldSyntax: true, trimOws: true, nameCaseInsensitive: true, pick: 'first',
    maxHeadBytes: 80 * 1024, oversize: { status: 431 }, app: correctApp, challenge: NOT_AUTHENTICATED,
  };
}

function handle(b: Behaviour, req: MiniRequest): MiniResponse {
  if (req.headBytes > b.maxHeadBytes) return b.oversize;
  if (b.strictFieldSyntax && req.lines.some((l) => /^[ \t]/.test(l) || /^[^:]*[ \t]:/.test(l) || /[\x00-\x08\x0a-\x1f\x7f]/.test(l))) return BAD_REQUEST;
  const unfolded = req.lines.reduce<string[]>((acc, l) => {
    if (/^[ \t]/.test(l) && acc.length) acc[acc.length - 1] += '\r\n' + l; // kept literally: only reachable when strictFieldSyntax is off
    else acc.push(l);
    return acc;
  }, []);
  const values = unfolded
    .map((l) => ({ name: l.slice(0, Math.max(0, l.indexOf(':'))), value: l.slice(l.indexOf(':') + 1) }))
    .filter((h) => (b.nameCaseInsensitive ? h.name.trim().toLowerCase() === 'authorization' : h.name === 'Authorization'))
    .map((h) => (b.trimOws ? h.value.replace(/^[ \t]+|[ \t]+$/g, '') : h.value));
  const value = b.pick === 'first' ? values[0] : values[values.length - 1];
  return b.app(value, req, b);
}

export function startBehaviour(b: Behaviour) {
  return startMini((req) => (req.path === '/items/' ? handle(b, req) : { status: 404, body: '{"detail":"Not Found"}' }));
}

function withApp(app: (value: string | undefined, req: MiniRequest, b: Behaviour) => MiniResponse, flavour: Flavour = 'documented'): Behaviour {
  return { ...correct(flavour), app };
}

/** The correct documented target, whose 401 carries this WWW-Authenticate value. */
function withChallenge(challenge: string): Behaviour {
  return { ...correct(), challenge: { status: 401, headers: { 'www-authenticate': challenge, 'content-type': 'application/json' }, body: '{"detail":"Not authenticated"}' } };
}

const tokenOf = (value: string) => value.slice(value.indexOf(' ') + 1).replace(/^ +/, '');

/** Each mutant and the catalogue requirement it must be caught by (under its flavour's profile). */
export const HEADER_MUTANTS: { name: string; breaks: string; profile: ProfileName; behaviour: Behaviour }[] = [
  { name: 'no auth check at all', breaks: 'headers.missing', profile: 'documented', behaviour: withApp(() => ok('')) },
  { name: '403 instead of 401 when the header is missing', breaks: 'headers.missing', profile: 'documented',
    behaviour: withApp((v, r, b) => (v === undefined ? { status: 403, body: '{"detail":"Forbidden"}' } : correctApp(v, r, b))) },
  { name: 'empty value accepted', breaks: 'headers.empty-value', profile: 'documented',
    behaviour: withApp((v, r, b) => (v === '' ? ok('') : correctApp(v, r, b))) },
  { name: '500 on a value of only spaces', breaks: 'headers.whitespace-only', profile: 'documented',
    behaviour: { ...withApp((v, r, b) => (v !== undefined && /^ +$/.test(v) ? { status: 500 } : correctApp(v, r, b))), trimOws: false } },
  { name: 'any scheme accepted', breaks: 'headers.scheme-basic', profile: 'documented',
    behaviour: withApp((v, _r, b) => (v ? ok(tokenOf(v)) : b.challenge)) },
  { name: 'scheme accepted when it merely starts with bearer', breaks: 'headers.scheme-glued', profile: 'documented',
    behaviour: withApp((v, r, b) => (v && /^bearer\S/i.test(v) ? ok(v.slice(6)) : correctApp(v, r, b))) },
  { name: 'scheme compared on its first four letters', breaks: 'headers.scheme-truncated', profile: 'documented',
    behaviour: withApp((v, r, b) => (v && /^bear /i.test(v) ? ok(tokenOf(v)) : correctApp(v, r, b))) },
  { name: 'scheme compared case-sensitively', breaks: 'headers.scheme-lowercase', profile: 'documented',
    behaviour: withApp((v, r, b) => (v && !v.startsWith('Bearer') ? b.challenge : correctApp(v, r, b))) },
  { name: 'Bearer with no token accepted (as FastAPI does)', breaks: 'headers.empty-token', profile: 'documented',
    behaviour: withApp((v, r, b) => (v !== undefined && /^bearer *$/i.test(v) ? ok('') : correctApp(v, r, b))) },
  { name: 'token lower-cased', breaks: 'headers.token-case-preserved', profile: 'documented',
    behaviour: withApp((v, r, b) => { const res = correctApp(v, r, b); return typeof res === 'object' && res.status === 200 ? ok(tokenOf(v!).toLowerCase()) : res; }) },
  { name: 'token truncated at 4 KiB', breaks: 'headers.long-token-8k', profile: 'documented',
    behaviour: withApp((v, r, b) => { const res = correctApp(v, r, b); return typeof res === 'object' && res.status === 200 ? ok(tokenOf(v!).slice(0, 4096)) : res; }) },
  { name: 'token taken from ?access_token=', breaks: 'headers.query-token-only', profile: 'documented',
    behaviour: withApp((v, r, b) => { const q = new URLSearchParams(r.query).get('access_token'); return v === undefined && q ? ok(q) : correctApp(v, r, b); }) },
  { name: 'field name matched case-sensitively', breaks: 'headers.name-lowercase', profile: 'documented',
    behaviour: { ...correct(), nameCaseInsensitive: false } },
  { name: 'leading and trailing OWS not trimmed', breaks: 'headers.ows-leading-trailing', profile: 'documented',
    behaviour: { ...correct(), trimOws: false } },
  { name: 'whitespace before the colon accepted', breaks: 'headers.space-before-colon', profile: 'documented',
    behaviour: { ...correct(), strictFieldSyntax: false } },
  { name: 'obs-fold kept literally in the token', breaks: 'headers.obs-fold', profile: 'documented',
    behaviour: { ...correct(), strictFieldSyntax: false } },
  { name: '500 on control bytes', breaks: 'headers.ctl-in-token', profile: 'documented',
    behaviour: { ...withApp((v, r, b) => (v && /[\x00-\x1f\x7f]/.test(v) ? { status: 500 } : correctApp(v, r, b))), strictFieldSyntax: false } },
  { name: '500 for heads over 32 KiB', breaks: 'headers.long-token-64k', profile: 'documented',
    behaviour: { ...correct(), maxHeadBytes: 32 * 1024, oversize: { status: 500 } } },
  { name: 'padding stripped from the token', breaks: 'headers.padded-b64token', profile: 'documented',
    behaviour: withApp((v, r, b) => { const res = correctApp(v, r, b); return typeof res === 'object' && res.status === 200 ? ok(tokenOf(v!).replace(/=+$/, '')) : res; }) },
  { name: 'canonical credentials refused', breaks: 'headers.canonical', profile: 'documented', behaviour: withApp((_v, _r, b) => b.challenge) },
  { name: 'a space kept after a second SP (FastAPI 0.92)', breaks: 'headers.multiple-sp', profile: 'documented',
    behaviour: withApp((v, r, b) => (v && /^bearer  /i.test(v) ? ok(v.slice(7)) : correctApp(v, r, b))) },
  { name: '401 without WWW-Authenticate', breaks: 'shape.bearer-challenge', profile: 'documented',
    behaviour: { ...correct(), challenge: { status: 401, headers: { 'content-type': 'application/json' }, body: '{"detail":"Not authenticated"}' } } },
  { name: '401 with a Basic challenge', breaks: 'shape.bearer-challenge', profile: 'documented',
    behaviour: { ...correct(), challenge: { status: 401, headers: { 'www-authenticate': 'Basic realm="api"' }, body: '{"detail":"Not authenticated"}' } } },
  { name: '401 body other than FastAPI\'s', breaks: 'shape.fastapi-body', profile: 'fastapi',
    behaviour: { ...correct('fastapi'), challenge: { status: 401, headers: { 'www-authenticate': 'Bearer' }, body: '{"error":"unauthorized"}' } } },
  { name: '401 challenge with a realm (not exactly `Bearer`)', breaks: 'shape.fastapi-challenge', profile: 'fastapi',
    behaviour: { ...correct('fastapi'), challenge: { status: 401, headers: { 'www-authenticate': 'Bearer realm="api"' }, body: '{"detail":"Not authenticated"}' } } },
  { name: 'challenge repeats realm', breaks: 'shape.no-repeated-auth-param', profile: 'documented',
    behaviour: withChallenge('Bearer realm="api", realm="api"') },
  { name: 'challenge repeats realm (rfc6750)', breaks: 'shape.no-repeated-auth-param', profile: 'rfc6750',
    behaviour: withChallenge('Bearer realm="api", Realm="other"') },
  { name: 'error code on the answer to no credentials', breaks: 'shape.no-error-without-credentials', profile: 'documented',
    behaviour: withChallenge('Bearer error="invalid_token"') },
  { name: 'error code on the answer to no credentials (rfc6750)', breaks: 'shape.no-error-without-credentials', profile: 'rfc6750',
    behaviour: withChallenge('Bearer realm="api", error="invalid_token"') },
  { name: 'a quote escaped into error_description', breaks: 'shape.bearer-attribute-charset', profile: 'rfc6750',
    behaviour: withChallenge('Bearer realm="api", error_description="no \\"Bearer\\" token"') },
  { name: 'an error code RFC 6750 does not define', breaks: 'shape.known-error-code', profile: 'rfc6750',
    behaviour: withChallenge('Bearer realm="api", error="unauthorized"') },
  { name: 'the last of two Authorization lines wins', breaks: 'headers.duplicate-basic-bearer', profile: 'fastapi',
    behaviour: { ...correct('fastapi'), pick: 'last' } },
  { name: 'tokens not stripped (0.92 behaviour under the current profile)', breaks: 'headers.multiple-sp', profile: 'fastapi',
    behaviour: withApp((v, r, b) => (v && /^bearer  /i.test(v) ? ok(v.slice(7)) : correctApp(v, r, b)), 'fastapi') },
];
