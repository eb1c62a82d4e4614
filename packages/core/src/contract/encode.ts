import type { JsonValue } from '../types/json';

/** An item encoded once: its JSON text and UTF-8 size, reused to size a batch and to send it. */
export interface EncodedItem<T> {
  value: T;
  json: string;
  /** UTF-8 bytes of `json`. */
  bytes: number;
}

const encoder = new TextEncoder();
// JSON.stringify escapes U+0000, so no value of the shell can contain this text but the marker itself.
const MARKER = '\u0000twinflow.items\u0000';
const MARKER_JSON = JSON.stringify(MARKER);

/**
 * Encodes each item once (`JSON.stringify`), keeping its text and size: a hop measures its batches
 * from these and sends these same bytes ({@link BatchShell.encode}), so nothing is serialised
 * twice.
 *
 * @example
 * ```ts
 * const encoded = encodeItems(events); // [{ value, json, bytes }]
 * ```
 */
export function encodeItems<T>(items: readonly T[]): Array<EncodedItem<T>> {
  return items.map((value) => {
    const json = JSON.stringify(value) ?? 'null';
    return { value, json, bytes: utf8Bytes(json) };
  });
}

/**
 * The JSON around a batch's array of items (an envelope, a processor batch request), encoded once
 * with a placeholder where the items go: `overheadBytes` is what the shell adds to the items'
 * own bytes (the brackets included, the commas not), and `encode` splices encoded items in.
 */
export interface BatchShell {
  /** Bytes of the shell with an empty array where the items go. */
  readonly overheadBytes: number;
  /** Bytes of the whole batch for items of `itemBytes` bytes in all, `count` of them. */
  sizeOf(itemBytes: number, count: number): number;
  /** The batch as UTF-8 JSON: the shell with the items' own JSON spliced in. */
  encode(items: ReadonlyArray<EncodedItem<unknown>>): Uint8Array;
}

/**
 * A {@link BatchShell} for `shell(items)`, which must place `items` once, as a value.
 *
 * @example
 * ```ts
 * const shell = batchShell((events) => ({ protocol: PROCESSOR_BATCH_PROTOCOL, events }));
 * const bytes = shell.encode(encodeItems(events)); // what JSON.stringify({ protocol, events }) gives
 * ```
 */
export function batchShell(shell: (items: JsonValue) => JsonValue): BatchShell {
  const text = JSON.stringify(shell(MARKER));
  const at = text.indexOf(MARKER_JSON);
  // Exactly once, as a value (not as a key): anything else would splice the items in wrongly.
  if (at < 0 || text.indexOf(MARKER_JSON, at + 1) >= 0 || text[at + MARKER_JSON.length] === ':') {
    throw new TypeError('batchShell: the shell must place its items once, as a value');
  }
  const head = text.slice(0, at);
  const tail = text.slice(at + MARKER_JSON.length);
  const overheadBytes = utf8Bytes(head) + utf8Bytes(tail) + 2;
  return {
    overheadBytes,
    sizeOf: (itemBytes, count) => overheadBytes + itemBytes + Math.max(0, count - 1),
    encode: (items) => encoder.encode(`${head}[${items.map((item) => item.json).join(',')}]${tail}`),
  };
}

function utf8Bytes(text: string): number {
  // ASCII (most JSON) is one byte per character; only other texts need counting.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text.length : encoder.encode(text).byteLength;
}
