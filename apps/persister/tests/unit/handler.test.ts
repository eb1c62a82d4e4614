import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HealthReport } from '@twinflow/health';
import { record } from './fixtures';

type LibDynamoDb = typeof import('@aws-sdk/lib-dynamodb');

describe('handler', () => {
  const saved = { ...process.env };

  // Each test loads the handler in a fresh module registry, so the SDK is mocked in that registry.
  let lib: LibDynamoDb;
  let ddbMock: AwsClientStub<DynamoDBDocumentClient>;

  beforeEach(() => {
    jest.resetModules();
    lib = jest.requireActual<LibDynamoDb>('@aws-sdk/lib-dynamodb');
    ddbMock = mockClient(lib.DynamoDBDocumentClient);
    ddbMock.on(lib.BatchExecuteStatementCommand).resolves({ Responses: [{ TableName: 'demo-hot' }] });
    process.env['LOG_LEVEL'] = 'silent';
  });

  afterEach(() => {
    ddbMock.restore();
    process.env = { ...saved };
  });

  it('reads no environment at import', () => {
    // Prepare
    delete process.env['TWIN_NAME'];
    process.env['FAILURE_STORE'] = 'bogus';

    // Act / Assess: an eager build would throw ServiceConfigError here.
    expect(() => jest.requireActual<typeof import('../../src/handler')>('../../src/handler')).not.toThrow();
  });

  it('builds the persister from the environment and bundled config on the first call', async () => {
    // Prepare
    process.env['TWIN_NAME'] = 'demo';
    process.env['FAILURE_STORE'] = 'memory';
    process.env['AWS_REGION'] = 'eu-central-1';
    const { handler } = jest.requireActual<typeof import('../../src/handler')>('../../src/handler');

    // Act
    const report = (await handler({ action: 'health' })) as HealthReport;
    const result = await handler({ records: [record(0)] });

    // Assess
    expect(Object.keys(report.components)).toEqual(['demo-hot']);
    expect(result).toMatchObject({ received: 1, written: 1 });
    expect(ddbMock.commandCalls(lib.BatchExecuteStatementCommand)[0]?.args[0].input.Statements?.[0]?.Statement).toMatch(/^INSERT INTO "demo-hot" VALUE /);
  });

  it('fails the cold start when the environment is invalid, naming the variable', async () => {
    // Prepare
    process.env['TWIN_NAME'] = 'demo';
    process.env['FAILURE_STORE'] = 'memory';
    process.env['RETENTION_DAYS'] = 'forever';
    const { handler } = jest.requireActual<typeof import('../../src/handler')>('../../src/handler');

    // Act / Assess
    await expect(handler({ action: 'health' })).rejects.toThrow(/RETENTION_DAYS/);
  });
});
