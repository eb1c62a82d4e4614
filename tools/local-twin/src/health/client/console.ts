// The console's page script, bundled by the server at start (bundle.ts): refreshes the console
// in place from /health.json with the same render functions the server painted it with, ticks
// the circuits' countdowns, and sends the replay forms as JSON.
import { countdown } from '../format';
import { renderConsole, type ConsoleView } from '../render';
import type { ConsoleDocument, ReplaySelection } from '../sources';
import type { PageDocument, PageElement } from './dom';

declare const document: PageDocument;

/** Milliseconds between two refreshes of the console. */
export const REFRESH_MS = 2000;

const root = document.getElementById('console');
const view: ConsoleView = {};
/** Server clock minus browser clock, so countdowns follow the server's time. */
let offsetMs = serverOffset(document.querySelector('[data-generated-at]')?.getAttribute('data-generated-at'));
let refreshing = false;
let refreshAgain = false;

function serverOffset(generatedAt: string | null | undefined): number {
  const at = generatedAt ? Date.parse(generatedAt) : NaN;
  return Number.isFinite(at) ? at - Date.now() : 0;
}

async function refresh(): Promise<void> {
  if (root === null) return;
  if (refreshing) {
    refreshAgain = true; // e.g. a replay ended during a refresh: show its outcome right after
    return;
  }
  refreshing = true;
  try {
    const response = await fetch('/health.json');
    if (!response.ok) throw new Error(`/health.json answered ${response.status}`);
    const doc = (await response.json()) as ConsoleDocument;
    offsetMs = serverOffset(doc.generatedAt);
    root.innerHTML = renderConsole(doc, view);
  } catch (error) {
    showUnreachable(error instanceof Error ? error.message : String(error));
  } finally {
    refreshing = false;
  }
  if (refreshAgain) {
    refreshAgain = false;
    await refresh();
  }
}

function showUnreachable(message: string): void {
  const banners = document.getElementById('banners');
  if (banners === null) return;
  let banner = banners.querySelector('[data-banner="unreachable"]');
  if (banner === null) {
    banner = document.createElement('div');
    banner.className = 'banner dynamodb';
    banner.setAttribute('role', 'alert');
    banner.setAttribute('data-banner', 'unreachable');
    banners.prepend(banner);
  }
  banner.textContent = `twin not reachable: ${message} (showing the last data)`;
}

function tickCountdowns(): void {
  const now = Date.now() + offsetMs;
  for (const element of document.querySelectorAll('.countdown[data-retry-at]')) {
    const target = element.querySelector('b');
    const at = element.getAttribute('data-retry-at');
    if (target !== null && at !== null) target.textContent = countdown(at, now);
  }
}

async function replay(form: PageElement): Promise<void> {
  const selection = JSON.parse(form.getAttribute('data-replay') ?? '{}') as ReplaySelection;
  const button = form.querySelector('button');
  if (button !== null) button.disabled = true;
  try {
    const response = await fetch('/admin/replay', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(selection) });
    const text = await response.text();
    view.replayOutcome = response.ok ? ((JSON.parse(text) as { outcome: string }).outcome ?? text) : `replay refused (${response.status}): ${text}`;
  } catch (error) {
    view.replayOutcome = `replay failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  await refresh();
}

document.addEventListener('submit', (event) => {
  const form = event.target?.closest('form.replay') ?? null;
  if (form === null) return;
  event.preventDefault();
  void replay(form);
});
setInterval(() => void refresh(), REFRESH_MS);
setInterval(tickCountdowns, 1000);
