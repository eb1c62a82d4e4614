/**
 * Maps `items` through `fn` with at most `limit` calls in flight; results keep the input order.
 * A rejection rejects the whole map (catch inside `fn` to collect failures instead).
 *
 * @example
 * ```ts
 * const outputs = await mapWithConcurrency(events, 8, (event) => adapter.invoke(event));
 * ```
 */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
