// The local twin's failure store as the twin reads it: the table `{twin}-failures` plus the spool
// file that stands in for Lambda's on-failure destination while DynamoDB is unreachable.
import { existsSync, readFileSync } from 'node:fs';
import { paginateScan } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** Every failure record (table and spool), with `original` parsed and `spooled` set for spool lines. */
export async function readFailureRecords({ client, table, spoolFile }) {
  const records = [];
  for await (const page of paginateScan({ client }, { TableName: table })) {
    for (const item of page.Items ?? []) {
      const record = unmarshall(item);
      records.push({ ...record, original: parseOriginal(record.original) });
    }
  }
  for (const line of spoolLines(spoolFile)) records.push({ ...JSON.parse(line), spooled: true });
  return records;
}

/** The spool file's non-empty lines (none when it does not exist). */
function spoolLines(spoolFile) {
  if (!spoolFile || !existsSync(spoolFile)) return [];
  return readFileSync(spoolFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

function parseOriginal(text) {
  try {
    return JSON.parse(String(text));
  } catch {
    return text;
  }
}
