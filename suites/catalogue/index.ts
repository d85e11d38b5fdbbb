// The header catalogue, in the order reports list it: FastAPI's docs first, then RFC 9110, then RFC 6750.
import { FASTAPI_DOCS_CASES } from './fastapi-docs.ts';
import { RFC9110_CASES } from './rfc9110.ts';
import { RFC6750_CASES } from './rfc6750.ts';
import type { HeaderCase } from './types.ts';

export const HEADER_CASES: readonly HeaderCase[] = [...FASTAPI_DOCS_CASES, ...RFC9110_CASES, ...RFC6750_CASES];

export { DEMO_TOKEN, expandRequest } from './types.ts';
export type { HeaderCase } from './types.ts';
