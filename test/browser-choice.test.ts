// The docs suite's browser when the package is installed as a dependency (suites/browser.ts):
// CHROMIUM_PATH, else Playwright's own Chromium, else a system one at a usual path or on PATH, else
// the one-line notice. The file system and Playwright are injected probes: nothing is installed or
// removed to test the order.
import assert from 'node:assert/strict';
import test from 'node:test';
import { NO_BROWSER_MESSAGE, SYSTEM_CHROMIUM_ARGS, chooseBrowser, missingBrowserNotice } from '../suites/browser.ts';
import type { BrowserProbes } from '../suites/browser.ts';

const BUNDLED = '/root/.cache/ms-playwright/chromium-1200/chrome-linux/chrome';

/** A machine where exactly `installed` are executable, and Playwright would put its Chromium at BUNDLED. */
function machine(installed: string[], bundledPath: string | undefined = BUNDLED): BrowserProbes {
  return { bundledPath: () => bundledPath, isExecutable: (file) => installed.includes(file) };
}

test('Playwright\'s own Chromium wins over a system one, and gets no system flags', () => {
  const choice = chooseBrowser({ PATH: '/usr/bin' }, machine([BUNDLED, '/usr/bin/chromium']));
  assert.deepEqual(choice, { executablePath: BUNDLED, args: [], description: `Playwright's Chromium (${BUNDLED})` });
});

test('without Playwright\'s Chromium, a system Chromium at a usual path is chosen with the headless flags', () => {
  for (const file of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium']) {
    const choice = chooseBrowser({ PATH: '' }, machine([file]));
    assert.equal(choice?.executablePath, file);
    assert.deepEqual(choice?.args, SYSTEM_CHROMIUM_ARGS);
  }
});

test('a Chromium only on PATH (e.g. /opt/chromium/bin) is found', () => {
  const choice = chooseBrowser({ PATH: '/usr/local/bin:/opt/chromium/bin' }, machine(['/opt/chromium/bin/chromium-browser']));
  assert.equal(choice?.executablePath, '/opt/chromium/bin/chromium-browser');
});

test('relative PATH entries are not searched (the run\'s working directory is not a place to find a browser)', () => {
  assert.equal(chooseBrowser({ PATH: 'bin:.' }, machine(['bin/chromium', 'chromium'])), undefined);
});

test('Playwright unable to name its browser falls through to the system one', () => {
  const choice = chooseBrowser({ PATH: '' }, machine(['/usr/bin/chromium'], undefined));
  assert.equal(choice?.executablePath, '/usr/bin/chromium');
});

test('CHROMIUM_PATH overrides everything, and a wrong one is not worked around', () => {
  const probes = machine([BUNDLED, '/usr/bin/chromium', '/custom/chrome']);
  assert.equal(chooseBrowser({ CHROMIUM_PATH: '/custom/chrome' }, probes)?.executablePath, '/custom/chrome');
  assert.equal(chooseBrowser({ CHROMIUM_PATH: '/missing/chrome' }, probes), undefined);
});

test('no browser at all: one line saying how to get one and that --no-docs skips the docs suite', () => {
  const probes = machine([]);
  assert.equal(chooseBrowser({ PATH: '/usr/bin:/bin' }, probes), undefined);
  const notice = missingBrowserNotice({ PATH: '/usr/bin:/bin' }, probes);
  assert.equal(notice, NO_BROWSER_MESSAGE);
  assert.doesNotMatch(NO_BROWSER_MESSAGE, /\n/);
  assert.match(NO_BROWSER_MESSAGE, /npx playwright install chromium/);
  assert.match(NO_BROWSER_MESSAGE, /--no-docs skips the docs suite/);
  assert.equal(missingBrowserNotice({ PATH: '' }, machine(['/usr/bin/chromium'])), undefined);
});
