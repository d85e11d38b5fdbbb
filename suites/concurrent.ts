// A bounded pool: the cross-check, the whole-API sweep and the CLI's preflight each send to many
// operations, a few at a time, keeping the results in input order.

/** `fn` over every item, at most `concurrency` at once (at least one); results in the items' order. */
export async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return out;
}
