/** Options of the `processor` generator (see schema.json). */
export interface ProcessorGeneratorSchema {
  /** Device id (positional). */
  device: string;
  /** What the device is. */
  description?: string;
  /** Function memory, MB. Default 256. */
  memory?: number;
  /** Function timeout, seconds. Default 10. */
  timeout?: number;
}
