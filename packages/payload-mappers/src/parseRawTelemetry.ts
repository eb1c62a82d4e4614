import { DEFAULT_MAX_READING_BYTES } from '@twinflow/core';
import { describeValue } from '@twinflow/core';
import { TelemetryValidationError } from './errors';
import { resolveMaxBytes } from './options';
import type { ParseRawTelemetryOptions } from './types';
import { exceedsUtf8Bytes, isBytes, utf8Decoder } from './utf8';

/**
 * Turns a reading as received into a value for {@link normalizeTelemetry}: JSON text (a string)
 * or UTF-8 bytes (`Uint8Array`/`Buffer`) are size-checked, then parsed; anything else (an object
 * the Lambda runtime already parsed) is returned as is. `JSON.parse` builds `__proto__` as an own
 * key without touching prototypes; `normalizeTelemetry` then rejects it.
 *
 * @param input - the reading: JSON text, UTF-8 bytes, or an already-parsed value
 * @param options - `maxBytes` (default `DEFAULT_MAX_READING_BYTES`, 65536)
 * @throws TelemetryValidationError `payload-too-large` (checked before any parsing) or
 *   `malformed-json` (not UTF-8 or not JSON; the message shows the start of the text)
 * @throws MapperOptionsError when `maxBytes` is not a positive integer
 * @example
 * ```ts
 * const raw = parseRawTelemetry('{"device_id":"thermostat-1","temperature":70}');
 * const event = normalizeTelemetry(raw, { twin: 'demo' });
 * ```
 */
export function parseRawTelemetry(input: string | Uint8Array | unknown, options: ParseRawTelemetryOptions = {}): unknown {
  const maxBytes = resolveMaxBytes(options.maxBytes, DEFAULT_MAX_READING_BYTES);
  let text: string;
  if (typeof input === 'string') {
    if (exceedsUtf8Bytes(input, maxBytes)) {
      throw new TelemetryValidationError(
        'payload-too-large',
        `reading is larger than the limit of ${maxBytes} bytes (${input.length} characters of text)`,
      );
    }
    text = input;
  } else if (isBytes(input)) {
    if (input.byteLength > maxBytes) {
      throw new TelemetryValidationError('payload-too-large', `reading is ${input.byteLength} bytes, more than the limit of ${maxBytes} bytes`);
    }
    try {
      text = utf8Decoder.decode(input);
    } catch (err) {
      throw new TelemetryValidationError('malformed-json', `reading is not valid UTF-8 (${input.byteLength} bytes)`, undefined, { cause: err });
    }
  } else {
    return input;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? ` (${err.message.slice(0, 100)})` : '';
    throw new TelemetryValidationError('malformed-json', `reading is not valid JSON${detail}; it starts with ${describeValue(text)}`, undefined, {
      cause: err,
    });
  }
}
