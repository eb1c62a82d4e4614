import { CapacityInputError } from './errors';

const UNIT_SECONDS: Record<string, number> = { s: 1, sec: 1, second: 1, min: 60, minute: 60, h: 3600, hour: 3600, d: 86_400, day: 86_400 };

/**
 * Readings per second from a rate as written on the command line: `<n>/s`, `<n>/min`, `<n>/h`
 * (`/d` too), or a bare number (per second).
 *
 * @throws CapacityInputError for anything else, or a rate that is not positive
 * @example
 * ```ts
 * parseRate('1/min'); // 0.016666…
 * parseRate('2');     // 2
 * ```
 */
export function parseRate(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:\/\s*([a-z]+))?\s*$/i.exec(text);
  const unit = match?.[2]?.toLowerCase();
  const seconds = unit === undefined ? 1 : UNIT_SECONDS[unit];
  const count = Number(match?.[1]);
  if (!match || seconds === undefined || !(count > 0)) {
    throw new CapacityInputError(`--rate must be readings per device like 1/s, 1/min, 1/h or a number (per second), more than 0; got ${JSON.stringify(text)}`, '--rate');
  }
  return count / seconds;
}

/** A rate per second written back the way people say it: `1 reading/min`, `2 readings/s`. */
export function describeRate(perSecond: number): string {
  for (const [unit, seconds] of [['s', 1], ['min', 60], ['h', 3600]] as const) {
    const count = perSecond * seconds;
    if (count >= 1 - 1e-9) return `${+count.toPrecision(4)} reading${Math.abs(count - 1) < 1e-9 ? '' : 's'}/${unit}`;
  }
  return `${+(perSecond * 86_400).toPrecision(4)} readings/day`;
}
