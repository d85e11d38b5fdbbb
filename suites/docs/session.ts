// One Chromium and one page per worker, shared by the docs checks. A check that interacts with
// Swagger UI gets a fresh navigation, so its state (authorization, expanded operations, an open
// dialog) never carries over; reusing the page keeps V8's compiled Swagger UI bundle warm (a fresh
// page costs ~2 s of script compilation here, a new navigation of the same page ~0.5 s).
// The suite launches the browser itself rather than through Playwright's `page` fixture, so that a
// missing browser is a clear `error` verdict rather than a launch crash.
import { chromium } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { chooseBrowser, NO_BROWSER_MESSAGE } from '../browser.ts';
import { CouldNotTest } from '../checks/failures.ts';
import type { RunConfig } from '../config.ts';
import { allowedHost, installOfflineRoutes } from './offline.ts';
import type { OfflineLog } from './offline.ts';
import type { RenderedDocs } from './page.ts';
import { firstLine } from '../text.ts';

export interface DocsSession {
  page: Page;
  offline: OfflineLog;
  /** the browser that runs the checks, for evidence */
  browser: string;
  /** may the browser reach this URL (false for hosts the offline routes abort) */
  allowed: (url: URL) => boolean;
  /** set while the page shows a freshly rendered docs page that no check has touched */
  pristine?: RenderedDocs;
}

const VIEWPORT = { width: 1280, height: 900 };

let browser: Promise<{ browser: Browser; description: string }> | undefined;
let session: Promise<DocsSession> | undefined;

async function launch(): Promise<{ browser: Browser; description: string }> {
  const choice = chooseBrowser();
  if (!choice) throw new CouldNotTest(NO_BROWSER_MESSAGE);
  try {
    const b = await chromium.launch({ executablePath: choice.executablePath, args: choice.args, headless: true });
    return { browser: b, description: choice.description };
  } catch (err) {
    throw new CouldNotTest(`${choice.description} did not start: ${firstLine(err)}`);
  }
}

/** The origins a run may talk to besides loopback. */
function runOrigins(config: RunConfig): Set<string> {
  const origins = new Set<string>();
  for (const url of [config.target, config.docs, config.openapi]) {
    try {
      origins.add(new URL(url).origin);
    } catch {
      // a file path for the OpenAPI document has no origin
    }
  }
  return origins;
}

async function open(config: RunConfig): Promise<DocsSession> {
  browser ??= launch();
  const { browser: b, description } = await browser;
  const context = await b.newContext({ ignoreHTTPSErrors: config.insecure, viewport: VIEWPORT, serviceWorkers: 'block' });
  const page = await context.newPage();
  // Swagger UI's persistAuthorization keeps tokens in localStorage; every check starts logged out.
  await page.addInitScript(() => {
    try {
      window.localStorage.removeItem('authorized');
    } catch {
      // storage can be unavailable (opaque origins)
    }
  });
  const offline: OfflineLog = { servedLocally: [], blocked: [], swaggerUi: [] };
  const origins = runOrigins(config);
  if (!config.allowCdn) await installOfflineRoutes(page, origins, offline);
  return { page, offline, browser: description, allowed: (url) => config.allowCdn || allowedHost(url, origins) };
}

/** The shared session, (re)opened when needed; its logs are cleared for the calling check. */
export async function docsSession(config: RunConfig): Promise<DocsSession> {
  if (session) {
    const current = await session.catch(() => undefined);
    if (current?.page.isClosed()) session = undefined;
  }
  session ??= open(config);
  const s = await session;
  s.offline.servedLocally.length = 0;
  s.offline.blocked.length = 0;
  s.offline.swaggerUi.length = 0;
  return s;
}

export async function closeDocsSession(): Promise<void> {
  const b = await browser?.catch(() => undefined);
  session = undefined;
  browser = undefined;
  await b?.browser.close();
}
