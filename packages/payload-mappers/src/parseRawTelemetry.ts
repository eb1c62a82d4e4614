import { DEFAULT_MAX_READING_BYTES } from '@twinflow/core';
import { TelemetryValidationError } from './errors';
import { preview, utf8Decoder, utf8Length } from './json';

/** Options of {@link parseRawTelemetry}. */
export interface ParseRawTelemetryOptions {
  /** Largest accepted input, bytes. Default `DEFAULT_MAX_READING_BYTES` (64 KiB) from core. */
  maxBytes?: number;
}

/**
 * Turns a reading as received (JSON text, bytes, or an already-parsed value) into a value for
 * {@link normalizeTelemetry}. Text and bytes are size-checked before parsing.
 *
 * @throws TelemetryValidationError `payload-too-large` or `malformed-json`
 * @example
 * ```ts
 * const raw = parseRawTelemetry('{"device_id":"thermostat-1","temperature":70}');
 * ```
 */
export function parseRawTelemetry(input: unknown, options: ParseRawTelemetryOptions = {}): unknown {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READING_BYTES;
  let text: string;
  if (typeof input === 'string') {
    text = input;
    const size = utf8Length(text);
    if (size > maxBytes) throw tooLarge(size, maxBytes);
  } else if (input instanceof Uint8Array) {
    if (input.byteLength > maxBytes) throw tooLarge(input.byteLength, maxBytes);
    text = utf8Decoder.decode(input);
  } else {
    return input;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new TelemetryValidationError('malformed-json', `reading is not valid JSON: ${preview(text)}`, undefined, { cause: err });
  }
}

function tooLarge(size: number, maxBytes: number): TelemetryValidationError {
  return new TelemetryValidationError('payload-too-large', `reading is ${size} bytes, more than the limit of ${maxBytes} bytes`);
}
