// docs.locks-match-security: the locks Swagger UI draws agree with the document, and with the API:
// an operation shown without a lock must not turn a token-less caller away with 401.
import type { APIRequestContext } from '@playwright/test';
import { CheckFailure } from '../../checks/failures.ts';
import { effectiveSecurity, label, operations } from '../../openapi/document.ts';
import type { Operation } from '../../openapi/document.ts';
import type { DocsCheckContext } from '../context.ts';
import { documentBase, executableWithoutInput, loadDocument, lockExpectation, operationUrl } from '../operations.ts';
import type { LockExpectation } from '../operations.ts';
import { openDocs } from '../page.ts';
import { DOCS_REQUIREMENTS } from '../requirements.ts';
import { expandAllTags, renderedOperations } from '../swagger.ts';
import type { RenderedOperation } from '../swagger.ts';
import { firstLine } from '../../text.ts';

const REQ = DOCS_REQUIREMENTS.locksMatchSecurity;
/** Public GET operations probed without a token, at most. */
const MAX_PROBES = 20;

function lockProblems(doc: unknown, rendered: RenderedOperation[]): string[] {
  const problems: string[] = [];
  for (const op of operations(doc)) {
    const expectation = lockExpectation(doc, op);
    for (const shown of rendered.filter((r) => r.method === op.method && r.path === op.path)) {
      if (expectation === 'required' && !shown.hasLock) problems.push(`${label(op)} is secured by the document but shows no lock`);
      if (expectation === 'public' && shown.hasLock) problems.push(`${label(op)} is public in the document but shows a lock`);
    }
  }
  return problems;
}

/** Public GETs that answer 401 to a request without credentials: the page invites users to call them without a token. */
async function publicButProtected(request: APIRequestContext, doc: unknown, base: string, timeoutMs: number): Promise<{ problems: string[]; probed: Record<string, number | string> }> {
  const probes = operations(doc).filter((op) => op.method === 'GET' && executableWithoutInput(op) && lockExpectation(doc, op) !== 'required').slice(0, MAX_PROBES);
  const problems: string[] = [];
  const probed: Record<string, number | string> = {};
  for (const op of probes) {
    const url = operationUrl(doc, op, base);
    const status = await request.get(url, { timeout: timeoutMs, failOnStatusCode: false, maxRedirects: 0 }).then((r) => r.status(), firstLine);
    probed[`GET ${url}`] = status;
    if (status === 401) problems.push(`${label(op)} lets callers without a token in (security ${JSON.stringify(effectiveSecurity(doc, op.op) ?? null)}) but answers 401 without one`);
  }
  return { problems, probed };
}

function expectations(doc: unknown): Record<string, LockExpectation> {
  return Object.fromEntries(operations(doc).map((op: Operation) => [label(op), lockExpectation(doc, op)]));
}

export async function checkLocksMatchSecurity({ config, session, evidence }: DocsCheckContext): Promise<void> {
  const { page } = session;
  const docs = await openDocs(session, config.docs, config.timeoutMs, 'read');
  const doc = await loadDocument(page.request, config.openapi, config.timeoutMs);
  await expandAllTags(page);
  const rendered = await renderedOperations(page);
  evidence.lockExpectations = expectations(doc);
  evidence.rendered = rendered;
  const problems = lockProblems(doc, rendered);
  if (operations(doc).length && !rendered.length) problems.push('Swagger UI renders none of the document\'s operations');
  const probes = await publicButProtected(page.request, doc, documentBase(config, docs.url), config.timeoutMs);
  evidence.publicProbes = probes.probed;
  problems.push(...probes.problems);
  if (problems.length) {
    throw new CheckFailure({
      requirementId: REQ.id, level: REQ.level,
      expected: ['a lock on every operation whose effective security names a scheme, none where it is absent, [] or [{}], and no 401 from a public GET without a token'],
      actual: problems.join('; '),
    });
  }
}
