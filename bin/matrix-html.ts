// matrix.html: one self-contained file (inline CSS, no scripts, no external requests), like
// index.html. The implementations first, then the rows that differ between them, then every
// requirement grouped by suite; each cell links to the evidence in that target's index.html.
import { SUITES } from '../suites/results.ts';
import { LEGEND } from './matrix-report.ts';
import type { CellState, MatrixColumn, MatrixReport, MatrixRow } from './matrix-report.ts';

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d1d1f}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .45rem;text-align:left;vertical-align:top}
thead th{position:sticky;top:0;background:#fafafa;font-weight:600;max-width:9rem}
.verdict,.cell a,.cell span{font-weight:600;border-radius:3px;padding:0 .35rem;color:inherit;text-decoration:none;white-space:nowrap}
.pass{background:#d8f5d8}.fail{background:#ffd6d6}.info{background:#dbe8ff}.skip{background:#eee}.error{background:#ffe9b3}.none{color:#888}
.conformant{background:#d8f5d8}.nonconformant{background:#ffd6d6}.untestable,.interrupted{background:#ffe9b3}
.unavailable,.did-not-start,.not-run{background:#eee}
td.cell{text-align:center}tr.group th{background:#f0f0f0;font-size:1.05rem}
tr.differs td.req{border-left:4px solid #c2185b}.marker{color:#c2185b;font-weight:700}
details summary{cursor:pointer}details.own{font-size:.85em;text-align:left;max-width:14rem}blockquote{border-left:3px solid #ccc;margin:.3rem 0;padding-left:.6rem;color:#444;max-width:48rem}
.meta,.reason{color:#555}.reason{font-size:.9em;max-width:16rem}
`;

/**
 * HTML specials and control bytes (as \xNN) escaped; other characters kept. Titles, quotes and
 * messages arrive already byte-escaped by their producers, and this page's own text has — and ◆.
 */
function escapeHtml(s: string): string {
  return s
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function badge(state: string, label = state): string {
  return `<span class="verdict ${escapeHtml(state)}">${escapeHtml(label)}</span>`;
}

const SYMBOL: Record<CellState, string> = { pass: 'pass', fail: 'fail', info: 'info', skip: 'skip', error: 'error', none: '—' };

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function columnVerdict(c: MatrixColumn): string {
  // A run that ended in a verdict shows it; one that never ran shows why.
  return c.status === 'judged' ? badge(c.verdict ?? 'untestable') : badge(c.status, c.status === 'untestable' ? 'untestable' : c.status.replace(/-/g, ' '));
}

function renderColumns(report: MatrixReport): string {
  const rows = report.columns.map((c) => {
    const n = c.counts;
    const link = c.report ? `<a href="${escapeHtml(c.report)}">report</a>` : '—';
    return `<tr id="col-${escapeHtml(c.slug)}"><td><strong>${escapeHtml(c.name)}</strong><br><span class="meta">${escapeHtml(c.kind)}${c.url ? ` · <code>${escapeHtml(c.url)}</code>` : ''}</span></td>`
      + `<td><code>${escapeHtml(c.profile)}</code></td><td>${escapeHtml(c.suites.join(', '))}</td><td>${columnVerdict(c)}</td>`
      + `<td>${n.pass}</td><td>${n.fail}</td><td>${n.info}</td><td>${n.skip}</td><td>${n.error}</td>`
      + `<td>${c.exitCode === undefined ? '—' : c.exitCode === null ? 'signal' : c.exitCode}</td><td>${seconds(c.durationMs)}</td><td>${link}</td>`
      + `<td class="reason">${c.reason ? escapeHtml(c.reason) : ''}</td></tr>`;
  });
  return `<table id="columns"><thead><tr><th>implementation</th><th>profile</th><th>suites</th><th>run</th><th>pass</th><th>fail</th><th>info</th><th>skip</th><th>error</th><th>exit</th><th>time</th><th>evidence</th><th>reason</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function renderCell(row: MatrixRow, c: MatrixColumn): string {
  const cell = row.cells[c.slug] ?? { state: 'none' as const };
  const tip = cell.state === 'none' ? (c.reason ?? 'not run for this target') : [cell.level ? `level ${cell.level} under ${c.profile}` : '', cell.message ?? ''].filter(Boolean).join(' — ');
  const title = tip ? ` title="${escapeHtml(tip)}"` : '';
  const text = `${SYMBOL[cell.state]}${cell.level ? `<sup>${cell.level}</sup>` : ''}`;
  const inner = cell.href ? `<a class="${cell.state}" href="${escapeHtml(cell.href)}"${title}>${text}</a>` : `<span class="${cell.state}"${title}>${text}</span>`;
  // Judged by another expectation than the row's title: say which, in the cell itself.
  const own = cell.title ? `<details class="own"><summary>≠ expects</summary>${escapeHtml(cell.title)}</details>` : '';
  return `<td class="cell">${inner}${own}</td>`;
}

function renderRow(row: MatrixRow, columns: MatrixColumn[], idPrefix: string): string {
  const marker = row.differs ? '<span class="marker" title="verdicts differ">◆</span> ' : '';
  const id = `${idPrefix}${row.id}`;
  const name = idPrefix === 'row-' ? escapeHtml(row.id) : `<a href="#row-${escapeHtml(row.id)}">${escapeHtml(row.id)}</a>`;
  return `<tr id="${escapeHtml(id)}"${row.differs ? ' class="differs"' : ''}><td class="req">${marker}${name}</td><td>${row.level}</td>`
    + `<td><details><summary>${escapeHtml(row.title)}${row.titleOf ? ` <span class="meta">(as judged for ${escapeHtml(row.titleOf)}; cells marked ≠ expects were judged by their own)</span>` : ''}</summary><blockquote>${escapeHtml(row.source)}</blockquote></details></td>`
    + `${columns.map((c) => renderCell(row, c)).join('')}</tr>`;
}

function header(columns: MatrixColumn[]): string {
  return `<thead><tr><th>requirement</th><th>level</th><th>sends / expects (click for the quote)</th>${columns.map((c) => `<th><a href="#col-${escapeHtml(c.slug)}">${escapeHtml(c.name)}</a><br><span class="meta">${escapeHtml(c.profile)}</span></th>`).join('')}</tr></thead>`;
}

function renderTable(id: string, rows: MatrixRow[], columns: MatrixColumn[], idPrefix: string): string {
  const body: string[] = [];
  for (const suite of SUITES) {
    const inSuite = rows.filter((r) => r.suite === suite);
    if (!inSuite.length) continue;
    body.push(`<tr class="group"><th colspan="${3 + columns.length}">${suite} (${inSuite.length})</th></tr>`);
    body.push(...inSuite.map((r) => renderRow(r, columns, idPrefix)));
  }
  return `<table id="${id}">${header(columns)}<tbody>${body.join('\n')}</tbody></table>`;
}

function renderLegend(): string {
  const items = (Object.keys(LEGEND) as CellState[]).map((s) => `<tr><td class="cell"><span class="${s}">${SYMBOL[s]}</span></td><td>${escapeHtml(LEGEND[s])}</td></tr>`);
  items.push('<tr><td class="cell"><span class="marker">◆</span></td><td>the targets that ran this requirement did not all get the same verdict</td></tr>');
  items.push('<tr><td class="cell"><span class="fail">fail<sup>MUST</sup></span></td><td>this target\'s profile rates the requirement at another level than the row shows</td></tr>');
  items.push('<tr><td class="cell">≠ expects</td><td>this target was judged by another expectation than the row\'s title (its profile\'s own); open it to read which</td></tr>');
  return `<table id="legend">${items.join('')}</table>`;
}

export function renderMatrixHtml(report: MatrixReport): string {
  const differing = report.rows.filter((r) => r.differs);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>bearer-conformance matrix: ${report.columns.length} implementations, ${report.differences} differences</title><style>${CSS}</style></head>
<body>
<h1>bearer-conformance matrix</h1>
<p class="meta">${report.columns.length} implementations × ${report.rows.length} requirements · config <code>${escapeHtml(report.config)}</code> · generated ${escapeHtml(report.generatedAt)} · ${seconds(report.durationMs)} · ${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}${report.partial ? ` · <strong>partial: ${escapeHtml(report.interruption ?? 'interrupted')}</strong>` : ''}</p>
<h2>Legend</h2>
${renderLegend()}
<h2>Implementations</h2>
${renderColumns(report)}
<h2 id="differences">Differences only (${differing.length} of ${report.rows.length} requirements)</h2>
${differing.length ? renderTable('differing', differing, report.columns, 'diff-') : '<p>Every target that ran a requirement got the same verdict.</p>'}
<h2>All requirements</h2>
${renderTable('matrix', report.rows, report.columns, 'row-')}
</body></html>
`;
}
