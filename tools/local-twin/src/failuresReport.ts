// What `npm run failures` says: for a queue, progress on stderr while it works, then one JSON line
// (--json) or a human summary on stdout; for the local twin's store, the same for its records.
import type { LocalPurgeSummary, LocalReplaySummary, ParkedRecord } from './failuresLocal';

const PROGRESS_EVERY_MESSAGES = 50;
const PROGRESS_EVERY_MS = 2_000;

/** The three commands of `npm run failures`. */
export type FailuresCommand = 'list' | 'replay' | 'purge';
/** What became of one message. */
export type MessageOutcome = 'would-purge' | 'purged' | 'stored-already' | 'would-replay' | 'replayed' | 'failed-again' | 'error';
/** One selected queue message, described. */
export type QueueMessageEntry = {
  messageId: string | undefined;
  kind: string;
  reason: string;
  function: string;
  deviceIds: string[];
  eventIds: string[];
  failedAt?: string;
  attempts?: number;
  message: string;
  receiveCount: number;
  /** Whether all its readings are in the hot table (`null`: the lookup failed). */
  storedAlready?: boolean | null;
  outcome?: MessageOutcome;
  error?: string;
  /** Reasons the service parked the replayed readings under again. */
  parkedAgainAs?: string[];
};
/** A message the reader could not read: left in the queue. */
export type UnreadableMessage = { messageId: string | undefined; problem: string; error: string; body: string };
/** The counts a command keeps (list: storedAlready; purge: purged, errors; replay: the rest). */
export type QueueCounts = { replayed?: number; failedAgain?: number; storedAlready?: number; duplicates?: number; deleted?: number; purged?: number; errors?: number };
/** What a queue command did (`--json` prints it as it is). */
export type QueueSummary = {
  command: FailuresCommand;
  queueUrl: string;
  stage: string;
  region: string;
  dryRun: boolean;
  received: number;
  arrivedDuringRun: number;
  selected: number;
  messages: QueueMessageEntry[];
  unreadable: UnreadableMessage[];
  lookupError?: string;
  durationMs?: number;
} & QueueCounts;
/** How output is printed: `json` one line on stdout, else tables and sentences. */
export type PrintOptions = { json: boolean };

/** Adds `by` to one of the summary's counts. */
export function bump(summary: QueueSummary, key: keyof QueueCounts, by = 1): void {
  summary[key] = (summary[key] ?? 0) + by;
}

/** A progress line on stderr every 50 messages or 2 s — none for work that ends sooner. */
export function createProgress(
  summary: QueueSummary,
  approximateTotal: number | undefined,
  { now = Date.now, write = (line: string) => void process.stderr.write(line) }: { now?: () => number; write?: (line: string) => void } = {},
): { tick(): void } {
  let lastAt = now();
  let lastReceived = 0;
  const of = approximateTotal === undefined ? '' : ` of ~${approximateTotal}`;
  return {
    tick() {
      if (summary.received - lastReceived < PROGRESS_EVERY_MESSAGES && now() - lastAt < PROGRESS_EVERY_MS) return;
      lastAt = now();
      lastReceived = summary.received;
      write(`received ${summary.received}${of}: ${summary.selected} selected, ${summary.unreadable.length} unreadable${doneSoFar(summary)} …\n`);
    },
  };
}

function doneSoFar(s: QueueSummary): string {
  if (s.dryRun || s.command === 'list') return '';
  if (s.command === 'purge') return `, ${s.purged} purged`;
  return `, ${s.replayed} replayed, ${s.storedAlready} stored already, ${s.failedAgain} failed again, ${s.errors} error(s)`;
}

/** Prints the summary: one JSON line with --json, else tables and a few sentences. */
export function printQueueSummary(s: QueueSummary, options: PrintOptions): void {
  if (options.json) return void process.stdout.write(`${JSON.stringify(s)}\n`);
  const where = `${s.queueUrl} (stage ${s.stage}, ${s.region})`;
  if (s.lookupError) console.error(`failures: ${s.lookupError}`);
  if (s.command === 'list' && s.messages.length > 0) {
    console.table(
      s.messages.map((m) => ({
        kind: m.kind,
        reason: m.reason,
        function: m.function,
        device: m.deviceIds.join(' '),
        events: m.eventIds.length <= 1 ? (m.eventIds[0] ?? '') : `${m.eventIds[0]} +${m.eventIds.length - 1}`,
        stored: m.storedAlready === null ? '?' : m.storedAlready ? 'after all' : 'no',
        failedAt: m.failedAt ?? '',
        message: m.message.slice(0, 60),
      })),
    );
  }
  for (const m of s.messages) if (m.outcome === 'error') console.error(`${s.command} of message ${m.messageId} (${m.reason}) failed: ${m.error}`);
  for (const u of s.unreadable) console.error(`left in the queue: message ${u.messageId} (${u.problem}): ${u.error}`);
  const arrived = s.arrivedDuringRun > 0 ? `; ${s.arrivedDuringRun} message(s) parked during the run left for the next one` : '';
  const unreadable = `${s.unreadable.length > 0 ? `; ${s.unreadable.length} unreadable message(s) left in the queue` : ''}${arrived}`;
  const selected = `${s.selected} of ${s.received} message(s) received from ${where}`;
  if (s.command === 'list') {
    console.log(
      `${selected} selected — by kind ${JSON.stringify(countBy(s.messages, (m) => m.kind))}, by reason ${JSON.stringify(countBy(s.messages, (m) => m.reason))}; ` +
        `${s.storedAlready} of them of readings stored after all (replay deletes those, sends nothing)${unreadable}; the queue is left as it was`,
    );
  } else if (s.command === 'purge') {
    console.log(s.dryRun ? `would purge ${s.selected} message(s) (dry run: nothing deleted); ${selected}${unreadable}` : `purged ${s.purged} message(s); ${selected}, ${s.errors} error(s)${unreadable}`);
  } else if (s.dryRun) {
    const would = s.messages.filter((m) => m.outcome === 'would-replay').length;
    console.log(`would replay ${would} and delete ${s.storedAlready} stored already (dry run: nothing sent or deleted); ${selected}${unreadable}`);
  } else {
    console.log(
      `replayed ${s.replayed} of ${s.selected}; ${s.storedAlready} stored already (deleted, not sent), ${s.failedAgain} failed again (parked anew), ` +
        `${s.duplicates} duplicate(s), ${s.errors} error(s) (left in the queue); ${s.deleted} message(s) deleted${unreadable}`,
    );
  }
}

/** Prints the local store's selected records: the records as JSON, or a table and a sentence. */
export function printLocalList(selected: readonly ParkedRecord[], total: number, options: PrintOptions): void {
  if (options.json) return void process.stdout.write(`${JSON.stringify(selected)}\n`);
  console.table(
    selected.map((r) => ({
      failedAt: r.failedAt,
      stage: r.stage,
      reason: r.reason,
      device: r.deviceId ?? '',
      event: r.eventId ?? '',
      stored: r.storedAfterAll ? 'after all' : 'no',
      attempts: r.attempts,
      message: String(r.message).slice(0, 60),
    })),
  );
  const unstored = selected.filter((r) => !r.storedAfterAll);
  // A reading parked twice has two records: readings are counted by event id.
  const readings = new Set(unstored.map((r) => r.eventId ?? r.id)).size;
  console.log(
    `${selected.length} of ${total} record(s): ${readings} reading(s) still unstored (records by reason:`,
    countBy(unstored, (r) => r.reason),
    `); ${selected.length - unstored.length} record(s) of readings stored after all (replay removes them as duplicates)`,
  );
}

/** Prints what a purge of the local store did. */
export function printLocalPurge(outcome: LocalPurgeSummary, total: number, options: PrintOptions): void {
  if (options.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
  else if (outcome.dryRun) console.log(`would purge ${outcome.selected} of ${total} record(s) (dry run: nothing removed)`);
  else console.log(`purged ${outcome.purged} of ${total} record(s)`);
}

/** Prints what a replay of the local store did. */
export function printLocalReplay(outcome: LocalReplaySummary, options: PrintOptions): void {
  if (options.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
  else if (outcome.dryRun) {
    console.log(`would replay ${outcome.wouldReplay} of ${outcome.selected}; ${outcome.storedAlready} stored already (would be removed, not sent) — dry run: nothing sent or removed`);
  } else {
    console.log(
      `replayed ${outcome.replayed} of ${outcome.selected}; ${outcome.storedAlready} stored already (records removed, not sent), ` +
        `${outcome.failedAgain} failed again (parked anew), ${outcome.duplicates} duplicate(s) in all, ${outcome.errors} error(s)`,
    );
  }
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
