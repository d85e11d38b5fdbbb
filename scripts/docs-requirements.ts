// `npm run docs:requirements`: writes docs/requirements.md from the catalogue.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGE_PATH, renderRequirementsPage } from '../suites/catalogue/page.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(path.join(ROOT, PAGE_PATH), renderRequirementsPage());
process.stdout.write(`wrote ${PAGE_PATH}\n`);
