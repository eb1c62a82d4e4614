import type { AddressInfo } from 'node:net';
import { CreateTableCommand, type CreateTableCommandInput, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { BatchExecuteStatementCommand, DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, hotTableShape, startDynamo, type LocalDynamo } from '../../src/dynamo';

const HOT = 'demo-hot';
const INSERT = `INSERT INTO "${HOT}" VALUE {'device_id': ?, 'timestamp': ?, 'event_id': ?, 'content_hash': ?, 'data': ?, 'processed_at': ?, 'ttl': ?}`;
const CREDENTIALS = LOCAL_CREDENTIALS;
const hotTable = hotTableShape(HOT);

/** The twin's DynamoDB (src/dynamo.ts), in this process on a free port. */
function startFront(options: { tables: CreateTableCommandInput[]; backendEndpoint?: string }): Promise<LocalDynamo> {
  return startDynamo({ port: 0, region: 'eu-central-1', tables: options.tables, ...(options.backendEndpoint ? { backendEndpoint: options.backendEndpoint } : {}) });
}

function clients(endpoint: string): { raw: DynamoDBClient; documents: DynamoDBDocumentClient } {
  const raw = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: CREDENTIALS, maxAttempts: 1 });
  return { raw, documents: DynamoDBDocumentClient.from(raw) };
}

/** A hot-table item of `device` at second `n`, by `eventId`. */
function item(device: string, n: number, eventId = `e${n}`): Record<string, NativeAttributeValue> {
  return {
    device_id: device,
    timestamp: new Date(Date.UTC(2026, 10, 24, 8, 0, n)).toISOString(),
    event_id: eventId,
    content_hash: eventId.padStart(32, '0').slice(-32),
    data: { celsius: n },
    processed_at: '2026-11-24T08:00:00.000Z',
    ttl: 1766563200,
  };
}

const statement = (value: Record<string, NativeAttributeValue>) => ({
  Statement: INSERT,
  Parameters: ['device_id', 'timestamp', 'event_id', 'content_hash', 'data', 'processed_at', 'ttl'].map((name) => value[name]),
});

describe('the local twin DynamoDB front (dynamo.ts)', () => {
  let front: LocalDynamo;
  let documents: DynamoDBDocumentClient;
  let raw: DynamoDBClient;

  beforeAll(async () => {
    front = await startFront({ tables: [hotTable] });
    ({ raw, documents } = clients(front.endpoint));
  });

  afterAll(async () => {
    raw.destroy();
    front.client.destroy();
    await front.close();
  });

  const stored = async (value: Record<string, NativeAttributeValue>) =>
    (await documents.send(new GetCommand({ TableName: HOT, Key: { device_id: value['device_id'], timestamp: value['timestamp'] }, ConsistentRead: true }))).Item;

  it('inserts the items of a BatchExecuteStatement, answering in statement order', async () => {
    // Prepare
    const values = [item('insert-1', 0), item('insert-1', 1), item('insert-2', 0)];

    // Act
    const output = await documents.send(new BatchExecuteStatementCommand({ Statements: values.map(statement) }));

    // Assess
    expect(output.Responses).toEqual(values.map(() => ({ TableName: HOT })));
    for (const value of values) expect(await stored(value)).toEqual(value);
  });

  it('answers DuplicateItem for an existing key and for a repeat inside the request, changing nothing', async () => {
    // Prepare
    const first = item('dup-1', 0, 'first');
    await documents.send(new BatchExecuteStatementCommand({ Statements: [statement(first)] }));
    const fresh = item('dup-1', 1, 'fresh');

    // Act
    const output = await documents.send(
      new BatchExecuteStatementCommand({ Statements: [statement(item('dup-1', 0, 'other')), statement(fresh), statement(item('dup-1', 1, 'repeat'))] }),
    );

    // Assess
    const duplicate = { TableName: HOT, Error: { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' } };
    expect(output.Responses).toEqual([duplicate, { TableName: HOT }, duplicate]);
    expect(await stored(first)).toEqual(first);
    expect(await stored(fresh)).toEqual(fresh);
  });

  it('fails only the statements with bad values or a missing table', async () => {
    // Prepare
    const good = item('bad-1', 0);

    // Act
    const output = await documents.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: INSERT, Parameters: ['bad-1', 'only two'] },
          statement(good),
          { Statement: INSERT.replace(HOT, 'missing-hot'), Parameters: statement(item('bad-1', 2)).Parameters },
          { Statement: INSERT, Parameters: statement({ ...item('bad-1', 3), timestamp: 42 }).Parameters },
        ],
      }),
    );

    // Assess
    expect(output.Responses?.map((response) => response.Error?.Code)).toEqual(['ValidationError', undefined, 'ResourceNotFound', 'ValidationError']);
    expect(output.Responses?.[0]?.Error?.Message).toMatch(/Number of parameters/);
    expect(await stored(good)).toEqual(good);
  });

  it('fails only an item the backend refuses (too large), writing the others of the request', async () => {
    // Prepare
    const [small, large, other] = [item('large-1', 0), { ...item('large-1', 1), data: { blob: 'x'.repeat(401 * 1024) } }, item('large-1', 2)];

    // Act
    const output = await documents.send(new BatchExecuteStatementCommand({ Statements: [small, large, other].map(statement) }));

    // Assess
    expect(output.Responses?.map((response) => response.Error?.Code)).toEqual([undefined, 'ValidationError', undefined]);
    expect(output.Responses?.[1]?.Error?.Message).toMatch(/size has exceeded/);
    expect(await stored(small)).toEqual(small);
    expect(await stored(large)).toBeUndefined();
    expect(await stored(other)).toEqual(other);
  });

  it.each([
    ['a SELECT', `SELECT * FROM "${HOT}"`],
    ['an UPDATE', `UPDATE "${HOT}" SET ttl = 1 WHERE device_id = 'x' AND "timestamp" = 'y'`],
    ['an INSERT of literal values', `INSERT INTO "${HOT}" VALUE {'device_id': 'x', 'timestamp': 'y'}`],
    ['an INSERT without quotes around the table', `INSERT INTO ${HOT} VALUE {'device_id': ?, 'timestamp': ?}`],
  ])('refuses %s as a whole with a ValidationException naming what is supported', async (_name, text) => {
    // Act
    const outcome = documents.send(new BatchExecuteStatementCommand({ Statements: [statement(item('unsupported-1', 0)), { Statement: text, Parameters: ['x', 'y'] }] }));

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    await expect(outcome).rejects.toThrow(`the local twin supports only INSERT INTO "t" VALUE {'a': ?, ...} statements`);
    expect(await stored(item('unsupported-1', 0))).toBeUndefined();
  });

  it('never lets a conditional PutItem and an insert of the same key both succeed', async () => {
    // Prepare: per key, an insert and a conditional put race; each is answered by its own connection.
    const keys = Array.from({ length: 40 }, (_, n) => n);
    const racers = Array.from({ length: 4 }, () => clients(front.endpoint).documents);

    // Act
    const outcomes = await Promise.all(
      keys.map(async (n) => {
        const [inserter, putter] = [racers[n % 4], racers[(n + 1) % 4]] as [DynamoDBDocumentClient, DynamoDBDocumentClient];
        const [inserted, put] = await Promise.all([
          inserter.send(new BatchExecuteStatementCommand({ Statements: [statement(item('race-1', n, `insert-${n}`))] })).then((out) => out.Responses?.[0]?.Error === undefined),
          putter.send(new PutCommand({ TableName: HOT, Item: item('race-1', n, `put-${n}`), ConditionExpression: 'attribute_not_exists(device_id)' })).then(
            () => true,
            (error: Error) => (error.name === 'ConditionalCheckFailedException' ? false : Promise.reject(error)),
          ),
        ]);
        return { n, inserted, put };
      }),
    );

    // Assess
    for (const { n, inserted, put } of outcomes) {
      expect([inserted, put].filter(Boolean)).toHaveLength(1);
      expect((await stored(item('race-1', n)))?.['event_id']).toBe(inserted ? `insert-${n}` : `put-${n}`);
    }
  });

  it('forwards every other request as it is (scan, conditional put)', async () => {
    // Prepare
    await documents.send(new PutCommand({ TableName: HOT, Item: item('forward-1', 0) }));

    // Act
    const scan = await documents.send(new ScanCommand({ TableName: HOT, FilterExpression: 'device_id = :d', ExpressionAttributeValues: { ':d': 'forward-1' } }));
    const again = documents.send(new PutCommand({ TableName: HOT, Item: item('forward-1', 0, 'other'), ConditionExpression: 'attribute_not_exists(device_id)' }));

    // Assess
    expect(scan.Items).toEqual([item('forward-1', 0)]);
    await expect(again).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it('goes away on setAvailable(false), keeping the data, and comes back on setAvailable(true)', async () => {
    // Prepare
    const value = item('outage-1', 0);
    await documents.send(new BatchExecuteStatementCommand({ Statements: [statement(value)] }));

    // Act
    await front.setAvailable(false);
    const during = documents.send(new GetCommand({ TableName: HOT, Key: { device_id: 'outage-1', timestamp: value['timestamp'] } }));
    // Refused, or reset on a kept-alive connection (Jest's realm hides the error's code: match the text).
    await expect(during).rejects.toThrow(/ECONNREFUSED|ECONNRESET|socket hang up|EPIPE/);
    await expect(documents.send(new GetCommand({ TableName: HOT, Key: { device_id: 'outage-1', timestamp: value['timestamp'] } }))).rejects.toThrow(/ECONNREFUSED/);
    await front.setAvailable(true);

    // Assess
    expect(await stored(value)).toEqual(value);
  });
});

describe('the local twin DynamoDB front before another endpoint (backendEndpoint)', () => {
  it('creates missing tables there, keeps existing ones, and inserts into it', async () => {
    // Prepare: a plain dynalite that already has the hot table.
    const backend = (require('dynalite') as (options: object) => import('node:http').Server)({ createTableMs: 0 });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const backendEndpoint = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    const direct = clients(backendEndpoint);
    await direct.raw.send(new CreateTableCommand(hotTable));
    const failures: CreateTableCommandInput = { TableName: 'demo-failures', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' };

    // Act
    const front = await startFront({ tables: [hotTable, failures], backendEndpoint });
    const { raw, documents } = clients(front.endpoint);
    const value = item('backend-1', 0);
    const output = await documents.send(new BatchExecuteStatementCommand({ Statements: [statement(value)] }));

    // Assess
    try {
      expect(output.Responses).toEqual([{ TableName: HOT }]);
      expect((await direct.raw.send(new ListTablesCommand({}))).TableNames).toEqual(['demo-failures', HOT]);
      expect((await direct.documents.send(new GetCommand({ TableName: HOT, Key: { device_id: 'backend-1', timestamp: value['timestamp'] } }))).Item).toEqual(value);
    } finally {
      raw.destroy();
      direct.raw.destroy();
      front.client.destroy();
      await front.close();
      await new Promise((resolve) => backend.close(resolve));
    }
  });
  it('tells when the backend itself stops answering (watch), not when the front is switched off', async () => {
    // Prepare
    const backend = (require('dynalite') as (options: object) => import('node:http').Server)({ createTableMs: 0 });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const front = await startFront({ tables: [], backendEndpoint: `http://127.0.0.1:${(backend.address() as AddressInfo).port}` });
    const dead: Error[] = [];
    const stop = front.watch((error) => dead.push(error), { intervalMs: 20, failures: 3 });
    try {
      // Act 1: the front's outage switch is deliberate, not a death
      await front.setAvailable(false);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const afterOutage = dead.length;
      // Act 2: the backend goes away
      await new Promise((resolve) => backend.close(resolve));
      backend.closeAllConnections();
      await new Promise((resolve) => setTimeout(resolve, 400));

      // Assess: told once
      expect(afterOutage).toBe(0);
      expect(dead).toHaveLength(1);
    } finally {
      stop();
      front.client.destroy();
      await front.close();
    }
  });
});
