// `--only ID,GLOB`: which requirements a run registers (suites/harness.ts) and lists (bin/run.ts).

/** `--only ID,GLOB`: `*` stands for any run of characters; ids are matched whole. */
export function onlyMatcher(patterns: readonly string[]): (id: string) => boolean {
  const res = patterns.map((p) => new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
  return (id) => res.some((re) => re.test(id));
}

/** A result's requirement id without the endpoint suffix (" [GET /x]") a multi-endpoint run adds. */
export function baseId(id: string): string {
  return id.replace(/ \[.*\]$/, '');
}

/** Whether `--only` (absent: everything) selects a result's requirement; the patterns compiled once. */
export function onlySelects(only: readonly string[] | undefined): (id: string) => boolean {
  if (only === undefined) return () => true;
  const named = onlyMatcher(only);
  return (id) => named(baseId(id));
}
