// 3. Persister writes, as the local twin serves them: the persister's write path — PartiQL INSERTs,
// 25 per BatchExecuteStatement — vs one conditional PutItem per reading, both through the twin's
// DynamoDB front (@twinflow/local-twin's startDynamo: HTTP front over dynalite, inserts emulated
// there under its write lock), same items, same run. A warm-up of both paths goes first.
import { BatchExecuteStatementCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { hotTableShape, startDynamo } from '@twinflow/local-twin';

const INSERT = (table: string): string => `INSERT INTO "${table}" VALUE {'device_id': ?, 'timestamp': ?, 'event_id': ?, 'content_hash': ?, 'data': ?, 'processed_at': ?, 'ttl': ?}`;
const ATTRIBUTES = ['device_id', 'timestamp', 'event_id', 'content_hash', 'data', 'processed_at', 'ttl'] as const;
const WARM_UP = 250;


const item = (n: number) => ({
  device_id: `thermostat-${n % 4}`,
  timestamp: new Date(Date.UTC(2026, 10, 24) + n).toISOString(),
  event_id: `e${n}`,
  content_hash: n.toString(16).padStart(32, '0'),
  data: { temperatureC: 21.5, comfort: 'comfortable' },
  processed_at: '2026-11-24T08:00:00.000Z',
  ttl: 1766563200,
});

async function putEach(documents: DynamoDBDocumentClient, table: string, items: number): Promise<void> {
  for (let n = 0; n < items; n += 1) {
    await documents.send(new PutCommand({ TableName: table, Item: item(n), ConditionExpression: 'attribute_not_exists(device_id)' }));
  }
}

async function insertBatches(documents: DynamoDBDocumentClient, table: string, items: number): Promise<void> {
  for (let n = 0; n < items; n += 25) {
    const Statements = Array.from({ length: Math.min(25, items - n) }, (_, i) => {
      const row = item(n + i);
      return { Statement: INSERT(table), Parameters: ATTRIBUTES.map((name) => row[name]) };
    });
    const { Responses = [] } = await documents.send(new BatchExecuteStatementCommand({ Statements }));
    const failed = Responses.find((response) => response.Error !== undefined);
    if (failed || Responses.length !== Statements.length) throw new Error(`insert failed: ${JSON.stringify(failed?.Error ?? Responses.length)}`);
  }
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Batched PartiQL INSERTs vs one conditional PutItem per reading, `items` of each. */
export async function persisterWrites({ items }: { items: number }) {
  const dynamo = await startDynamo({ port: 0, region: 'eu-central-1', tables: ['warm-put', 'warm-batch', 'put-hot', 'batch-hot'].map(hotTableShape) });
  try {
    const documents = DynamoDBDocumentClient.from(dynamo.client);
    await putEach(documents, 'warm-put', WARM_UP);
    await insertBatches(documents, 'warm-batch', WARM_UP);
    const putMs = await timed(() => putEach(documents, 'put-hot', items));
    const batchMs = await timed(() => insertBatches(documents, 'batch-hot', items));
    const putPerS = Math.round((items / putMs) * 1000);
    const batchPerS = Math.round((items / batchMs) * 1000);
    return {
      name: "persister writes (local twin's DynamoDB front over dynalite): BatchExecuteStatement, 25 INSERTs per request, vs one conditional PutItem per reading",
      rows: [{ items, putItemsPerS: putPerS, batchItemsPerS: batchPerS, ratio: Math.round((batchPerS / putPerS) * 100) / 100, goal: '≥ 5' }],
    };
  } finally {
    await dynamo.close();
  }
}
