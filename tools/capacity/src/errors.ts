/**
 * A bad input to the calculator (an option, a durations file): the CLI prints its message and
 * exits with code 2. `option` names what was wrong.
 *
 * @example
 * ```ts
 * throw new CapacityInputError('--devices must be a positive integer, got "many"', '--devices');
 * ```
 */
export class CapacityInputError extends Error {
  public override readonly name = 'CapacityInputError';

  public constructor(
    message: string,
    public readonly option?: string,
  ) {
    super(message);
  }
}
