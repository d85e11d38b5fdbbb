// Where a relative tokenUrl points. Two readings disagree (docs/sources/openapi.md#o-03, swagger-ui.md#s-01, fastapi-measured.md#d-15):
// OpenAPI resolves it against servers[0].url (itself resolved against the document's URL), while
// Swagger UI resolves it against the docs page unless the selected server URL is absolute.
import { child, isObject } from './document.ts';

/** RFC 3986 §3.1 scheme, or a network-path reference ("//host/..."). */
export function isAbsoluteUrl(ref: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(ref) || ref.startsWith('//');
}

/** An absolute URL, or a path-absolute reference ("/token"): both ignore where the API is mounted. */
export function isMountIndependent(ref: string): boolean {
  return isAbsoluteUrl(ref) || ref.startsWith('/');
}

/** `servers[0].url` with each `{variable}` replaced by its default, as Swagger UI's serverEffectiveValue does; undefined when there are no servers. */
export function firstServerUrl(doc: unknown): string | undefined {
  const servers = child(doc, 'servers');
  const first = Array.isArray(servers) ? servers[0] : undefined;
  const url = child(first, 'url');
  if (typeof url !== 'string') return undefined;
  const variables = child(first, 'variables');
  return url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const def = child(isObject(variables) ? variables[name] : undefined, 'default');
    return typeof def === 'string' ? def : whole;
  });
}

function resolve(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

/** OpenAPI 3.x: "relative references are resolved using the URLs defined in the Server Object as a Base URL" (no servers = "/"). */
export function resolveAsOpenApi(tokenUrl: string, doc: unknown, documentUrl: string): string | undefined {
  const server = resolve(firstServerUrl(doc) ?? '/', documentUrl);
  return server === undefined ? undefined : resolve(tokenUrl, server);
}

/**
 * Swagger UI (S-01): `parseUrl(tokenUrl, selectedServer)` with url-parse. An empty selection (no
 * servers) means the page's location; a relative server URL leaves the tokenUrl unresolved, so the
 * browser's fetch resolves it against the page. Only an absolute server URL is used as the base.
 */
export function resolveAsSwaggerUi(tokenUrl: string, doc: unknown, docsUrl: string): string | undefined {
  const server = firstServerUrl(doc);
  const base = server !== undefined && isAbsoluteUrl(server) ? resolve(server, docsUrl) : docsUrl;
  return base === undefined ? undefined : resolve(tokenUrl, base);
}
