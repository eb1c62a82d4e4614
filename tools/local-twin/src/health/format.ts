// How the console writes values: escaped, as percentages, in words. Pure: runs on the server
// and, bundled, in the page.

/**
 * Escapes text for HTML content and attribute values.
 *
 * @example
 * ```ts
 * esc('<b>"x"</b>'); // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 * ```
 */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A 0..1 share as a percentage with one decimal; empty for a missing value.
 *
 * @example
 * ```ts
 * percent(0.15); // '15.0 %'
 * ```
 */
export function percent(share: number | undefined): string {
  return typeof share === 'number' && Number.isFinite(share) ? `${(share * 100).toFixed(1)} %` : '';
}

/** Milliseconds, rounded (`12 ms`); empty for a missing value. */
export function milliseconds(ms: number | undefined): string {
  return typeof ms === 'number' && Number.isFinite(ms) ? `${Math.round(ms)} ms` : '';
}

/** A rate per second with one decimal (`2.5/s`). */
export function perSecond(rate: number): string {
  return `${(Number.isFinite(rate) ? rate : 0).toFixed(1)}/s`;
}

/** A count; empty for a missing value. */
export function count(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

/**
 * The time left until `atIso`, seen at `nowMs`, in words.
 *
 * @example
 * ```ts
 * countdown('2026-11-24T08:01:05.000Z', Date.parse('2026-11-24T08:00:00.000Z')); // '1 min 5 s'
 * ```
 */
export function countdown(atIso: string, nowMs: number): string {
  const left = Math.max(0, Math.ceil((Date.parse(atIso) - nowMs) / 1000));
  if (!Number.isFinite(left)) return '';
  if (left === 0) return 'probe due now';
  const minutes = Math.floor(left / 60);
  return minutes > 0 ? `${minutes} min ${left % 60} s` : `${left} s`;
}

/** Labels of the ledger's counts, in the order the console shows them. */
export const COUNT_LABELS: ReadonlyArray<readonly [key: string, label: string]> = [
  ['sent', 'sent'],
  ['persisted', 'stored'],
  ['failed', 'parked'],
  ['storedAndParked', 'stored and parked'],
  ['inFlight', 'in flight'],
  ['eventsPerSecond', 'readings per second'],
];

/** Labels of the failure store's stages. */
export const STAGE_LABELS: Readonly<Record<string, string>> = {
  dispatch: 'dispatch (dispatcher)',
  process: 'process (wrapper → processor)',
  persist: 'persist (persister → hot table)',
};
