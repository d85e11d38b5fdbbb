// index.html: one self-contained file (inline CSS, an inline filter script, no external requests)
// that works offline as a CI artifact. Summary first, then each requirement, failures first
// (html-filter.ts), with its quote, expected vs observed, the raw exchange with odd bytes escaped,
// and a replay command.
import { escapeBytes, escapeControls } from '../evidence.ts';
import { counts, shardNote, shownVerdict } from './report.ts';
import type { BaselineNote, ConformanceReport } from './report.ts';
import type { Result } from '../results.ts';
import { failuresFirst, filterAttributes, renderFilterScript, renderFilters } from './html-filter.ts';

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.verdict{font-weight:600;border-radius:3px;padding:0 .4rem}
.pass{background:#d8f5d8}.fail{background:#ffd6d6}.info{background:#dbe8ff}.skip{background:#eee}.error{background:#ffe9b3}
.conformant{background:#d8f5d8}.nonconformant{background:#ffd6d6}.untestable{background:#ffe9b3}
pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
blockquote{border-left:3px solid #ccc;margin:.4rem 0;padding-left:.8rem;color:#444}
details{border:1px solid #ddd;border-radius:4px;margin:.5rem 0;padding:.4rem .8rem}summary{cursor:pointer}
.meta{color:#555}img{max-width:100%;border:1px solid #ccc}
.filters fieldset{display:inline-block;border:1px solid #ddd;border-radius:4px;margin:0 .5rem .5rem 0;padding:.2rem .6rem}.filters label{margin-right:.4rem;white-space:nowrap}
`;

function specials(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text (ids, titles, quotes, messages): control characters and HTML specials escaped; `§`, `—`, `é` stay themselves (the page is UTF-8). */
export function escapeHtml(s: string): string {
  return specials(escapeControls(s));
}

/**
 * Evidence: its producers escape the bytes they capture, but a value can still carry a header as
 * latin-1 text; every byte outside printable ASCII shows as \xNN here, so no byte passes for a letter.
 */
function escapeEvidence(s: string): string {
  return specials(escapeBytes(s, { keepBackslash: true }));
}

/** Multi-line evidence: keep line breaks readable, escape everything else. */
function block(s: string): string {
  return `<pre>${s.split('\n').map(escapeEvidence).join('\n')}</pre>`;
}

function verdictBadge(v: string): string {
  return `<span class="verdict ${v}">${v}</span>`;
}

export function anchor(r: Result, i: number): string {
  return `r${i}-${r.id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

/** Suites describe exchanges in two shapes: raw (escaped request bytes) or structured (method, url, headers, body). */
interface ExchangeLike {
  request?: unknown;
  replay?: unknown;
  response?: { status?: unknown; headers?: Record<string, unknown>; body?: unknown };
}

function exchanges(evidence: Record<string, unknown>): ExchangeLike[] {
  const out: ExchangeLike[] = [];
  for (const [key, value] of Object.entries(evidence)) {
    if (key === 'exchange' && value && typeof value === 'object') out.push(value as ExchangeLike);
    if (key === 'exchanges' && Array.isArray(value)) out.push(...(value.filter((v) => v && typeof v === 'object') as ExchangeLike[]));
  }
  return out;
}

function asText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2) ?? '';
}

function headerLines(headers: Record<string, unknown> | undefined): string[] {
  return Object.entries(headers ?? {}).flatMap(([k, vs]) => (Array.isArray(vs) ? vs : [vs]).map((v) => `${k}: ${asText(v)}`));
}

function renderRequest(request: unknown): string {
  if (typeof request === 'string') return `<pre>${escapeEvidence(request).replace(/\\r\\n/g, '\\r\\n\n')}</pre>`;
  const r = (request ?? {}) as { method?: unknown; url?: unknown; headers?: Record<string, unknown>; body?: unknown };
  return block([`${asText(r.method ?? '')} ${asText(r.url ?? '')}`, ...headerLines(r.headers), '', r.body === undefined ? '' : asText(r.body)].join('\n'));
}

function renderExchange(ex: ExchangeLike): string {
  const parts: string[] = [];
  // A raw request is already byte-escaped (\r\n shown literally); break lines after each \r\n for reading.
  if (ex.request !== undefined) parts.push(`<div>Request as sent</div>${renderRequest(ex.request)}`);
  if (ex.response) {
    const body = ex.response.body === undefined ? '' : asText(ex.response.body);
    parts.push(`<div>Response</div>${block([`status ${asText(ex.response.status ?? '?')}`, ...headerLines(ex.response.headers), '', body].join('\n'))}`);
  }
  if (ex.replay !== undefined) parts.push(`<div>Replay</div>${block(asText(ex.replay))}`);
  return parts.join('');
}

function renderResult(r: Result, i: number): string {
  const ev = r.evidence ?? {};
  const { exchange: _e, exchanges: _x, expected, actual, screenshots, ...rest } = ev as Record<string, unknown>;
  const parts = [
    `<summary>${verdictBadge(shownVerdict(r))} <strong>${escapeHtml(r.id)}</strong> [${r.level}] ${escapeHtml(r.title)}</summary>`,
    `<blockquote>${escapeHtml(r.source)}</blockquote>`,
  ];
  if (r.message) parts.push(`<p><strong>${r.verdict === 'error' ? 'Could not test' : 'Message'}:</strong> ${escapeHtml(r.message)}</p>`);
  if (Array.isArray(expected)) parts.push(`<p><strong>Expected:</strong></p>${block((expected as string[]).join('\nor '))}`);
  if (actual !== undefined) parts.push(`<p><strong>Observed:</strong></p>${block(String(actual))}`);
  for (const ex of exchanges(ev)) parts.push(renderExchange(ex));
  if (Array.isArray(screenshots)) for (const s of screenshots as string[]) parts.push(`<img alt="screenshot" src="${escapeHtml(s)}">`);
  if (Object.keys(rest).length) parts.push(`<div>Evidence</div>${block(JSON.stringify(rest, null, 2))}`);
  return `<details id="${anchor(r, i)}" ${filterAttributes(r)}${r.verdict === 'fail' || r.verdict === 'error' ? ' open' : ''}>${parts.join('\n')}</details>`;
}

interface ProbeFinding { feature?: unknown; sends?: unknown; verdict?: unknown; status?: unknown; detail?: unknown }

/** Probe findings (what the target's HTTP layer rejects) go at the top: they explain many verdicts. */
function renderProbes(results: Result[]): string {
  const probes = results
    .map((r) => (r.evidence?.probes ?? (r.evidence?.fuzz as { probes?: unknown } | undefined)?.probes) as { summary?: unknown; findings?: ProbeFinding[] } | undefined)
    .find((p) => p !== undefined);
  if (!probes) return '';
  const rows = (Array.isArray(probes.findings) ? probes.findings : []).map((f) =>
    `<tr><td>${escapeHtml(String(f.feature ?? ''))}</td><td>${escapeHtml(String(f.sends ?? ''))}</td><td>${escapeHtml(String(f.verdict ?? ''))}</td><td>${escapeHtml(String(f.status ?? ''))}</td></tr>`);
  return `<h2>What the target's HTTP layer rejects (probed before fuzzing)</h2>
<p id="probe-summary">${escapeHtml(String(probes.summary ?? ''))}. Such rejections are "rejected by the HTTP layer", not conformance failures.</p>
<table id="probes"><tr><th>feature</th><th>sent</th><th>verdict</th><th>status</th></tr>${rows.join('')}</table>`;
}

function noteList(title: string, notes: BaselineNote[], id: string): string {
  if (!notes.length) return '';
  const items = notes.map((n) => `<li><code>${escapeHtml(n.id)}</code>${n.reason ? ' — ' + escapeHtml(n.reason) : ''}</li>`);
  return `<h3>${title} (${notes.length})</h3><ul id="${id}">${items.join('')}</ul>`;
}

/** How the run compares with the --baseline file: what fails the run, what is accepted and why, what to clean up. */
function renderBaseline(report: ConformanceReport): string {
  const b = report.baseline;
  if (!b) return '';
  if (b.updated) return `<h2>Baseline</h2><p id="baseline-summary">Rewritten from this run: <code>${escapeHtml(b.file)}</code>.</p>`;
  const profile = b.profile && b.profile !== report.profile ? ` (recorded under profile <code>${escapeHtml(b.profile)}</code>)` : '';
  return `<h2>Baseline</h2>
<p id="baseline-summary">Against <code>${escapeHtml(b.file)}</code>${profile}: <strong>${b.newFailures.length} new failure(s)</strong>, ${b.known.length} known, ${b.fixed.length} fixed, ${b.stale.length} stale. Only new failures fail the run.</p>
${noteList('New failures', b.newFailures.map((id) => ({ id, reason: '' })), 'baseline-new')}
${noteList('Known (accepted in the baseline)', b.known, 'baseline-known')}
${noteList('Fixed (recorded as failing, now passing: remove from the baseline)', b.fixed, 'baseline-fixed')}
${noteList('Stale (recorded, but this run no longer has the requirement)', b.stale, 'baseline-stale')}`;
}

/** The counts as the matrix shows them: INFO observations that did not match are `info`, apart from the failures that can gate. */
function renderCounts(report: ConformanceReport): string {
  const n = counts(report.results);
  return `<table id="summary-counts"><tr><th>pass</th><th>fail</th><th title="INFO observations that did not match: recorded, never gate">info</th><th>skip</th><th>error</th></tr>`
    + `<tr><td>${n.pass}</td><td>${n.fail}</td><td>${n.info}</td><td>${n.skip}</td><td>${n.error}</td></tr></table>`;
}

export function renderHtml(report: ConformanceReport): string {
  const s = report.summary;
  const known = new Set(report.baseline?.updated ? [] : report.baseline?.known.map((k) => k.id));
  const ordered = failuresFirst(report.results);
  const rows = ordered.map(({ r, i }) =>
    `<tr ${filterAttributes(r)}><td><a href="#${anchor(r, i)}">${escapeHtml(r.id)}</a></td><td>${r.level}</td><td>${verdictBadge(shownVerdict(r))}${known.has(r.id) ? ' known' : ''}</td><td>${escapeHtml(r.title)}</td></tr>`);
  const note = shardNote(report);
  const parts = note ? ` · ${escapeHtml(note)}` : '';
  const playwright = report.files?.playwrightHtml ? ` · <a href="${escapeHtml(report.files.playwrightHtml)}">Playwright report</a>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>bearer-conformance: ${escapeHtml(s.verdict)} — ${escapeHtml(report.target)}</title><style>${CSS}</style></head>
<body>
<h1>bearer-conformance report</h1>
<p id="verdict"><span class="verdict ${s.verdict}">${s.verdict}</span>${report.partial ? ' <strong>(partial run' + (report.interruption ? ': ' + escapeHtml(report.interruption) : '') + ')</strong>' : ''}</p>
<p class="meta">Target <code>${escapeHtml(report.target)}</code> · profile <code>${escapeHtml(report.profile)}</code>${report.strict ? ' · strict' : ''} · started ${escapeHtml(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s · ${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}${parts}${playwright}</p>
${renderCounts(report)}
${renderBaseline(report)}
${renderProbes(report.results)}
<h2>Requirements</h2>
${renderFilters(report.results)}
<table id="summary"><tr><th>requirement</th><th>level</th><th>verdict</th><th>title</th></tr>
${rows.join('\n')}
</table>
<h2>Details</h2>
${ordered.map(({ r, i }) => renderResult(r, i)).join('\n')}
${renderFilterScript()}
</body></html>
`;
}
