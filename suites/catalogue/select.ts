// `--only ID,GLOB`: which requirements a run registers (suites/harness.ts) and lists (bin/run.ts).

/** `--only ID,GLOB`: `*` stands for any run of characters; ids are matched whole. */
export function onlyMatcher(patterns: readonly string[]): (id: string) => boolean {
  const res = patterns.map((p) => new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
  return (id) => res.some((re) => re.test(id));
}
