// Numbered copies of the tutorial's protected operation, `GET /items/1/` … `GET /items/N/`, each
// behind the same OAuth2PasswordBearer scheme: an API with many operations, for whole-API runs
// (the project's tests and `npm run bench`). A planted fault makes one of them wrong on purpose.

/** How one numbered operation may be planted wrong: it ignores credentials, or refuses with 403. */
export type PlantedFault = 'ignores-auth' | 'forbids';

export interface NumberedOperations {
  /** how many: `/items/1/` to `/items/${count}/` */
  count: number;
  /** path (e.g. "/items/7/") → the fault planted there */
  faults?: Readonly<Record<string, PlantedFault>>;
}

const NUMBERED = /^\/items\/([1-9][0-9]*)\/$/;

/** The number of a route `/items/{n}/` with 1 ≤ n ≤ count, or undefined. */
export function numberedItem(route: string | undefined, count: number): number | undefined {
  const m = route === undefined ? null : NUMBERED.exec(route);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= count ? n : undefined;
}

export function numberedPath(n: number): string {
  return `/items/${n}/`;
}

/** The operation objects for the document, as FastAPI names a route function `read_item_<n>`. */
export function numberedPaths(count: number, operation: object): Record<string, { get: object }> {
  const paths: Record<string, { get: object }> = {};
  for (let n = 1; n <= count; n++) paths[numberedPath(n)] = { get: { ...operation, summary: `Read Item ${n}`, operationId: `read_item_${n}_items_${n}__get` } };
  return paths;
}
