import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { INSERT_ATTRIBUTES } from './constants';
import type { WritableItem } from './planWrites';

/**
 * The PartiQL statement that inserts one hot-table item into `table`, its values as `?`
 * parameters in {@link INSERT_ATTRIBUTES} order. `INSERT` never replaces an item: an existing
 * key fails the statement with `DuplicateItem`.
 *
 * @example
 * ```ts
 * insertStatement('demo-hot');
 * // INSERT INTO "demo-hot" VALUE {'device_id': ?, 'timestamp': ?, 'event_id': ?, 'content_hash': ?, 'data': ?, 'processed_at': ?, 'ttl': ?}
 * ```
 */
export function insertStatement(table: string): string {
  return `INSERT INTO "${table}" VALUE {${INSERT_ATTRIBUTES.map((name) => `'${name}': ?`).join(', ')}}`;
}

/**
 * The parameters of {@link insertStatement} for `item` (native values; the document client
 * marshalls them).
 *
 * @example
 * ```ts
 * new BatchExecuteStatementCommand({ Statements: [{ Statement: insertStatement(table), Parameters: insertParameters(item) }] });
 * ```
 */
export function insertParameters(item: WritableItem): NativeAttributeValue[] {
  return INSERT_ATTRIBUTES.map((name) => item[name]);
}
