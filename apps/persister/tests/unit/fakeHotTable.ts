import { BatchExecuteStatementCommand, BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchExecuteStatementCommandInput, BatchGetCommandInput, DynamoDBDocumentClient, NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { INSERT, TABLE } from './fixtures';

type Item = Record<string, NativeAttributeValue>;

const ATTRIBUTES = ['device_id', 'timestamp', 'event_id', 'content_hash', 'data', 'processed_at', 'ttl'];

/** Options of {@link fakeHotTable}. */
export interface FakeTableOptions {
  /** A per-statement error code to answer instead of applying the insert (`call` counts from 0). */
  statementCode?: (item: Item, call: number) => string | undefined;
  /** Runs before a read is answered (e.g. to let an item expire in between). */
  beforeRead?: (table: FakeHotTable) => void;
}

/** The hot table as the mocked document client sees it. */
export interface FakeHotTable {
  /** Stored items by `device_id|timestamp`. */
  items: Map<string, Item>;
  /** The items of each `BatchExecuteStatement`, in statement order. */
  inserts: Item[][];
  /** The input of each `BatchGetItem`. */
  reads: BatchGetCommandInput[];
  /** Stores an item as if written earlier. */
  store: (item: Item) => void;
}

/** The key of an item in {@link FakeHotTable.items}. */
export function fakeKey(item: Item): string {
  return `${String(item['device_id'])}|${String(item['timestamp'])}`;
}

/**
 * Answers `BatchExecuteStatement` INSERTs (an existing key → `DuplicateItem`) and `BatchGetItem`
 * from a map, the way DynamoDB does, so tests can check what ends up stored.
 */
export function fakeHotTable(mock: AwsClientStub<DynamoDBDocumentClient>, options: FakeTableOptions = {}): FakeHotTable {
  const table: FakeHotTable = { items: new Map(), inserts: [], reads: [], store: (item) => void table.items.set(fakeKey(item), { ...item }) };
  mock.on(BatchExecuteStatementCommand).callsFake((input: BatchExecuteStatementCommandInput) => {
    const call = table.inserts.length;
    const items = (input.Statements ?? []).map((statement) => {
      if (statement.Statement !== INSERT) throw new Error(`unexpected statement ${String(statement.Statement)}`);
      return Object.fromEntries(ATTRIBUTES.map((name, i) => [name, statement.Parameters?.[i]])) as Item;
    });
    table.inserts.push(items);
    return {
      Responses: items.map((item) => {
        const code = options.statementCode?.(item, call);
        if (code !== undefined) return { TableName: TABLE, Error: { Code: code, Message: `${code} (fake)` } };
        if (table.items.has(fakeKey(item))) return { TableName: TABLE, Error: { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' } };
        table.store(item);
        return { TableName: TABLE };
      }),
    };
  });
  mock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
    table.reads.push(input);
    options.beforeRead?.(table);
    const keys = input.RequestItems?.[TABLE]?.Keys ?? [];
    const found = keys.flatMap((key) => {
      const item = table.items.get(fakeKey(key));
      return item === undefined ? [] : [{ device_id: item['device_id'], timestamp: item['timestamp'], event_id: item['event_id'], ...(item['content_hash'] === undefined ? {} : { content_hash: item['content_hash'] }) }];
    });
    return { Responses: { [TABLE]: found }, UnprocessedKeys: {} };
  });
  return table;
}
