// A short Markdown summary of a run, for CI pages: GitHub Actions shows what a step appends to the
// file named by $GITHUB_STEP_SUMMARY. Verdict and counts first, then only what needs attention
// (failures, errors, the baseline's judgement); the HTML report has the rest.
import { escapeControls } from '../evidence.ts';
import { counts, shardNote } from './report.ts';
import type { ConformanceReport } from './report.ts';
import type { Result } from '../results.ts';

const ICON = { conformant: '✅', nonconformant: '❌', untestable: '⚠️' } as const;
/** GitHub caps a step summary at 1 MiB; a long list of failures is cut well before that. */
const MAX_ROWS = 50;

/** Table cells: no line breaks, no pipes, no HTML, control characters escaped (`§` stays `§`). */
function cell(s: string): string {
  return escapeControls(s).replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').slice(0, 300);
}

function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

export function renderMarkdown(report: ConformanceReport, links: { html?: string } = {}): string {
  const s = report.summary;
  const n = counts(report.results);
  const out = [
    `### ${ICON[s.verdict]} bearer-conformance: ${s.verdict}${report.partial ? ' (partial run)' : ''}`,
    '',
    `Target ${code(report.target)} · profile ${code(report.profile)}${report.strict ? ' · strict' : ''}${shardNote(report) ? ' · ' + shardNote(report) : ''} · ${n.pass} pass, ${n.fail} fail, ${n.info} info, ${n.skip} skip, ${n.error} error · ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  if (report.partial && report.interruption) out.push('', `Partial: ${cell(report.interruption)}`);
  const known = new Set(report.baseline?.known.map((k) => k.id) ?? []);
  const attention = report.results.filter((r) => r.verdict === 'fail' || r.verdict === 'error');
  if (attention.length) {
    out.push('', '| requirement | level | verdict | message |', '|---|---|---|---|');
    const row = (r: Result) => `| ${code(r.id)} | ${r.level} | ${r.verdict}${known.has(r.id) ? ' (known)' : ''} | ${cell(r.message)} |`;
    out.push(...attention.slice(0, MAX_ROWS).map(row));
    if (attention.length > MAX_ROWS) out.push('', `…and ${attention.length - MAX_ROWS} more in the HTML report.`);
  }
  const b = report.baseline;
  if (b && !b.updated) {
    out.push('', `Baseline ${code(b.file)}: **${b.newFailures.length} new failure(s)**${b.newFailures.length ? ' (' + b.newFailures.map(code).join(', ') + ')' : ''}, ${b.known.length} known, ${b.fixed.length} fixed${b.fixed.length ? ' (' + b.fixed.map((f) => code(f.id)).join(', ') + ')' : ''}, ${b.stale.length} stale${b.stale.length ? ' (' + b.stale.map((f) => code(f.id)).join(', ') + ')' : ''}.`);
  } else if (b?.updated) out.push('', `Baseline ${code(b.file)} rewritten from this run.`);
  if (links.html) out.push('', `Full report: ${code(links.html)} (upload the report directory as an artifact).`);
  return out.join('\n') + '\n';
}
