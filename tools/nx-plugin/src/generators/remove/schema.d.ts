/** Options of the `remove` generator (see schema.json). */
export interface RemoveGeneratorSchema {
  /** Device id (positional). */
  device: string;
}
