// The matrix config file (JSON): which targets to run, how to reach or start each, and the CLI flags
// they share. Everything is validated before anything runs; a problem is one UsageError line that
// names the file and the field. Secrets stay out of argv: a token comes from `token` or `tokenEnv`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveProfile } from '../suites/model/profiles.ts';
import { SUITES } from '../suites/results.ts';
import type { SuiteName } from '../suites/results.ts';
import { INTEROP_TARGETS, interopTarget } from '../interop/targets.ts';
import type { InteropTarget } from '../interop/targets.ts';
import { UsageError, parseOptions } from './args.ts';

/** How a target is reached: an interop target the matrix starts, a running URL, or a shell command. */
export type TargetSource =
  | { kind: 'interop'; interop: InteropTarget }
  | { kind: 'url'; url: string }
  /** `command` and `url` still hold `{port}`; `cwd` is the config file's directory */
  | { kind: 'start'; command: string; url: string; cwd: string };

export interface PlannedTarget {
  name: string;
  /** unique, file-name safe: the target's report is DIR/targets/<slug>/ */
  slug: string;
  source: TargetSource;
  profile: string;
  suites: SuiteName[];
  /** extra CLI flags: the config's defaults, then the target's own */
  args: string[];
  /** passed to the CLI in BEARER_CONFORMANCE_TOKEN, never on argv */
  token?: string;
  /** an interop target's demo user, passed in BEARER_CONFORMANCE_USERNAME/PASSWORD, never on argv */
  credentials?: { username: string; password: string };
}

export interface MatrixPlan {
  file: string;
  targets: PlannedTarget[];
}

const TOP_KEYS = ['targets', 'profile', 'suites', 'args'];
const TARGET_KEYS = ['name', 'interop', 'url', 'start', 'profile', 'token', 'tokenEnv', 'suites', 'args'];
/** Flags the matrix sets itself, or that would put a secret on argv. */
const RESERVED_FLAGS = ['--target', '--profile', '--report', '--suites', '--no-docs', '--token', '--username', '--password', '--help', '-h'];
const PLACEHOLDER_URL = 'http://127.0.0.1:1';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function slugify(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'target';
}

/** Reads and validates the config; `only` (names) keeps those targets, in the file's order. */
export function loadMatrixConfig(file: string, only: string[] | undefined, env: NodeJS.ProcessEnv = process.env): MatrixPlan {
  const fail = (where: string, message: string): never => {
    throw new UsageError(`${file}: ${where ? `${where}: ` : ''}${message}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    fail('', (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(err as Error).message.split('\n')[0]})`);
  }
  if (!isObject(raw)) return fail('', 'expected a JSON object with "targets"');
  unknownKeys(raw, TOP_KEYS, '', fail);
  const defaultSuites = raw.suites === undefined ? [...SUITES] : suitesOf(raw.suites, 'suites', fail);
  const defaultArgs = raw.args === undefined ? [] : stringsOf(raw.args, 'args', fail);
  if (raw.profile !== undefined && typeof raw.profile !== 'string') fail('profile', 'expected a string');
  const defaultProfile = raw.profile as string | undefined;
  if (!Array.isArray(raw.targets) || raw.targets.length === 0) fail('targets', 'expected a non-empty list');
  const cwd = path.dirname(path.resolve(file));
  const slugs = new Set<string>();
  const names = new Set<string>();
  const targets = (raw.targets as unknown[]).map((entry, i): PlannedTarget => {
    const at = `targets[${i}]`;
    if (!isObject(entry)) return fail(at, 'expected an object');
    unknownKeys(entry, TARGET_KEYS, at, fail);
    if (typeof entry.name !== 'string' || !entry.name.trim()) return fail(at, '"name" must be a non-empty string');
    const name = entry.name;
    const where = `${at} (${name})`;
    if (names.has(name)) fail(where, 'duplicate name');
    names.add(name);
    let slug = slugify(name);
    for (let n = 2; slugs.has(slug); n++) slug = `${slugify(name)}-${n}`;
    slugs.add(slug);

    const source = sourceOf(entry, where, cwd, fail);
    // One yardstick for all (top-level profile) unless a target names its own; else the registry's, else the CLI's default.
    const profile = entry.profile ?? defaultProfile ?? (source.kind === 'interop' ? source.interop.profile : 'documented');
    if (typeof profile !== 'string') return fail(where, '"profile" must be a string');
    try {
      resolveProfile(profile);
    } catch (err) {
      fail(where, `profile: ${(err as Error).message}`);
    }
    const token = tokenOf(entry, source, where, env, fail);
    const suites = entry.suites === undefined ? defaultSuites : suitesOf(entry.suites, `${where}: suites`, fail);
    const args = [...defaultArgs, ...(entry.args === undefined ? [] : stringsOf(entry.args, `${where}: args`, fail))];
    checkArgs(args, suites, where, fail);
    const credentials = !token && source.kind === 'interop' ? source.interop.credentials : undefined;
    return { name, slug, source, profile, suites, args, ...(token ? { token } : {}), ...(credentials ? { credentials } : {}) };
  });
  if (!only) return { file, targets };
  for (const n of only) if (!names.has(n)) throw new UsageError(`--only: no target named ${JSON.stringify(n)} in ${file}`);
  return { file, targets: targets.filter((t) => only.includes(t.name)) };
}

type Fail = (where: string, message: string) => never;

function unknownKeys(o: Json, allowed: string[], where: string, fail: Fail): void {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length) fail(where, `unknown field ${JSON.stringify(extra[0])} (allowed: ${allowed.join(', ')})`);
}

function stringsOf(v: unknown, where: string, fail: Fail): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) return fail(where, 'expected a list of strings');
  return v as string[];
}

function suitesOf(v: unknown, where: string, fail: Fail): SuiteName[] {
  const list = stringsOf(v, where, fail);
  if (!list.length) fail(where, 'expected at least one suite');
  for (const s of list) if (!SUITES.includes(s as SuiteName)) fail(where, `unknown suite ${JSON.stringify(s)} (choose from ${SUITES.join(', ')})`);
  return list as SuiteName[];
}

function sourceOf(entry: Json, where: string, cwd: string, fail: Fail): TargetSource {
  const given = (['interop', 'url', 'start'] as const).filter((k) => entry[k] !== undefined);
  // A start command comes with the URL it will serve; otherwise exactly one way to reach the target.
  const kind = given.includes('start') ? 'start' : given.length === 1 ? given[0]! : undefined;
  if (!kind || (kind === 'start' && given.length !== 2) || (kind === 'start' && entry.interop !== undefined))
    return fail(where, 'give exactly one of "interop", "url", or "start" (with "url")');
  if (kind === 'interop') {
    const interop = typeof entry.interop === 'string' ? interopTarget(entry.interop) : undefined;
    if (!interop) return fail(where, `"interop": unknown target ${JSON.stringify(entry.interop)} (choose from ${INTEROP_TARGETS.map((t) => t.name).join(', ')})`);
    return { kind, interop };
  }
  const url = entry.url;
  if (typeof url !== 'string') return fail(where, '"url" must be a string');
  if (kind === 'url') {
    if (url.includes('{port}')) fail(where, '"url" has {port} but no "start" command');
    return { kind, url: httpUrl(url, where, fail) };
  }
  if (typeof entry.start !== 'string' || !entry.start.trim()) return fail(where, '"start" must be a non-empty shell command');
  if (!url.includes('{port}')) fail(where, '"url" must contain {port}: the matrix picks the port and waits for it');
  httpUrl(url.replaceAll('{port}', '8000'), where, fail);
  return { kind, command: entry.start, url, cwd };
}

function httpUrl(url: string, where: string, fail: Fail): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    fail(where, `"url" is not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed!.protocol !== 'http:' && parsed!.protocol !== 'https:') fail(where, `"url" must be http:// or https://, got ${parsed!.protocol}`);
  return url.replace(/\/+$/, '');
}

function tokenOf(entry: Json, source: TargetSource, where: string, env: NodeJS.ProcessEnv, fail: Fail): string | undefined {
  if (entry.token !== undefined && entry.tokenEnv !== undefined) fail(where, 'give "token" or "tokenEnv", not both');
  if (entry.token !== undefined) {
    if (typeof entry.token !== 'string' || !entry.token) return fail(where, '"token" must be a non-empty string');
    return entry.token;
  }
  if (entry.tokenEnv !== undefined) {
    if (typeof entry.tokenEnv !== 'string' || !entry.tokenEnv) return fail(where, '"tokenEnv" must be the name of an environment variable');
    const value = env[entry.tokenEnv];
    if (!value) fail(where, `"tokenEnv": ${entry.tokenEnv} is not set`);
    return value;
  }
  return source.kind === 'interop' ? source.interop.token : undefined;
}

/** The CLI's own parser judges the flags, so a typo is a config error now rather than a failed column later. */
function checkArgs(args: string[], suites: SuiteName[], where: string, fail: Fail): void {
  const reserved = args.find((a) => RESERVED_FLAGS.includes(a.split('=')[0]!));
  if (reserved) fail(where, `args: ${reserved} is not allowed here (the matrix sets target, profile, report and suites; secrets go in "token"/"tokenEnv")`);
  try {
    parseOptions(['--target', PLACEHOLDER_URL, '--suites', suites.join(','), ...args], {});
  } catch (err) {
    if (err instanceof UsageError) fail(where, `args: ${err.message}`);
    throw err;
  }
}
