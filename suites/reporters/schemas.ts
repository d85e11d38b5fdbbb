// The identifiers of the published report schemas (schemas/*.schema.json, shipped in the package).
// Each written report names its schema in `$schema`; the schema's `$id` is the same string. The
// trailing number is the report format's major version: members are only added within it; removing,
// renaming or changing the meaning of one takes a new identifier. A URN, not a URL: the package has
// no web home of its own to promise, and the schema travels inside the package
// (node_modules/bearer-conformance/schemas/).
export const REPORT_SCHEMA = {
  conformance: 'urn:bearer-conformance:schema:conformance:1',
  matrix: 'urn:bearer-conformance:schema:matrix:1',
} as const;

/** The schema files, relative to the package root. */
export const REPORT_SCHEMA_FILE: Record<keyof typeof REPORT_SCHEMA, string> = {
  conformance: 'schemas/conformance.schema.json',
  matrix: 'schemas/matrix.schema.json',
};

/** `report` with `$schema` as its first member (a report read back may carry an older one: replaced). */
export function withSchema<T extends object>(kind: keyof typeof REPORT_SCHEMA, report: T): { $schema: string } & T {
  const { $schema: _old, ...rest } = report as T & { $schema?: string };
  return { $schema: REPORT_SCHEMA[kind], ...(rest as T) };
}
