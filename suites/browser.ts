// Which Chromium the docs suite drives, chosen automatically and always as an explicit executable
// path (Playwright's `channel` does not find a system Chromium; on this machine Playwright cannot
// download its own, environment.md §2):
//   1. CHROMIUM_PATH, when set (and nothing else: a wrong override is reported, not worked around);
//   2. Playwright's own Chromium, when `npx playwright install chromium` has installed it;
//   3. a system Chromium or Chrome: the usual install paths, then the usual command names on PATH;
//   4. none: the run goes on without the docs suite's browser (NO_BROWSER_MESSAGE, once on stderr
//      and as each docs check's could-not-test reason).
// The file system and Playwright are reached through BrowserProbes, so the order is testable.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';

export const SYSTEM_CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Looked up on PATH after the fixed paths (e.g. a Chromium under /usr/local/bin or ~/bin). */
export const SYSTEM_CHROMIUM_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

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

/** One line: how to get a browser, and how to run without one. */
export const NO_BROWSER_MESSAGE =
  'no Chromium found: install Playwright\'s (npx playwright install chromium) or the system\'s (apt-get install chromium), or set CHROMIUM_PATH; --no-docs skips the docs suite';

export interface BrowserProbes {
  /** Playwright's own Chromium's path, whether or not it is installed; undefined when Playwright cannot say */
  bundledPath(): string | undefined;
  isExecutable(file: string): boolean;
}

export const REAL_PROBES: BrowserProbes = { bundledPath: safeBundledPath, isExecutable };

/** The browser to launch, or undefined when none is installed. */
export function chooseBrowser(env: NodeJS.ProcessEnv = process.env, probes: BrowserProbes = REAL_PROBES): BrowserChoice | undefined {
  if (env.CHROMIUM_PATH) return probes.isExecutable(env.CHROMIUM_PATH) ? system(env.CHROMIUM_PATH) : undefined;
  const bundled = probes.bundledPath();
  if (bundled && probes.isExecutable(bundled)) return { executablePath: bundled, args: [], description: `Playwright's Chromium (${bundled})` };
  const found = [...SYSTEM_CHROMIUM_CANDIDATES, ...onPath(env.PATH)].find((file) => probes.isExecutable(file));
  return found ? system(found) : undefined;
}

/** The line to print before a run that includes the docs suite, or undefined when a browser is there. */
export function missingBrowserNotice(env: NodeJS.ProcessEnv = process.env, probes: BrowserProbes = REAL_PROBES): string | undefined {
  return chooseBrowser(env, probes) ? undefined : NO_BROWSER_MESSAGE;
}

function onPath(searchPath: string | undefined): string[] {
  const dirs = (searchPath ?? '').split(path.delimiter).filter((dir) => path.isAbsolute(dir));
  return dirs.flatMap((dir) => SYSTEM_CHROMIUM_COMMANDS.map((command) => path.join(dir, command)));
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
