// Read-only views of an OpenAPI 3.x document. The document comes from the target, so every accessor
// tolerates wrong shapes (a schema-invalid document still gets its security rules judged).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The operation methods of a Path Item Object, in the order reports list them. */
export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface Operation {
  method: string;
  /** the path template as written in `paths`, e.g. "/items/{item_id}" */
  path: string;
  operationId?: string;
  /** the Operation Object itself */
  op: JsonObject;
  /** the Path Item Object holding it (for path-level parameters) */
  item: JsonObject;
}

export interface NamedScheme {
  name: string;
  scheme: JsonObject;
}

export interface PasswordFlow {
  /** the security scheme's name */
  scheme: string;
  flow: JsonObject;
  pointer: string;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function child(v: unknown, key: string): Json | undefined {
  return isObject(v) ? v[key] : undefined;
}

/** RFC 6901 escaping of one reference token. */
export function pointerToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

export function securitySchemes(doc: unknown): NamedScheme[] {
  const schemes = child(child(doc, 'components'), 'securitySchemes');
  if (!isObject(schemes)) return [];
  return Object.entries(schemes).filter((e): e is [string, JsonObject] => isObject(e[1])).map(([name, scheme]) => ({ name, scheme }));
}

/** `oauth2` with a password flow (FastAPI's OAuth2PasswordBearer), or `http` with scheme bearer (any case). */
export function isBearerScheme(scheme: JsonObject): boolean {
  if (scheme.type === 'oauth2') return isObject(child(scheme.flows, 'password'));
  return scheme.type === 'http' && typeof scheme.scheme === 'string' && scheme.scheme.toLowerCase() === 'bearer';
}

export function bearerSchemeNames(doc: unknown): Set<string> {
  return new Set(securitySchemes(doc).filter((s) => isBearerScheme(s.scheme)).map((s) => s.name));
}

export function passwordFlows(doc: unknown): PasswordFlow[] {
  return securitySchemes(doc).flatMap(({ name, scheme }) => {
    const flow = scheme.type === 'oauth2' ? child(scheme.flows, 'password') : undefined;
    return isObject(flow) ? [{ scheme: name, flow, pointer: `/components/securitySchemes/${pointerToken(name)}/flows/password` }] : [];
  });
}

export function operations(doc: unknown): Operation[] {
  const paths = child(doc, 'paths');
  if (!isObject(paths)) return [];
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      out.push({ method: method.toUpperCase(), path, op, item, ...(typeof op.operationId === 'string' ? { operationId: op.operationId } : {}) });
    }
  }
  return out;
}

/** The Security Requirement list that applies: the operation's own overrides the document's (O-05). */
export function effectiveSecurity(doc: unknown, op: JsonObject): Json | undefined {
  return op.security !== undefined ? op.security : child(doc, 'security');
}

/**
 * The schemes that secure a request, or none when it is public: no requirement, `[]`, or a list
 * containing `{}` ("To make security optional, an empty security requirement ({}) can be included").
 */
export function securingSchemes(requirements: Json | undefined): string[] {
  if (!Array.isArray(requirements) || requirements.length === 0) return [];
  if (requirements.some((r) => isObject(r) && Object.keys(r).length === 0)) return [];
  return [...new Set(requirements.flatMap((r) => (isObject(r) ? Object.keys(r) : [])))];
}

export function label(op: Pick<Operation, 'method' | 'path'>): string {
  return `${op.method} ${op.path}`;
}
