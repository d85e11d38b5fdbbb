// Values for the parameters of an unauthenticated probe request. Only what the request needs to
// reach the operation: path templates and required query and header parameters.
import { child, isObject } from './document.ts';
import type { Json, JsonObject } from './document.ts';

export interface Parameter {
  name: string;
  in: string;
  required: boolean;
  /** the value to send, or undefined when none can be built */
  value?: string;
}

/** A placeholder id that most path templates accept ("1"), and shapes for common string formats. */
const BY_FORMAT: Record<string, string> = {
  uuid: '00000000-0000-4000-8000-000000000001',
  date: '2024-01-01',
  'date-time': '2024-01-01T00:00:00Z',
  email: 'user@example.com',
};
const PLACEHOLDER = '1';

/** A local `$ref` ("#/components/parameters/X") resolved in `doc`; anything else stays as it is. */
export function deref(doc: unknown, v: Json | undefined, depth = 0): Json | undefined {
  const ref = child(v, '$ref');
  if (typeof ref !== 'string' || !ref.startsWith('#/') || depth > 8) return v;
  const target = ref.slice(2).split('/').reduce<Json | undefined>((node, token) => child(node, token.replaceAll('~1', '/').replaceAll('~0', '~')), doc as Json);
  return deref(doc, target, depth + 1);
}

function scalar(v: Json | undefined): string | undefined {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return scalar(v[0]);
  return undefined;
}

function firstExample(examples: Json | undefined): Json | undefined {
  return isObject(examples) ? Object.values(examples).map((e) => child(e, 'value')).find((x) => x !== undefined) : undefined;
}

/** The parameter's own example, then its schema's example, default, first enum value, or a value of the schema's type. */
export function parameterValue(doc: unknown, param: JsonObject): string | undefined {
  const schema = deref(doc, param.schema);
  const candidates = [param.example, firstExample(param.examples), child(schema, 'example'), child(schema, 'default')];
  const enumValues = child(schema, 'enum');
  const schemaExamples = child(schema, 'examples');
  if (Array.isArray(enumValues)) candidates.push(enumValues[0]);
  if (Array.isArray(schemaExamples)) candidates.push(schemaExamples[0]);
  for (const c of candidates) {
    const s = scalar(c);
    if (s !== undefined) return s;
  }
  if (child(schema, 'type') === 'object') return undefined;
  if (child(schema, 'type') === 'boolean') return 'true';
  const format = child(schema, 'format');
  return typeof format === 'string' && BY_FORMAT[format] ? BY_FORMAT[format] : PLACEHOLDER;
}

/** Path-level parameters overridden by operation-level ones with the same name and location. */
export function operationParameters(doc: unknown, item: JsonObject, op: JsonObject): Parameter[] {
  const byKey = new Map<string, JsonObject>();
  for (const list of [item.parameters, op.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const p = deref(doc, raw);
      if (isObject(p) && typeof p.name === 'string' && typeof p.in === 'string') byKey.set(`${p.in}:${p.name}`, p);
    }
  }
  return [...byKey.values()].map((p) => ({ name: p.name as string, in: p.in as string, required: p.required === true || p.in === 'path', value: parameterValue(doc, p) }));
}

/** The path with each `{name}` filled in: from the declared parameter, else the placeholder. */
export function fillPath(path: string, params: readonly Parameter[]): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params.find((p) => p.in === 'path' && p.name === name)?.value ?? PLACEHOLDER));
}
