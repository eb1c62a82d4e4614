// The parked readings: counts by reason, by device and by stage, each group with a replay form
// (a plain POST that works without JavaScript; the page script sends it as JSON instead).
import { STAGE_LABELS, count, esc } from './format';
import type { ParkedGroup, ParkedView, ReplaySelection, ReplaySummary } from './sources';

/** The selection field each group table replays by. */
export type GroupField = keyof ReplaySelection;

const GROUPS: ReadonlyArray<readonly [field: GroupField, title: string, pick: (view: ParkedView) => ParkedGroup[]]> = [
  ['reason', 'by reason', (v) => v.byReason],
  ['device', 'by device', (v) => v.byDevice],
  ['stage', 'by stage', (v) => v.byStage],
];

/**
 * A replay form for `selection` (hidden fields, one button). `data-replay` holds the selection
 * as JSON for the page script.
 */
export function replayForm(selection: ReplaySelection, label: string): string {
  const fields = Object.entries(selection)
    .map(([name, value]) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`)
    .join('');
  return `<form class="replay" method="post" action="/admin/replay" data-replay="${esc(JSON.stringify(selection))}">${fields}<button type="submit">${esc(label)}</button></form>`;
}

/**
 * The parked readings: the total with a replay-all form, then one table per grouping, each
 * row (`data-group`, `data-key`) with its count and a replay form, then the newest records.
 *
 * @example
 * ```ts
 * renderParked({ total: 0, byReason: [], byDevice: [], byStage: [], newest: [] }); // '... no parked readings ...'
 * ```
 */
export function renderParked(view: ParkedView): string {
  const error = view.error === undefined ? '' : `<p class="error">the failure store could not be read: ${esc(view.error)}</p>`;
  if (view.total === 0) return `${error}<p class="parked-total" data-parked-total="0">No parked readings.</p>`;
  const total = `<p class="parked-total" data-parked-total="${view.total}"><b>${view.total}</b> parked reading(s) ${replayForm({}, `replay all ${view.total}`)}</p>`;
  const groups = GROUPS.map(([field, title, pick]) => {
    const rows = pick(view)
      .map((group) => {
        const label = field === 'stage' ? (STAGE_LABELS[group.key] ?? group.key) : group.key;
        return (
          `<tr data-group="${esc(field)}" data-key="${esc(group.key)}"><td>${esc(label)}</td><td class="count">${esc(count(group.count))}</td>` +
          `<td>${replayForm({ [field]: group.key }, `replay ${group.count}`)}</td></tr>`
        );
      })
      .join('');
    return `<table class="parked-groups" data-group="${esc(field)}"><caption>${esc(title)}</caption><thead><tr><th>${esc(field)}</th><th>parked</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
  }).join('');
  const newest = view.newest
    .map(
      (r) =>
        `<tr data-parked-id="${esc(r.id)}"><td>${esc(r.failedAt)}</td><td>${esc(r.deviceId ?? '')}</td><td>${esc(r.stage)}</td><td>${esc(r.reason)}</td><td>${esc(r.message)}</td></tr>`,
    )
    .join('');
  const recent =
    newest === ''
      ? ''
      : `<table id="parked-newest"><caption>newest parked</caption><thead><tr><th>parked at</th><th>device</th><th>stage</th><th>reason</th><th>message</th></tr></thead><tbody>${newest}</tbody></table>`;
  return `${error}${total}<div class="groups">${groups}</div>${recent}`;
}

/**
 * A replay's outcome in words, for `selection` (`reason processor-error`, or all).
 *
 * @example
 * ```ts
 * replayOutcome({ reason: 'timeout' }, { selected: 2, replayed: 2, failedAgain: 0, storedAlready: 0, errors: 0 });
 * // 'replay of reason timeout: replayed 2 of 2, 0 stored already, 0 failed again, 0 error(s)'
 * ```
 */
export function replayOutcome(selection: ReplaySelection, summary: ReplaySummary): string {
  const which = Object.entries(selection).map(([field, value]) => `${field} ${value}`).join(', ') || 'all parked readings';
  return (
    `replay of ${which}: replayed ${summary.replayed} of ${summary.selected}, ${summary.storedAlready} stored already, ` +
    `${summary.failedAgain} failed again, ${summary.errors} error(s)`
  );
}
