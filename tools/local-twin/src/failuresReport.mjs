// What `npm run failures` says about a queue: progress on stderr while it works, then one JSON
// line (--json) or a human summary on stdout.

const PROGRESS_EVERY_MESSAGES = 50;
const PROGRESS_EVERY_MS = 2_000;

/** A progress line on stderr every 50 messages or 2 s — none for work that ends sooner. */
export function createProgress(summary, approximateTotal, { now = Date.now, write = (line) => process.stderr.write(line) } = {}) {
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

function doneSoFar(summary) {
  if (summary.dryRun || summary.command === 'list') return '';
  if (summary.command === 'purge') return `, ${summary.purged} purged`;
  return `, ${summary.replayed} replayed, ${summary.storedAlready} stored already, ${summary.failedAgain} failed again, ${summary.errors} error(s)`;
}

/** Prints the summary: one JSON line with --json, else tables and a few sentences. */
export function printQueueSummary(summary, options) {
  if (options.json) return void process.stdout.write(`${JSON.stringify(summary)}\n`);
  const where = `${summary.queueUrl} (stage ${summary.stage}, ${summary.region})`;
  if (summary.lookupError) console.error(`failures: ${summary.lookupError}`);
  if (summary.command === 'list' && summary.messages.length > 0) {
    console.table(
      summary.messages.map((m) => ({
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
  for (const m of summary.messages) if (m.outcome === 'error') console.error(`${summary.command} of message ${m.messageId} (${m.reason}) failed: ${m.error}`);
  for (const u of summary.unreadable) console.error(`left in the queue: message ${u.messageId} (${u.problem}): ${u.error}`);
  const arrived = summary.arrivedDuringRun > 0 ? `; ${summary.arrivedDuringRun} message(s) parked during the run left for the next one` : '';
  const unreadable = `${summary.unreadable.length > 0 ? `; ${summary.unreadable.length} unreadable message(s) left in the queue` : ''}${arrived}`;
  const selected = `${summary.selected} of ${summary.received} message(s) received from ${where}`;
  if (summary.command === 'list') {
    console.log(`${selected} selected — by kind ${JSON.stringify(countBy(summary.messages, 'kind'))}, by reason ${JSON.stringify(countBy(summary.messages, 'reason'))}; ` +
      `${summary.storedAlready} of them of readings stored after all (replay deletes those, sends nothing)${unreadable}; the queue is left as it was`);
  } else if (summary.command === 'purge') {
    console.log(summary.dryRun ? `would purge ${summary.selected} message(s) (dry run: nothing deleted); ${selected}${unreadable}` : `purged ${summary.purged} message(s); ${selected}, ${summary.errors} error(s)${unreadable}`);
  } else if (summary.dryRun) {
    const would = summary.messages.filter((m) => m.outcome === 'would-replay').length;
    console.log(`would replay ${would} and delete ${summary.storedAlready} stored already (dry run: nothing sent or deleted); ${selected}${unreadable}`);
  } else {
    console.log(
      `replayed ${summary.replayed} of ${summary.selected}; ${summary.storedAlready} stored already (deleted, not sent), ${summary.failedAgain} failed again (parked anew), ` +
        `${summary.duplicates} duplicate(s), ${summary.errors} error(s) (left in the queue); ${summary.deleted} message(s) deleted${unreadable}`,
    );
  }
  return undefined;
}

function countBy(items, key) {
  const counts = {};
  for (const item of items) counts[item[key]] = (counts[item[key]] ?? 0) + 1;
  return counts;
}
