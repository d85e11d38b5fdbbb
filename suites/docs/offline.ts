// Keeps the browser on this machine: FastAPI's /docs loads Swagger UI from jsDelivr, so those assets
// are answered from a local swagger-ui-dist of the major version the page asks for, and every other
// request to a host that is neither loopback nor the target's is aborted (e.g. FastAPI's favicon on
// fastapi.tiangolo.com). A version that is not installed is refused, and said so, never replaced by
// another major: the Authorize flow checked must be the one the target's users run.
// Routes match in reverse order of registration (environment.md §3): the catch-all goes first.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { isLoopbackHost } from '../transport/wire.ts';

const require = createRequire(import.meta.url);

/** The copies of swagger-ui-dist installed beside this package: the dependency (5.x) and its npm alias for 4.x (package.json). */
export const SWAGGER_DIST_PACKAGES = ['swagger-ui-dist', 'swagger-ui-dist-v4'] as const;

export interface LocalDist {
  dir: string;
  version: string;
}

function installed(name: string): LocalDist | undefined {
  try {
    const manifest = require.resolve(`${name}/package.json`);
    return { dir: path.dirname(manifest), version: (require(manifest) as { version: string }).version };
  } catch {
    return undefined;
  }
}

export const LOCAL_DISTS: readonly LocalDist[] = SWAGGER_DIST_PACKAGES.map(installed).filter((d): d is LocalDist => d !== undefined);

/**
 * A Swagger UI asset on a public CDN: the version the URL asks for ('' when it names none) and the
 * file. jsDelivr `/npm/swagger-ui-dist@4/…` (FastAPI < 0.99 asks for @4, later for @5), unpkg
 * `/swagger-ui-dist@5.9.0/…`, cdnjs `/ajax/libs/swagger-ui/5.9.0/…`.
 */
export function parseCdnAsset(url: string): { requested: string; file: string } | undefined {
  const u = new URL(url);
  const npm = u.hostname === 'cdn.jsdelivr.net' ? /^\/npm\/swagger-ui-dist(?:@([^/]*))?\/(.+)$/.exec(u.pathname)
    : u.hostname === 'unpkg.com' ? /^\/swagger-ui-dist(?:@([^/]*))?\/(.+)$/.exec(u.pathname)
      : u.hostname === 'cdnjs.cloudflare.com' ? /^\/ajax\/libs\/swagger-ui\/([^/]+)\/(.+)$/.exec(u.pathname) : null;
  return npm ? { requested: decodeURIComponent(npm[1] ?? ''), file: npm[2]! } : undefined;
}

/**
 * The local copy for a requested version: the exact version when it is installed; else the installed
 * one of the same major (`4`, `4.18`, `^4.1.0`, `4.x`); no version or `latest` takes the newest.
 * Undefined when the major is not installed.
 */
export function chooseDist(requested: string, dists: readonly LocalDist[] = LOCAL_DISTS): LocalDist | undefined {
  const exact = dists.find((d) => d.version === requested);
  if (exact) return exact;
  if (requested === '' || requested === 'latest') return [...dists].sort((a, b) => major(b.version) - major(a.version))[0];
  const wanted = /^[\^~=v]?(\d+)(?:\.|$|x)/.exec(requested)?.[1];
  return wanted === undefined ? undefined : dists.find((d) => major(d.version) === Number(wanted));
}

function major(version: string): number {
  return Number(version.split('.')[0]);
}

/** What a page asked for and what it got: `served` is a local version, or undefined when none could be. */
export interface SwaggerUiServed {
  requested: string;
  served?: string;
}

/** What the routes did, for evidence: assets served from node_modules, versions, requests refused. */
export interface OfflineLog {
  servedLocally: string[];
  blocked: string[];
  swaggerUi: SwaggerUiServed[];
}

/** Loopback, or one of the origins the run names (target, docs page, OpenAPI document). */
export function allowedHost(url: URL, origins: ReadonlySet<string>): boolean {
  return isLoopbackHost(url.hostname) || origins.has(url.origin);
}

/** The versions a page asked for that no local copy could answer. */
export function unservable(log: OfflineLog): string[] {
  return [...new Set(log.swaggerUi.filter((s) => s.served === undefined).map((s) => s.requested || '(no version)'))];
}

export function installedVersions(): string {
  return LOCAL_DISTS.map((d) => d.version).join(', ') || 'none';
}

/** The file of a local copy that a CDN path names, if it exists (never outside the copy). */
function localFile(dist: LocalDist, file: string): string | undefined {
  const full = path.join(dist.dir, path.normalize(decodeURIComponent(file)));
  return full.startsWith(dist.dir + path.sep) && existsSync(full) ? full : undefined;
}

export async function installOfflineRoutes(page: Page, origins: ReadonlySet<string>, log: OfflineLog): Promise<void> {
  await page.route((url) => !allowedHost(url, origins), async (route) => {
    log.blocked.push(route.request().url());
    await route.abort('blockedbyclient');
  });
  await page.route((url) => parseCdnAsset(url.href) !== undefined, async (route) => {
    const url = route.request().url();
    const asset = parseCdnAsset(url)!;
    const dist = chooseDist(asset.requested);
    log.swaggerUi.push({ requested: asset.requested, ...(dist ? { served: dist.version } : {}) });
    if (!dist) return route.fulfill({ status: 404, body: `cannot serve swagger-ui-dist@${asset.requested} offline (installed: ${installedVersions()})` });
    const file = localFile(dist, asset.file);
    if (!file) return route.fulfill({ status: 404, body: `not in the local swagger-ui-dist ${dist.version}` });
    log.servedLocally.push(url);
    await route.fulfill({ path: file });
  });
}
