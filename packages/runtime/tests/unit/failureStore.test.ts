import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { UnknownDeviceError } from '@twinflow/core';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { FailureStoreError, MemoryFailureStore, SqsFailureStore, createFailureRecord, failureStoreFromEnv, readServiceEnv } from '../../src';

const sqs = mockClient(SQSClient);
const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);

describe('createFailureRecord', () => {
  it('derives reason and type from the error and keeps the original', () => {
    const original = { device_id: 'pump-9', v: 1 };
    const record = createFailureRecord({ twin: 'demo', stage: 'dispatch', error: new UnknownDeviceError('pump-9'), original, deviceId: 'pump-9', now: () => NOW });
    expect(record).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      twin: 'demo',
      stage: 'dispatch',
      reason: 'unknown-device',
      errorType: 'UnknownDeviceError',
      message: expect.stringContaining('pump-9'),
      attempts: 1,
      failedAt: '2026-11-24T08:00:00.000Z',
      deviceId: 'pump-9',
      original,
    });
  });

  it('describes non-errors and honours an explicit reason', () => {
    const record = createFailureRecord({ twin: 'demo', stage: 'persist', error: 'boom', original: null, reason: 'persister-unavailable', attempts: 4 });
    expect(record).toMatchObject({ errorType: 'string', message: 'boom', reason: 'persister-unavailable', attempts: 4 });
  });

  it("keeps the reading's table key (device id, timestamp) and event id when given, and leaves out what is not known", () => {
    // Prepare
    const base = { twin: 'demo', stage: 'process' as const, error: new Error('x'), original: { a: 1 }, now: () => NOW };

    // Act
    const known = createFailureRecord({ ...base, deviceId: 'pump-1', eventId: 'e-1', timestamp: '2026-11-24T07:00:00.000Z' });
    const unknown = createFailureRecord({ ...base, deviceId: undefined, eventId: undefined, timestamp: undefined });

    // Assess
    expect(known).toMatchObject({ deviceId: 'pump-1', eventId: 'e-1', timestamp: '2026-11-24T07:00:00.000Z' });
    expect(unknown).not.toHaveProperty('deviceId');
    expect(unknown).not.toHaveProperty('eventId');
    expect(unknown).not.toHaveProperty('timestamp');
  });
});

describe('SqsFailureStore', () => {
  beforeEach(() => sqs.reset());
  const record = createFailureRecord({ twin: 'demo', stage: 'process', error: new Error('x'), original: { a: 1 }, deviceId: 'pump-1', reason: 'function-error' });

  it('sends each record as a message with filterable attributes', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
    const store = new SqsFailureStore({ queueUrl: 'https://sqs.eu-central-1.amazonaws.com/1/demo-failures', client: new SQSClient({ region: 'eu-central-1' }) });
    // Act
    await store.put([record, { ...record, id: 'second', deviceId: undefined }]);
    // Assess
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 2);
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      QueueUrl: 'https://sqs.eu-central-1.amazonaws.com/1/demo-failures',
      MessageBody: JSON.stringify(record),
      MessageAttributes: {
        stage: { DataType: 'String', StringValue: 'process' },
        reason: { DataType: 'String', StringValue: 'function-error' },
        deviceId: { DataType: 'String', StringValue: 'pump-1' },
      },
    });
  });

  it('rejects with FailureStoreError after trying every record', async () => {
    sqs.on(SendMessageCommand).rejectsOnce(new Error('throttled')).resolves({});
    const store = new SqsFailureStore({ queueUrl: 'q', client: new SQSClient({ region: 'eu-central-1' }) });
    const result = store.put([record, record, record]);
    await expect(result).rejects.toBeInstanceOf(FailureStoreError);
    await expect(result).rejects.toThrow('could not keep 1 of 3 failed readings in q');
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 3);
  });
});

describe('failureStoreFromEnv', () => {
  beforeEach(() => sqs.reset());

  it('builds the store the environment asks for', () => {
    expect(failureStoreFromEnv(readServiceEnv({ TWIN_NAME: 'demo', FAILURE_STORE: 'memory' }))).toBeInstanceOf(MemoryFailureStore);
  });

  it('builds the SQS store, whose puts send every record to the queue', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
    const store = failureStoreFromEnv(readServiceEnv({ TWIN_NAME: 'demo', FAILURE_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/demo-failures', AWS_REGION: 'eu-central-1' }));
    const record = (n: number) => createFailureRecord({ twin: 'demo', stage: 'dispatch', error: new Error(`e${n}`), original: n, now: () => NOW });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);

    // Act: two first puts at once, then a third
    await Promise.all([store.put([record(1)]), store.put([record(2), record(3)])]);
    await store.put([record(4)]);

    // Assess
    const bodies = sqs.commandCalls(SendMessageCommand).map((call) => JSON.parse(call.args[0].input.MessageBody as string) as { message: string });
    expect(bodies.map((b) => b.message).sort()).toEqual(['e1', 'e2', 'e3', 'e4']);
    for (const call of sqs.commandCalls(SendMessageCommand)) expect(call.args[0].input.QueueUrl).toBe('https://sqs.eu-central-1.amazonaws.com/123456789012/demo-failures');
  });

  it('surfaces a failing SQS store as FailureStoreError', async () => {
    // Prepare
    sqs.on(SendMessageCommand).rejects(new Error('AccessDenied'));
    const store = failureStoreFromEnv(readServiceEnv({ TWIN_NAME: 'demo', FAILURE_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/demo-failures', AWS_REGION: 'eu-central-1' }));

    // Act / Assess
    await expect(store.put([createFailureRecord({ twin: 'demo', stage: 'dispatch', error: new Error('x'), original: 1, now: () => NOW })])).rejects.toBeInstanceOf(FailureStoreError);
  });

  it('memory store keeps records in order', async () => {
    const store = new MemoryFailureStore();
    const a = createFailureRecord({ twin: 'demo', stage: 'dispatch', error: new Error('a'), original: 1 });
    const b = createFailureRecord({ twin: 'demo', stage: 'dispatch', error: new Error('b'), original: 2 });
    await store.put([a]);
    await store.put([b]);
    expect(store.records.map((r) => r.message)).toEqual(['a', 'b']);
  });
});

describe('DynamoFailureStore', () => {
  // Real DynamoDB semantics (dynalite), not a mock: round trip through the table.
  const dynalite = require('dynalite') as (opts: object) => import('node:http').Server;
  const server = dynalite({ createTableMs: 0 });
  let endpoint = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address() as import('node:net').AddressInfo;
    endpoint = `http://127.0.0.1:${address.port}`;
    const { DynamoDBClient, CreateTableCommand } = await import('@aws-sdk/client-dynamodb');
    const client = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(
      new CreateTableCommand({
        TableName: 'demo-failures',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('puts, lists in failure order with the original intact, and removes', async () => {
    // Prepare
    process.env['AWS_ACCESS_KEY_ID'] = 'local';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'local';
    const { DynamoFailureStore } = await import('../../src');
    const store = new DynamoFailureStore({ tableName: 'demo-failures', endpoint, region: 'eu-central-1' });
    const records = Array.from({ length: 30 }, (_, n) =>
      createFailureRecord({ twin: 'demo', stage: 'dispatch', error: new Error(`e${n}`), original: { n, nested: { list: [1, null] } }, now: () => NOW + n }),
    );
    // Act
    await store.put(records);
    const listed = await store.list();
    await store.remove(records.slice(0, 10).map((r) => r.id));
    const after = await store.list();
    // Assess
    expect(listed).toHaveLength(30);
    expect(listed.map((r) => r.message)).toEqual(records.map((r) => r.message));
    expect(listed[3]?.original).toEqual({ n: 3, nested: { list: [1, null] } });
    expect(after.map((r) => r.id)).toEqual(records.slice(10).map((r) => r.id));
  });
});

describe('DynamoFailureStore spool', () => {
  it('keeps records in the spool file while the table is unreachable, and lists and removes them later', async () => {
    // Prepare
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { DynamoFailureStore } = await import('../../src');
    const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-spool-'));
    const spoolFile = path.join(dir, 'spool.jsonl');
    const { DynamoDBDocumentClient, BatchWriteCommand, ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const documents = mockClient(DynamoDBDocumentClient);
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
    const store = new DynamoFailureStore({ tableName: 'demo-failures', client, spoolFile, sleep: async () => undefined });
    const record = createFailureRecord({ twin: 'demo', stage: 'persist', error: new Error('down'), original: { a: 1 }, now: () => NOW });
    try {
      // Act: table down (a network error: retried, then spooled)
      documents.on(BatchWriteCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      await store.put([record]);
      const writesWhileDown = documents.commandCalls(BatchWriteCommand).length;
      const spooled = readFileSync(spoolFile, 'utf8');
      // table back
      documents.reset();
      documents.on(ScanCommand).resolves({ Items: [] });
      documents.on(BatchWriteCommand).resolves({});
      const listed = await store.list();
      await store.remove([record.id]);
      // Assess
      expect(writesWhileDown).toBe(6);
      expect(JSON.parse(spooled.trim())).toEqual(record);
      expect(listed).toEqual([record]);
      expect(readFileSync(spoolFile, 'utf8')).toBe('');
      // without a spool file, an unreachable table is an error the handler must surface
      documents.on(BatchWriteCommand).rejects(new Error('connect ECONNREFUSED'));
      await expect(new DynamoFailureStore({ tableName: 't', client }).put([record])).rejects.toThrow(/could not write failure records to t/);
    } finally {
      documents.restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DynamoFailureStore retries', () => {
  // aws-sdk-client-mock: the store's own loop (health's withRetries) around BatchWriteItem.
  const TABLE = 'demo-failures';
  let documents: import('aws-sdk-client-mock').AwsClientStub<import('@aws-sdk/lib-dynamodb').DynamoDBDocumentClient>;
  let lib: typeof import('@aws-sdk/lib-dynamodb');
  let delays: number[];
  const failure = (message: string) => createFailureRecord({ twin: 'demo', stage: 'persist', error: new Error(message), original: { message }, now: () => NOW });
  const records = [failure('a'), failure('b'), failure('c')] as const;
  const putRequest = (record: (typeof records)[number]) => ({ PutRequest: { Item: { ...record, original: JSON.stringify(record.original) } } });

  beforeAll(async () => {
    lib = await import('@aws-sdk/lib-dynamodb');
    documents = mockClient(lib.DynamoDBDocumentClient);
  });
  beforeEach(() => {
    documents.reset();
    delays = [];
  });
  afterAll(() => documents.restore());

  const buildStore = async (spoolFile?: string) => {
    const { DynamoFailureStore } = await import('../../src');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const client = lib.DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
    return new DynamoFailureStore({ tableName: TABLE, client, sleep: async (ms) => void delays.push(ms), random: () => 0.5, spoolFile });
  };

  it('sends unprocessed items again until they are written', async () => {
    // Prepare
    documents
      .on(lib.BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [putRequest(records[1]), putRequest(records[2])] } })
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [putRequest(records[2])] } })
      .resolves({});
    const store = await buildStore();

    // Act
    await store.put(records);

    // Assess
    const sent = documents.commandCalls(lib.BatchWriteCommand).map((call) => call.args[0].input.RequestItems?.[TABLE]?.map((request) => request.PutRequest?.Item?.['message']));
    expect(sent).toEqual([['a', 'b', 'c'], ['b', 'c'], ['c']]);
    expect(delays).toEqual([10, 20]);
  });

  it('retries a throttled or failing request', async () => {
    // Prepare
    const { ProvisionedThroughputExceededException } = await import('@aws-sdk/client-dynamodb');
    documents
      .on(lib.BatchWriteCommand)
      .rejectsOnce(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(Object.assign(new Error('internal'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } }))
      .resolves({});
    const store = await buildStore();

    // Act
    await store.put([records[0]]);

    // Assess
    expect(documents).toHaveReceivedCommandTimes(lib.BatchWriteCommand, 3);
    expect(delays).toEqual([10, 20]);
  });

  it('rejects a permanent error at once with a FailureStoreError carrying it', async () => {
    // Prepare
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    documents.on(lib.BatchWriteCommand).rejects(denied);
    const store = await buildStore();

    // Act
    const error = await store.put([records[0]]).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(FailureStoreError);
    expect(error).toMatchObject({ cause: denied, attempts: 1, message: expect.stringMatching(/^could not write failure records to demo-failures/) });
    expect(documents).toHaveReceivedCommandTimes(lib.BatchWriteCommand, 1);
    expect(delays).toEqual([]);
  });

  it('gives up after 5 retries while items stay unprocessed, and spools them when it has a spool file', async () => {
    // Prepare
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-spool-'));
    documents.on(lib.BatchWriteCommand).resolves({ UnprocessedItems: { [TABLE]: [putRequest(records[0])] } });
    try {
      // Act
      const error = await (await buildStore()).put([records[0]]).catch((caught: unknown) => caught);
      const calls = documents.commandCalls(lib.BatchWriteCommand).length;
      const spoolFile = path.join(dir, 'spool.jsonl');
      await (await buildStore(spoolFile)).put([records[0]]);

      // Assess
      expect(error).toBeInstanceOf(FailureStoreError);
      expect(error).toMatchObject({ attempts: 6, cause: expect.objectContaining({ name: 'FailureStoreError', retryable: true }) });
      expect(calls).toBe(6);
      expect(delays.slice(0, 5)).toEqual([10, 20, 40, 80, 160]);
      expect(JSON.parse(readFileSync(spoolFile, 'utf8').trim())).toEqual(records[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds its default client without SDK retries (the store retries itself)', async () => {
    // Prepare
    const { DynamoFailureStore } = await import('../../src');

    // Act
    const store = new DynamoFailureStore({ tableName: TABLE, region: 'eu-central-1' });

    // Assess
    expect(await store.client.config.maxAttempts()).toBe(1);
  });
});
