/** Limits of one chunk. */
export interface ChunkLimits {
  /** Most items per chunk (>= 1). */
  maxItems: number;
  /** Most bytes per chunk, as measured by `sizeOf`; an item larger than this goes alone. */
  maxBytes: number;
}

/**
 * Splits `items` into consecutive chunks of at most `maxItems` items and `maxBytes` bytes, in order.
 *
 * @example
 * ```ts
 * chunkBySize(events, (e) => Buffer.byteLength(JSON.stringify(e)), { maxItems: 10, maxBytes: 200 * 1024 });
 * ```
 */
export function chunkBySize<T>(items: readonly T[], sizeOf: (item: T) => number, limits: ChunkLimits): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= limits.maxItems || bytes + size > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
