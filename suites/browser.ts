// Which Chromium the docs suite drives: Playwright's own when it is installed (users elsewhere),
// else the system's (Debian's /usr/bin/chromium here), chosen automatically. Playwright cannot
// download its own browser on this machine (environment.md §2), and `channel` does not find the
// system one, so the choice is always an explicit executable path.
import { accessSync, constants } from 'node:fs';
import { chromium } from '@playwright/test';

export const SYSTEM_CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Flags for a root, offline, headless machine (environment.md §2). */
export const SYSTEM_CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface BrowserChoice {
  executablePath: string;
  args: string[];
  description: string;
}

export const NO_BROWSER_MESSAGE =
  'no Chromium found: install Playwright\'s (npx playwright install chromium) or the system\'s (apt-get install chromium), or set CHROMIUM_PATH';

/** The browser to launch, or undefined when none is installed. CHROMIUM_PATH overrides the search. */
export function chooseBrowser(env: NodeJS.ProcessEnv = process.env): BrowserChoice | undefined {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? system(env.CHROMIUM_PATH) : undefined;
  const bundled = safeBundledPath();
  if (bundled && isExecutable(bundled)) return { executablePath: bundled, args: [], description: `Playwright's Chromium (${bundled})` };
  const found = SYSTEM_CHROMIUM_CANDIDATES.find(isExecutable);
  return found ? system(found) : undefined;
}

function system(executablePath: string): BrowserChoice {
  return { executablePath, args: SYSTEM_CHROMIUM_ARGS, description: `system Chromium (${executablePath})` };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function safeBundledPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}
