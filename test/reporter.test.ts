// The conformance reporter, run on a small fixture suite under Playwright Test: what it writes is
// parsed back (JSON contract, JUnit failure vs error, redaction) and the HTML is opened in a real
// browser, offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chooseBrowser } from '../suites/browser.ts';
import type { ConformanceReport } from '../suites/reporters/report.ts';
import { renderHtml } from '../suites/reporters/html.ts';
import { renderJunit } from '../suites/reporters/junit.ts';
import { renderMarkdown } from '../suites/reporters/markdown.ts';
import { printSummary } from '../bin/summary.ts';
import type { Result } from '../suites/results.ts';
import { readConformanceJson } from './helpers/report-schema.ts';
import { fixtureReport } from './helpers/report-fixture.ts';

const SECRET = 'sEcReT-t0ken-value';

function runFixture(): { dir: string; report: ConformanceReport } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bc-reporter-'));
  const plan = path.join(dir, 'plan.json');
  writeFileSync(plan, JSON.stringify({ target: 'http://127.0.0.1:1', profileName: 'documented', profile: 'documented', strict: false, reportDir: dir }));
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  spawnSync(process.execPath, [cli, 'test', '--config', 'test/fixtures/reporter/playwright.config.ts'], {
    env: { ...process.env, FIXTURE_REPORT_DIR: dir, BEARER_CONFORMANCE_RUN: plan, BEARER_CONFORMANCE_SECRETS: JSON.stringify({ token: SECRET }), FORCE_COLOR: '0' },
    encoding: 'utf8',
  });
  return { dir, report: readConformanceJson(dir) };
}

const { dir, report } = runFixture();

test('conformance.json follows the contract, one result per requirement', () => {
  assert.equal(report.tool.name, 'bearer-conformance');
  assert.equal(report.partial, false);
  const verdicts = Object.fromEntries(report.results.map((r) => [r.id, r.verdict]));
  assert.deepEqual(verdicts, {
    'fixture.pass': 'pass', 'fixture.fail': 'fail', 'fixture.should': 'fail', 'fixture.skip': 'skip', 'fixture.error': 'error', 'fixture.crash': 'error',
  });
  assert.deepEqual({ ...report.summary }, { pass: 1, fail: 2, skip: 1, error: 2, infoMisses: 0, verdict: 'nonconformant' });
  const fail = report.results.find((r) => r.id === 'fixture.fail')!;
  assert.equal(fail.level, 'MUST');
  assert.match(fail.source, /RFC 9110 §11\.6\.1/);
  assert.deepEqual(fail.evidence.expected, ['401 with a Bearer challenge']);
  assert.equal(report.results.find((r) => r.id === 'fixture.should')!.level, 'SHOULD', 'a failure is reported at its own level');
  assert.match(report.results.find((r) => r.id === 'fixture.skip')!.message, /no token endpoint/);
  assert.match(report.results.find((r) => r.id === 'fixture.error')!.message, /could not test: connection refused/);
  assert.match(report.results.find((r) => r.id === 'fixture.crash')!.message, /harness error: boom/);
});

test('secrets are redacted in every file written', () => {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  assert.ok(files.length > 3);
  for (const f of files) {
    const text = readFileSync(path.join(f.parentPath, f.name)).toString('latin1');
    assert.ok(!text.includes(SECRET), `${f.name} contains the secret`);
  }
  assert.match(readFileSync(path.join(dir, 'conformance.json'), 'utf8'), /\[redacted\]/);
});

test('junit.xml keeps failures and errors apart and escapes control bytes', () => {
  const xml = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
  assert.match(xml, /tests="6" failures="2" errors="2" skipped="1"/);
  assert.equal((xml.match(/<failure /g) ?? []).length, 2);
  assert.equal((xml.match(/<error /g) ?? []).length, 2);
  assert.ok(!/[\x00-\x08\x0b\x0c\x0e-\x1f]/.test(xml), 'raw control bytes in XML');
  assert.match(xml, /\\x01/);
});

test('index.html renders the summary and a failing requirement\'s evidence offline', { skip: chooseBrowser() ? false : 'no browser' }, async () => {
  const choice = chooseBrowser()!;
  const browser = await chromium.launch({ executablePath: choice.executablePath, args: choice.args });
  try {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (req) => { if (!req.url().startsWith('file://')) external.push(req.url()); });
    await page.goto('file://' + path.join(dir, 'index.html'));
    assert.equal(await page.locator('#verdict .verdict').innerText(), 'nonconformant');
    assert.match(await page.locator('#summary').innerText(), /fixture\.fail\s+MUST\s+fail/);
    const details = page.locator('details', { hasText: 'fixture.fail' }).first();
    assert.equal(await details.getAttribute('open'), '');
    const text = await details.innerText();
    assert.match(text, /401 with a Bearer challenge/);
    assert.match(text, /Authorization: Bearer \[redacted\]/);
    assert.match(text, /\\x01/);
    const structured = (await page.locator('details', { hasText: 'fixture.pass' }).first().textContent()) ?? '';
    assert.match(structured, /POST http:\/\/127\.0\.0\.1:1\/token/);
    assert.match(structured, /cache-control: no-store/);
    // The filter, from file://: unticking "pass" hides the passing row and its details, nothing else.
    const row = (id: string) => page.locator('#summary tr', { hasText: id });
    assert.match(await page.locator('#filter-count').innerText(), /^6 of 6 requirements shown$/);
    await page.locator('#filters input[name="verdict"][value="pass"]').uncheck();
    assert.equal(await row('fixture.pass').isVisible(), false);
    assert.equal(await page.locator('details', { hasText: 'fixture.pass' }).first().isVisible(), false);
    assert.equal(await row('fixture.fail').isVisible(), true);
    assert.match(await page.locator('#filter-count').innerText(), /^5 of 6 requirements shown$/);
    await page.locator('#filters input[name="level"][value="SHOULD"]').uncheck();
    assert.equal(await row('fixture.should').isVisible(), false);
    assert.deepEqual(external, []);
  } finally {
    await browser.close();
  }
});

/** A report with non-ASCII text (§, —) in titles, quotes and messages, an INFO miss, and a raw obs-text byte in evidence. */
function textReport(): ConformanceReport {
  const base = { suite: 'headers' as const, source: 'RFC 6750 §2.1: "b64token — the token"', message: '', evidence: {} };
  const results: Result[] = [
    { ...base, id: 'x.pass', level: 'MUST', title: 'Sends Bearer — expects 200', verdict: 'pass' },
    { ...base, id: 'x.must', level: 'MUST', title: 'Sends nothing; expects 401', verdict: 'fail', message: 'expected 401 (RFC 6750 §3); got 200' },
    { ...base, id: 'x.info', level: 'INFO', title: 'Sends two lines; observes', verdict: 'fail', message: 'got 400 — recorded', evidence: { header: 'Bearer a\u00a7b' } },
  ];
  return fixtureReport(results);
}

test('index.html, JUnit and the Markdown summary show § and — as themselves; raw bytes in evidence stay escaped', () => {
  const r = textReport();
  const html = renderHtml(r);
  assert.match(html, /RFC 6750 §2\.1: &quot;b64token — the token&quot;/);
  assert.match(html, /Sends Bearer — expects 200/);
  assert.match(html, /expected 401 \(RFC 6750 §3\)/);
  assert.doesNotMatch(html, /\\xa7 ?2|\\x2014/);
  // The evidence's latin-1 byte 0xA7 is a byte of the wire, not a section sign.
  assert.match(html, /Bearer a\\xa7b/);
  assert.match(renderJunit(r), /RFC 6750 §2\.1/);
  assert.match(renderMarkdown(r), /RFC 6750 §3/);
});

test('every summary counts INFO misses apart from failures, as the matrix does; conformance.json keeps fail and adds infoMisses', () => {
  const r = textReport();
  assert.deepEqual({ ...r.summary }, { pass: 1, fail: 2, skip: 0, error: 0, infoMisses: 1, verdict: 'nonconformant' });
  const html = renderHtml(r);
  assert.match(html, /<table id="summary-counts"><tr><th>pass<\/th><th>fail<\/th><th[^>]*>info<\/th><th>skip<\/th><th>error<\/th><\/tr><tr><td>1<\/td><td>1<\/td><td>1<\/td><td>0<\/td><td>0<\/td>/);
  assert.match(html, /<a href="#r2-x\.info">x\.info<\/a><\/td><td>INFO<\/td><td><span class="verdict info">info<\/span>/);
  assert.match(renderMarkdown(r), /1 pass, 1 fail, 1 info, 0 skip, 0 error/);
  let printed = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => { printed += chunk; return true; }) as typeof process.stdout.write;
  try {
    printSummary(r, os.tmpdir(), undefined);
  } finally {
    process.stdout.write = write;
  }
  assert.match(printed, /verdict: nonconformant — pass 1, fail 1, info 1, skip 0, error 0/);
});
