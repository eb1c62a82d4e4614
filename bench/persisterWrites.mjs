// 3. Persister writes: BatchWriteItem (25 per request) vs one PutItem per reading, against dynalite,
// same number of items, same run.
import { createRequire } from 'node:module';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const require = createRequire(import.meta.url);

export async function persisterWrites({ items }) {
  const server = require('dynalite')({ createTableMs: 0 });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const raw = new DynamoDBClient({ endpoint: `http://127.0.0.1:${server.address().port}`, region: 'eu-central-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } });
  const documents = DynamoDBDocumentClient.from(raw);
  const table = async (name) =>
    raw.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'device_id', AttributeType: 'S' }, { AttributeName: 'timestamp', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'device_id', KeyType: 'HASH' }, { AttributeName: 'timestamp', KeyType: 'RANGE' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  await table('put-hot');
  await table('batch-hot');
  const item = (n) => ({
    device_id: `thermostat-${n % 4}`,
    timestamp: new Date(Date.UTC(2026, 10, 24) + n).toISOString(),
    event_id: `e${n}`,
    data: { temperatureC: 21.5, comfort: 'comfortable' },
    processed_at: '2026-11-24T08:00:00.000Z',
    ttl: 1766563200,
  });
  let started = process.hrtime.bigint();
  for (let n = 0; n < items; n += 1) {
    await documents.send(new PutCommand({ TableName: 'put-hot', Item: item(n), ConditionExpression: 'attribute_not_exists(device_id)' }));
  }
  const putMs = Number(process.hrtime.bigint() - started) / 1e6;
  started = process.hrtime.bigint();
  for (let n = 0; n < items; n += 25) {
    const chunk = Array.from({ length: Math.min(25, items - n) }, (_, i) => ({ PutRequest: { Item: item(n + i) } }));
    let pending = { 'batch-hot': chunk };
    while (pending && Object.keys(pending).length > 0) {
      const out = await documents.send(new BatchWriteCommand({ RequestItems: pending }));
      pending = out.UnprocessedItems;
    }
  }
  const batchMs = Number(process.hrtime.bigint() - started) / 1e6;
  await new Promise((resolve) => server.close(resolve));
  const putPerS = Math.round((items / putMs) * 1000);
  const batchPerS = Math.round((items / batchMs) * 1000);
  return {
    name: 'persister writes (dynalite): BatchWriteItem vs one conditional PutItem per reading',
    rows: [{ items, putItemsPerS: putPerS, batchItemsPerS: batchPerS, ratio: Math.round((batchPerS / putPerS) * 100) / 100, goal: '≥ 5' }],
  };
}
