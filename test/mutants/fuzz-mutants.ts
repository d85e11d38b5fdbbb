// Faulty targets for the fuzz suite: each is the correct documented target of header-mutants.ts
// with one fault that only some inputs reach, so a fixed catalogue can miss it and generated
// requests find it. Each names the fuzz property that must catch it.
import { correct, correctApp, startBehaviour } from './header-mutants.ts';
import type { Behaviour } from './header-mutants.ts';
import type { MiniRequest, MiniResponse } from './mini-http.ts';
import type { FuzzPropertyId } from '../../suites/fuzz/requirements.ts';

export interface FuzzMutant {
  name: string;
  caughtBy: FuzzPropertyId;
  behaviour: Behaviour;
}

function ok(token: string): MiniResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) };
}

/** The token a correct 200 carries, or undefined for any other answer. */
function tokenOf(res: MiniResponse): string | undefined {
  if (res === 'hang' || res.status !== 200 || res.body === undefined) return undefined;
  return (JSON.parse(res.body) as { token: string }).token;
}

function withApp(app: Behaviour['app']): Behaviour {
  return { ...correct('documented'), app };
}

/**
 * The token lower-cased, but only when an "=" stands inside it (`a=b`), not first and not as
 * trailing padding: the catalogue's padded and leading-"=" tokens pass untouched.
 */
function lowerCasesTokensWithEquals(value: string | undefined, req: MiniRequest, b: Behaviour): MiniResponse {
  const res = correctApp(value, req, b);
  const token = tokenOf(res);
  return token !== undefined && /[^=]=+[^=]/.test(token) ? ok(token.toLowerCase()) : res;
}

/** Any scheme that starts with "bearer" (`Bearerx`, `BearerToken`) is taken for Bearer. */
function acceptsSchemePrefix(value: string | undefined, req: MiniRequest, b: Behaviour): MiniResponse {
  if (value === undefined || !/^bearer/i.test(value)) return correctApp(value, req, b);
  const sp = value.indexOf(' ');
  const token = sp < 0 ? '' : value.slice(sp + 1).replace(/^ +/, '');
  return token ? ok(token) : b.challenge;
}

/** 500 when the credentials are longer than 4 KiB but shorter than the catalogue's 8 KiB token. */
function failsOnLongTokens(value: string | undefined, req: MiniRequest, b: Behaviour): MiniResponse {
  const token = tokenOf(correctApp(value, req, b));
  return token !== undefined && token.length > 4096 && token.length < 8192 ? { status: 500, body: 'Internal Server Error' } : correctApp(value, req, b);
}

/** No answer at all when any header line carries the byte 0xA7. */
function hangsOnA7(value: string | undefined, req: MiniRequest, b: Behaviour): MiniResponse {
  return req.lines.some((l) => l.includes('\xa7')) ? 'hang' : correctApp(value, req, b);
}

/**
 * FastAPI 0.92's reading of the credentials (`scheme, _, param = value.partition(" ")`): the token is
 * everything after the first SP, so the rest of a separator run stays in it (`Bearer  abc` → " abc").
 * Otherwise the correct documented target.
 */
function keepsSeparatorRun(value: string | undefined, req: MiniRequest, b: Behaviour): MiniResponse {
  if (value === undefined || !/^bearer /i.test(value)) return correctApp(value, req, b);
  const param = value.slice('bearer '.length);
  return param ? ok(param) : b.challenge;
}

/**
 * Not a fault under `documented`'s MUST clauses: its only deviation is bearer.multiple-sp (SHOULD)
 * and what follows from it where a weaker clause decides. The fuzzer must report it at those levels.
 */
export const FASTAPI_092_LIKE: Behaviour = withApp(keepsSeparatorRun);

export const FUZZ_MUTANTS: readonly FuzzMutant[] = [
  { name: 'token lower-cased only when an "=" stands inside it', caughtBy: 'fuzz.differential', behaviour: withApp(lowerCasesTokensWithEquals) },
  { name: 'scheme accepted when it merely starts with "bearer"', caughtBy: 'fuzz.differential', behaviour: withApp(acceptsSchemePrefix) },
  { name: '500 only for tokens of 4 to 8 KiB', caughtBy: 'fuzz.no-5xx', behaviour: withApp(failsOnLongTokens) },
  { name: 'no answer only when a header carries byte 0xA7', caughtBy: 'fuzz.answers-in-time', behaviour: withApp(hangsOnA7) },
];

export { correct, startBehaviour };
