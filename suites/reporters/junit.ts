// JUnit XML where "the target failed" is <failure> and "could not test" is <error> (h2spec mixes
// them up; we don't). Control bytes are escaped first: XML 1.0 cannot carry them at all.
import { escapeBytes, escapeControls } from '../evidence.ts';
import type { ConformanceReport } from './report.ts';
import type { Result } from '../results.ts';

function specials(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text (titles, quotes, messages): control characters escaped, `§` kept (the file is UTF-8). */
function xml(s: string): string {
  return specials(escapeControls(s));
}

/** Evidence: every byte outside printable ASCII as \xNN, as in index.html. */
function xmlEvidence(s: string): string {
  return specials(escapeBytes(s, { keepBackslash: true }));
}

function testcase(r: Result): string {
  const props = `<properties><property name="id" value="${xml(r.id)}"/><property name="level" value="${r.level}"/><property name="source" value="${xml(r.source)}"/></properties>`;
  const detail = xmlEvidence(JSON.stringify(r.evidence, null, 2).slice(0, 20_000));
  let outcome = '';
  if (r.verdict === 'fail') outcome = `<failure message="${xml(r.message)}" type="${r.level}">${detail}</failure>`;
  else if (r.verdict === 'error') outcome = `<error message="${xml(r.message)}" type="could-not-test">${detail}</error>`;
  else if (r.verdict === 'skip') outcome = `<skipped message="${xml(r.message)}"/>`;
  return `    <testcase classname="bearer-conformance.${r.suite}" name="${xml(`[${r.level}] ${r.title}`)}">${props}${outcome}</testcase>`;
}

export function renderJunit(report: ConformanceReport): string {
  const suites = [...new Set(report.results.map((r) => r.suite))];
  const body = suites.map((suite) => {
    const rs = report.results.filter((r) => r.suite === suite);
    const n = (v: Result['verdict']) => rs.filter((r) => r.verdict === v).length;
    return `  <testsuite name="${suite}" tests="${rs.length}" failures="${n('fail')}" errors="${n('error')}" skipped="${n('skip')}">\n${rs.map(testcase).join('\n')}\n  </testsuite>`;
  });
  const all = report.results;
  const n = (v: Result['verdict']) => all.filter((r) => r.verdict === v).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bearer-conformance ${xml(report.profile)} ${xml(report.target)}" tests="${all.length}" failures="${n('fail')}" errors="${n('error')}" skipped="${n('skip')}" time="${(report.durationMs / 1000).toFixed(3)}">\n${body.join('\n')}\n</testsuites>\n`;
}
