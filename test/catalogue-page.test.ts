// docs/requirements.md is generated from the catalogue; a requirement added, removed or reworded
// without regenerating it (npm run docs:requirements) fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PAGE_PATH, renderRequirementsPage } from '../suites/catalogue/page.ts';
import { allRequirements } from '../suites/catalogue/requirements.ts';
import { ROOT } from './helpers/root.ts';
import { PROFILES } from '../suites/model/profiles.ts';

test(`${PAGE_PATH} is current (npm run docs:requirements regenerates it)`, () => {
  assert.equal(readFileSync(path.join(ROOT, PAGE_PATH), 'utf8'), renderRequirementsPage());
});

test('the page has a section for every requirement', () => {
  const page = renderRequirementsPage();
  for (const r of allRequirements()) assert.ok(page.includes(`### \`${r.id}\``), r.id);
});

test("the README's table of token, challenge and scope requirements gives each the catalogue's level under each profile", () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const header = '| requirement | ' + PROFILES.join(' | ') + ' | registered |';
  const at = readme.indexOf(header);
  assert.ok(at >= 0, header);
  const table = readme.slice(at).split('\n\n')[0]!.split('\n');
  const rows = table.slice(2);
  assert.ok(rows.length > 0);
  for (const row of rows) {
    const [id, ...levels] = row.split('|').slice(1, -1).map((c) => c.trim().replaceAll('`', ''));
    const listed = allRequirements().find((r) => r.id === id);
    assert.ok(listed, `${id} is not in the catalogue`);
    assert.deepEqual(levels.slice(0, PROFILES.length), PROFILES.map((p) => listed.profiles[p]?.level ?? '–'), id);
  }
});
