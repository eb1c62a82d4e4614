// Readings/s and failures/s over the last minutes as an inline SVG.
import { esc, perSecond } from './format';
import type { RatePoint } from './sources';

/** Size of the sparkline and the time it spans. */
export const SPARKLINE = { width: 600, height: 64, spanMs: 10 * 60_000 } as const;

/**
 * An inline SVG with one polyline of readings/s (`.readings`) and one of failures/s
 * (`.failures`), right-aligned on the newest point, scaled to the highest rate; with a caption
 * of the newest and the peak rates. The page re-renders it on every refresh.
 *
 * @example
 * ```ts
 * renderSparkline(history.rates());
 * ```
 */
export function renderSparkline(points: RatePoint[]): string {
  const { width, height, spanMs } = SPARKLINE;
  const last = points.at(-1);
  if (last === undefined) return '<p class="sparkline-caption">No samples yet (one a second).</p>';
  const shown = points.filter((p) => p.at > last.at - spanMs);
  const peak = Math.max(1, ...shown.map((p) => Math.max(p.readingsPerSecond, p.failuresPerSecond)));
  const x = (at: number): number => round(width - ((last.at - at) / spanMs) * width);
  const y = (rate: number): number => round(height - 2 - (rate / peak) * (height - 4));
  const line = (pick: (p: RatePoint) => number): string => shown.map((p) => `${x(p.at)},${y(pick(p))}`).join(' ');
  const peakReadings = Math.max(...shown.map((p) => p.readingsPerSecond));
  const caption =
    `now ${perSecond(last.readingsPerSecond)} readings, ${perSecond(last.failuresPerSecond)} failures; ` +
    `peak ${perSecond(peakReadings)} readings over the last ${Math.round(spanMs / 60_000)} minutes`;
  return (
    `<svg class="sparkline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(caption)}">` +
    `<title>${esc(caption)}</title>` +
    `<polyline class="readings" fill="none" stroke="#2b6cb0" stroke-width="1.5" points="${line((p) => p.readingsPerSecond)}"/>` +
    `<polyline class="failures" fill="none" stroke="#c53030" stroke-width="1.5" points="${line((p) => p.failuresPerSecond)}"/>` +
    `</svg><p class="sparkline-caption"><span class="key-readings">━ readings/s</span> <span class="key-failures">━ failures/s</span> · ${esc(caption)}</p>`
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
