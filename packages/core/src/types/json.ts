/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (the shape of a reading's payload and of a processor's output). */
export type JsonObject = { [key: string]: JsonValue };
