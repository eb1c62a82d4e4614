/**
 * Shared UTF-8 codecs: both are stateless between calls, and creating them per call would cost
 * more than the encoding itself on the hot path. The decoder is `fatal`, so invalid UTF-8 is an
 * error instead of silently becoming U+FFFD.
 */
export const utf8Encoder = new TextEncoder();
export const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether `text` takes more than `limit` bytes in UTF-8. A UTF-16 code unit takes 1 to 3 UTF-8
 * bytes, so most texts are decided from `length` alone, without scanning them.
 */
export function exceedsUtf8Bytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return Buffer.byteLength(text, 'utf8') > limit;
}

/** Whether `value` is a `Uint8Array` (a `Buffer` too), also one created in another realm. */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]');
}
