import path from 'node:path';
import { arn, grantsOf, leastPrivilegeViolations, readPackagedTemplate, resolve, singleResourceOfType } from '@twinflow/testing/cloudformation';
import { describeServiceAlarms, describeServiceFunction, describeServiceTargets, describeStageSeparation, readTwinSettings } from '@twinflow/testing/serviceSuites';

const serviceDir = path.resolve(__dirname, '../..');
const { twinName: twin, retentionDays } = readTwinSettings();
const template = readPackagedTemplate(serviceDir);

const persister = `${twin}-persister`;
const hotTable = `${twin}-hot`;
const failureQueue = `${twin}-failures`;

describeServiceFunction(serviceDir, {
  functionName: persister,
  timeoutSeconds: 30,
  environment: { HOT_TABLE: hotTable, RETENTION_DAYS: String(retentionDays) },
});

describe('hot table', () => {
  const [, table] = singleResourceOfType(template, 'AWS::DynamoDB::Table');
  const properties = resolve(template, table.Properties) as Record<string, unknown>;

  it('is keyed by device and ISO timestamp, both strings', () => {
    expect(properties['TableName']).toBe(hotTable);
    expect(properties['KeySchema']).toEqual([
      { AttributeName: 'device_id', KeyType: 'HASH' },
      { AttributeName: 'timestamp', KeyType: 'RANGE' },
    ]);
    expect(properties['AttributeDefinitions']).toEqual([
      { AttributeName: 'device_id', AttributeType: 'S' },
      { AttributeName: 'timestamp', AttributeType: 'S' },
    ]);
  });

  it('expires items through the `ttl` attribute', () => {
    expect(properties['TimeToLiveSpecification']).toEqual({ AttributeName: 'ttl', Enabled: true });
  });

  it('bills per request and keeps point-in-time recovery on', () => {
    expect(properties['BillingMode']).toBe('PAY_PER_REQUEST');
    expect(properties['PointInTimeRecoverySpecification']).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('survives the removal or replacement of the stack', () => {
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('failure queue', () => {
  const [, queue] = singleResourceOfType(template, 'AWS::SQS::Queue');

  it('keeps failures for 14 days, encrypted', () => {
    expect(resolve(template, queue.Properties)).toEqual({
      QueueName: failureQueue,
      MessageRetentionPeriod: 1209600,
      SqsManagedSseEnabled: true,
    });
  });
});

describe('IAM', () => {
  it('lets the persister insert into and read back the hot table and write the failure queue, nothing else', () => {
    const grants = grantsOf(template, 'IamRoleLambdaExecution').filter((grant) => !grant.startsWith('logs:'));
    expect(grants).toEqual(
      [
        `dynamodb:BatchGetItem ${arn.dynamodbTable(hotTable)}`,
        `dynamodb:PartiQLInsert ${arn.dynamodbTable(hotTable)}`,
        `sqs:SendMessage ${arn.sqsQueue(failureQueue)}`,
      ].sort(),
    );
  });

  it('grants no wildcard action and no resource beyond those and its own log group', () => {
    const allowed = [arn.dynamodbTable(hotTable), arn.sqsQueue(failureQueue), ...arn.functionLogGroup(persister)];
    expect(leastPrivilegeViolations(template, allowed)).toEqual([]);
  });

  it('cannot invoke any function', () => {
    expect(grantsOf(template, 'IamRoleLambdaExecution').filter((grant) => grant.startsWith('lambda:'))).toEqual([]);
  });
});

describeServiceAlarms(serviceDir, persister);
describeStageSeparation(serviceDir, persister);
describeServiceTargets(serviceDir);
