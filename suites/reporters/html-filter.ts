// index.html's order and filter: failures first (then could-not-test, INFO misses, skips, passes),
// and checkboxes by verdict, level and suite. The filter is a few lines of plain JavaScript inline in
// the page (no framework, no request), so it works from file:// and from a CI artifact; without
// JavaScript every requirement shows, in the same order.
import { escapeHtml } from './html.ts';
import { shownVerdict } from './report.ts';
import type { ShownCounts } from './report.ts';
import { LEVELS } from '../model/types.ts';
import type { Result } from '../results.ts';

/** The order of the page: what needs attention first. */
export const VERDICT_ORDER: readonly (keyof ShownCounts)[] = ['fail', 'error', 'info', 'skip', 'pass'];

/** Each result with its index in the report (anchors keep it: the matrix links to them), failures first; stable within a verdict. */
export function failuresFirst(results: readonly Result[]): { r: Result; i: number }[] {
  const rank = (r: Result) => VERDICT_ORDER.indexOf(shownVerdict(r));
  return results.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i);
}

/** The attributes the filter reads, on a summary row and on a details block alike. */
export function filterAttributes(r: Result): string {
  return `data-verdict="${shownVerdict(r)}" data-level="${escapeHtml(r.level)}" data-suite="${escapeHtml(r.suite)}"`;
}

function group(name: string, legend: string, values: readonly string[], count: (v: string) => number): string {
  const boxes = values.map((v) => `<label><input type="checkbox" name="${name}" value="${escapeHtml(v)}" checked> ${escapeHtml(v)} (${count(v)})</label>`);
  return `<fieldset><legend>${legend}</legend>${boxes.join(' ')}</fieldset>`;
}

const SCRIPT = `(function () {
  var form = document.getElementById('filters');
  function apply() {
    var off = {};
    form.querySelectorAll('input[type=checkbox]').forEach(function (c) { if (!c.checked) off[c.name + ':' + c.value] = true; });
    var shown = 0, total = 0;
    document.querySelectorAll('[data-verdict]').forEach(function (el) {
      var hide = off['verdict:' + el.dataset.verdict] || off['level:' + el.dataset.level] || off['suite:' + el.dataset.suite];
      el.hidden = !!hide;
      if (el.tagName === 'TR') { total++; if (!hide) shown++; }
    });
    document.getElementById('filter-count').textContent = shown + ' of ' + total + ' requirements shown';
  }
  form.addEventListener('change', apply);
  apply();
})();`;

/** The filter form; its script goes at the end of the page (renderFilterScript). */
export function renderFilters(results: readonly Result[]): string {
  const by = (key: (r: Result) => string) => (v: string) => results.filter((r) => key(r) === v).length;
  const suites = [...new Set(results.map((r) => r.suite))];
  return `<form id="filters" class="filters">
${group('verdict', 'Verdict', VERDICT_ORDER, by(shownVerdict))}
${group('level', 'Level', LEVELS, by((r) => r.level))}
${group('suite', 'Suite', suites, by((r) => r.suite))}
<span id="filter-count" class="meta"></span>
</form>`;
}

export function renderFilterScript(): string {
  return `<script>${SCRIPT}</script>`;
}
