// FastAPI as measured on the wire (0.92) and read from source (>= 0.128.1): the `fastapi` and
// `fastapi@0.92` profiles, bug for bug. Plus the oversize allowance, which comes from how real
// servers (uvicorn/h11) behave, for every profile.
import { PROFILES } from '../profiles.ts';
import type { Source } from '../types.ts';
import { FASTAPI_PROFILES } from './types.ts';
import type { ModelRequirement } from './types.ts';
import { alike } from './clause.ts';

const GATE: Source = {
  ref: 'FastAPI as measured §4 (docs/sources/fastapi-measured.md#ground-truth-4)',
  quote: 'if not authorization or scheme.lower() != "bearer": 401 (or None if auto_error=False); else return param',
};

const NOT_B64TOKEN: Source = {
  ref: 'FastAPI as measured §6 (docs/sources/fastapi-measured.md#ground-truth-6)',
  quote: 'The token is anything after the first space, not a b64token',
};

const STRIPPED = 'the token is everything after the first SP, stripped of Python whitespace from 0.128.1 on';

export const FASTAPI_MEASURED: readonly ModelRequirement[] = [
  {
    id: 'bearer.no-header', profiles: alike(FASTAPI_PROFILES, { level: 'MUST',
    source: { ref: 'FastAPI as measured §4 (docs/sources/fastapi-measured.md#ground-truth-4)', quote: 'no header → 401 {"detail":"Not authenticated"} with WWW-Authenticate: Bearer' },
    why: '401 with exactly `Bearer`' }),
  },
  {
    id: 'bearer.query-method', profiles: alike(FASTAPI_PROFILES, { level: 'MUST',
    source: { ref: 'D-9 (docs/sources/fastapi-measured.md#d-9)', quote: 'query and body are ignored; the header alone decides' },
    why: 'the query is ignored: 401' }),
  },
  { id: 'bearer.empty-value', profiles: alike(FASTAPI_PROFILES, { level: 'MUST', source: GATE, why: 'an empty value is falsy: 401' }) },
  { id: 'bearer.other-scheme', profiles: alike(FASTAPI_PROFILES, { level: 'MUST', source: GATE, why: 'the text before the first SP is not bearer: 401' }) },
  {
    id: 'bearer.empty-token', profiles: alike(FASTAPI_PROFILES, { level: 'MUST',
    source: { ref: 'FastAPI as measured §4 (docs/sources/fastapi-measured.md#ground-truth-4)', quote: 'An empty token is still accepted at HEAD, because there is no not param check.' },
    why: '200 with the empty token ""' }),
  },
  {
    id: 'bearer.missing-sp', profiles: alike(FASTAPI_PROFILES, { level: 'MUST',
    source: { ref: 'FastAPI as measured §6 (docs/sources/fastapi-measured.md#ground-truth-6)', quote: 'A tab between scheme and token (Bearer\\tabc) → 401, although RFC 7235 allows only SP there, so this is consistent.' },
    why: 'no SP: the whole value is taken for the scheme, 401' }),
  },
  {
    id: 'bearer.canonical', profiles: alike(FASTAPI_PROFILES, { level: 'MUST',
    source: { ref: 'FastAPI as measured §1 #8 (docs/sources/fastapi-measured.md#ground-truth-1)', quote: "Bearer abc | b'Authorization: Bearer abc' | 200 | — | 'abc'" },
    why: 'the endpoint gets exactly the token' }),
  },
  {
    id: 'bearer.scheme-case', profiles: alike(FASTAPI_PROFILES, { level: 'MUST',
    source: { ref: 'FastAPI as measured §6 (docs/sources/fastapi-measured.md#ground-truth-6)', quote: "The scheme is matched case-insensitively (bearer, BEARER → 200), which the docs don't say." },
    why: 'scheme.lower() == "bearer"' }),
  },
  {
    id: 'bearer.multiple-sp', profiles: alike(FASTAPI_PROFILES, { level: 'MUST',
    source: { ref: 'D-2 (docs/sources/fastapi-measured.md#d-2)', quote: '< 0.128.1: token " abc" (leading space kept). ≥ 0.128.1: abc' },
    why: STRIPPED }),
  },
  {
    id: 'bearer.sp-htab-separator', profiles: alike(FASTAPI_PROFILES, { level: 'MUST',
    source: { ref: 'D-3 (docs/sources/fastapi-measured.md#d-3)', quote: '< 0.128.1: token "\\tabc". ≥ 0.128.1: abc accepted' },
    why: STRIPPED }),
  },
  {
    id: 'bearer.unicode-whitespace', profiles: alike(FASTAPI_PROFILES, { level: 'MUST',
    source: { ref: 'FastAPI as measured §4 (docs/sources/fastapi-measured.md#ground-truth-4)', quote: "'Bearer \\x1f' | 200 '\\x1f' | 200 ''" },
    why: STRIPPED }),
  },
  { id: 'bearer.non-b64token', profiles: alike(FASTAPI_PROFILES, { level: 'MUST', source: NOT_B64TOKEN, why: 'the token is everything after the first SP, whatever it is' }) },
  {
    id: 'http.duplicate', profiles: alike(FASTAPI_PROFILES, { level: 'MUST',
    source: { ref: 'FastAPI as measured §3 (docs/sources/fastapi-measured.md#ground-truth-3)', quote: 'request.headers.get("Authorization") returns the first one' },
    why: 'the first Authorization line decides' }),
  },
  {
    id: 'http.oversize', profiles: alike(PROFILES, { level: 'INFO',
    source: { ref: 'FastAPI as measured §6 (docs/sources/fastapi-measured.md#ground-truth-6)', quote: 'Oversized heads (over 16 KiB while still incomplete; depends on segmentation) also get 400, not 431.' },
    why: 'a head this large may also be refused with 400 or 431' }),
  },
];
