// The local twin's failure store as the twin reads it: the table `{twin}-failures` plus the spool
// file that stands in for Lambda's on-failure destination while DynamoDB is unreachable.
import { existsSync, readFileSync } from 'node:fs';
import { paginateScan, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { FailureRecord } from '@twinflow/core';

/** A failure record as the store holds it: `original` parsed, `spooled` set for a spool-file line. */
export type StoredFailureRecord = FailureRecord & { spooled?: true };

/** Where the local failure store is: see {@link readFailureRecords}. */
export interface FailureStoreLocation {
  client: DynamoDBClient;
  /** The table, `{twin}-failures`. */
  table: string;
  /** The spool file (JSON lines), if any; a missing file holds nothing. */
  spoolFile?: string | undefined;
}

/**
 * Every failure record (the whole table, scanned page by page with the SDK's paginator, then the
 * spool file), with `original` parsed (kept as text when it is not JSON) and `spooled` set for
 * spool lines. Records are as the services wrote them (runtime's `DynamoFailureStore`).
 */
export async function readFailureRecords({ client, table, spoolFile }: FailureStoreLocation): Promise<StoredFailureRecord[]> {
  const records: StoredFailureRecord[] = [];
  for await (const page of paginateScan({ client }, { TableName: table })) {
    for (const item of page.Items ?? []) {
      const record = unmarshall(item) as FailureRecord;
      records.push({ ...record, original: parseOriginal(record.original) });
    }
  }
  for (const line of spoolLines(spoolFile)) records.push({ ...(JSON.parse(line) as FailureRecord), spooled: true });
  return records;
}

/** The spool file's non-empty lines (none when it does not exist). */
function spoolLines(spoolFile: string | undefined): string[] {
  if (!spoolFile || !existsSync(spoolFile)) return [];
  return readFileSync(spoolFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

function parseOriginal(text: unknown): unknown {
  try {
    return JSON.parse(String(text));
  } catch {
    return text;
  }
}
