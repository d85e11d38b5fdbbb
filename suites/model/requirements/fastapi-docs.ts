// What FastAPI's documentation promises ("Security - First Steps", "What it does"): the
// `documented` profile, where the docs speak. Quotes via F-02 (docs/sources/fastapi-docs.md#f-02).
import type { Source } from '../types.ts';
import type { ModelRequirement } from './types.ts';

const REF = 'FastAPI docs: Security - First Steps (docs/sources/fastapi-docs.md#f-02)';

const NO_BEARER_TOKEN: Source = {
  ref: REF,
  quote: "If it doesn't see an Authorization header, or the value doesn't have a Bearer token, it will respond with a 401 status code error (UNAUTHORIZED) directly.",
};

const RETURNS_TOKEN: Source = {
  ref: REF,
  quote: 'It will go and look in the request for that Authorization header, check if the value is Bearer plus some token, and will return the token as a str.',
};

export const FASTAPI_DOCS: readonly ModelRequirement[] = [
  { id: 'bearer.no-header', profiles: { documented: { level: 'MUST', source: NO_BEARER_TOKEN, why: 'the docs promise a 401' } } },
  { id: 'bearer.query-method', profiles: { documented: { level: 'MUST', source: RETURNS_TOKEN, why: 'the docs read the Authorization header only, so this is a request without one: 401' } } },
  { id: 'bearer.empty-value', profiles: { documented: { level: 'MUST', source: NO_BEARER_TOKEN, why: 'the docs promise a 401' } } },
  { id: 'bearer.other-scheme', profiles: { documented: { level: 'MUST', source: NO_BEARER_TOKEN, why: 'the docs promise a 401' } } },
  { id: 'bearer.empty-token', profiles: { documented: { level: 'MUST', source: NO_BEARER_TOKEN, why: 'the docs promise a 401 (FastAPI itself answers 200 with "")' } } },
  { id: 'bearer.canonical', profiles: { documented: { level: 'MUST', source: RETURNS_TOKEN, why: 'the endpoint gets exactly the token' } } },
];
