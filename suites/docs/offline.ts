// Keeps the browser on this machine: FastAPI's /docs loads Swagger UI from jsDelivr, so those assets
// are answered from the local swagger-ui-dist, and every other request to a host that is neither
// loopback nor the target's is aborted (e.g. FastAPI's favicon on fastapi.tiangolo.com).
// Routes match in reverse order of registration (environment.md §3): the catch-all goes first.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { isLoopbackHost } from '../transport/wire.ts';

const require = createRequire(import.meta.url);
export const SWAGGER_DIST = path.dirname(require.resolve('swagger-ui-dist/package.json'));
export const SWAGGER_DIST_VERSION = (require('swagger-ui-dist/package.json') as { version: string }).version;

/** `https://cdn.jsdelivr.net/npm/swagger-ui-dist@<any version>/<file>`: FastAPI 0.92 asks for @4, current FastAPI for @5. */
const CDN_ASSET = /^https:\/\/cdn\.jsdelivr\.net\/npm\/swagger-ui-dist@[^/]+\//;
const CDN_FILE = /^\/npm\/swagger-ui-dist@[^/]+\/(.+)$/;

/** What the routes did, for evidence: assets served from node_modules, requests refused. */
export interface OfflineLog {
  servedLocally: string[];
  blocked: string[];
}

/** Loopback, or one of the origins the run names (target, docs page, OpenAPI document). */
export function allowedHost(url: URL, origins: ReadonlySet<string>): boolean {
  return isLoopbackHost(url.hostname) || origins.has(url.origin);
}

/** The file of the local swagger-ui-dist that a CDN URL names (any version is served by ours), if it exists. */
function localAsset(url: string): string | undefined {
  const m = CDN_FILE.exec(new URL(url).pathname);
  if (!m) return undefined;
  const file = path.join(SWAGGER_DIST, path.normalize(decodeURIComponent(m[1]!)));
  return file.startsWith(SWAGGER_DIST + path.sep) && existsSync(file) ? file : undefined;
}

export async function installOfflineRoutes(page: Page, origins: ReadonlySet<string>, log: OfflineLog): Promise<void> {
  await page.route((url) => !allowedHost(url, origins), async (route) => {
    log.blocked.push(route.request().url());
    await route.abort('blockedbyclient');
  });
  await page.route(CDN_ASSET, async (route) => {
    const url = route.request().url();
    const file = localAsset(url);
    if (!file) return route.fulfill({ status: 404, body: `not in the local swagger-ui-dist ${SWAGGER_DIST_VERSION}` });
    log.servedLocally.push(url);
    await route.fulfill({ path: file });
  });
}
