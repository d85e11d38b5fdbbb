// docs/requirements.md is generated from the catalogue; a requirement added, removed or reworded
// without regenerating it (npm run docs:requirements) fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PAGE_PATH, renderRequirementsPage } from '../suites/catalogue/page.ts';
import { allRequirements } from '../suites/catalogue/requirements.ts';
import { ROOT } from './helpers/sources.ts';

test(`${PAGE_PATH} is current (npm run docs:requirements regenerates it)`, () => {
  assert.equal(readFileSync(path.join(ROOT, PAGE_PATH), 'utf8'), renderRequirementsPage());
});

test('the page has a section for every requirement', () => {
  const page = renderRequirementsPage();
  for (const r of allRequirements()) assert.ok(page.includes(`### \`${r.id}\``), r.id);
});
