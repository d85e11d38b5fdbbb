// Is what came back from the document URL an OpenAPI document at all? The document rules judge
// only one that is; anything else (a 401 `{"detail":"Not authenticated"}`, a 404, a 500, an HTML
// page, `{"error":…}`) has nothing for them to judge, and each says why it skipped.

/** The answer at the document URL, as fetched (status absent when it was read from a file). */
export interface DocumentAnswer {
  location: string;
  status?: number;
  /** lower-case header name -> value */
  headers: Record<string, string>;
  body: string;
}

export type Recognised = { doc: unknown; notOpenApi?: undefined } | { doc?: undefined; notOpenApi: string };

const BEARER_CHALLENGE = /^\s*bearer(\s|,|$)/i;

function parseJson(body: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(body) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * An OpenAPI (or Swagger 2.0) document names its version in its first member: `openapi` (OAS 3.x,
 * REQUIRED) or `swagger` (2.0, REQUIRED). Presence, not validity, is the test: a document with a
 * wrong version is still a document, and openapi.schema-valid says what is wrong with it.
 */
function whyNotADocument(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `the body is JSON but not an object (${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value})`;
  if ('openapi' in value || 'swagger' in value) return undefined;
  const keys = Object.keys(value).slice(0, 5).map((k) => JSON.stringify(k)).join(', ');
  return `a JSON object without an \`openapi\` or \`swagger\` member (members: ${keys || 'none'})`;
}

function describeAnswer(a: DocumentAnswer): string {
  if (a.status === undefined) return a.location;
  const contentType = a.headers['content-type'];
  const challenge = a.headers['www-authenticate'];
  const details = [contentType, challenge !== undefined && BEARER_CHALLENGE.test(challenge) ? 'a Bearer challenge' : undefined].filter(Boolean).join(', ');
  return `GET ${a.location} answered ${a.status}${details ? ` (${details})` : ''}`;
}

/** The OpenAPI document in the answer, or why there is none, in words a report can show. */
export function recogniseOpenApi(a: DocumentAnswer): Recognised {
  const status = a.status;
  if (status === 401 || status === 403) return { notOpenApi: `${describeAnswer(a)}: not an OpenAPI document; the document is behind authentication (see openapi.served-without-credentials)` };
  if (status !== undefined && (status < 200 || status > 299)) return { notOpenApi: `${describeAnswer(a)}: not an OpenAPI document (not a 2xx answer${status >= 300 && status < 400 ? '; redirects are not followed' : ''})` };
  const parsed = parseJson(a.body);
  if (!parsed) return { notOpenApi: `${describeAnswer(a)}: not an OpenAPI document (the body is not JSON; YAML is not read)` };
  const why = whyNotADocument(parsed.value);
  return why ? { notOpenApi: `${describeAnswer(a)}: not an OpenAPI document (${why})` } : { doc: parsed.value };
}
