import path from 'node:path';
import {
  arn,
  grantsOf,
  leastPrivilegeViolations,
  readPackagedTemplate,
  resolve,
  singleResourceOfType,
  resourcesOfType,
  sqsQueueUrl,
  withParameters,
} from '@twinflow/testing/cloudformation';
import { describeServiceAlarms, describeServiceFunction, describeServiceTargets, describeStageSeparation, readTwinSettings } from '@twinflow/testing/serviceSuites';

const serviceDir = path.resolve(__dirname, '../..');
const { twinName: twin } = readTwinSettings();
const template = readPackagedTemplate(serviceDir);

const dispatcher = `${twin}-dispatcher`;
const wrapper = `${twin}-processor-wrapper`;
const failureQueueArn = arn.sqsQueue(`${twin}-failures`);
const ruleName = `${twin.replace(/-/g, '_')}_telemetry`;

describeServiceFunction(serviceDir, {
  functionName: dispatcher,
  timeoutSeconds: 30,
  environment: { WRAPPER_FUNCTION: wrapper },
});

describe('IoT rule', () => {
  const [ruleId, rule] = singleResourceOfType(template, 'AWS::IoT::TopicRule');
  const errorAction = (rule.Properties?.['TopicRulePayload'] as { ErrorAction: { Sqs: { RoleArn: { 'Fn::GetAtt': [string, string] } } } })
    .ErrorAction;
  const [errorRoleId] = errorAction.Sqs.RoleArn['Fn::GetAtt'];
  const errorRole = template.Resources[errorRoleId];

  it("selects the twin's telemetry topic and adds the device id from the topic", () => {
    expect(resolve(template, rule.Properties)).toMatchObject({
      RuleName: ruleName,
      TopicRulePayload: {
        Sql: `SELECT *, topic(3) AS device_id FROM 'dt/${twin}/+/telemetry'`,
        AwsIotSqlVersion: '2016-03-23',
        RuleDisabled: false,
      },
    });
  });

  it('delivers to the dispatcher only', () => {
    const payload = resolve(template, rule.Properties?.['TopicRulePayload']) as { Actions: unknown[] };
    expect(payload.Actions).toEqual([{ Lambda: { FunctionArn: arn.lambdaFunction(dispatcher) } }]);
  });

  it('keeps readings it cannot deliver in the failure queue, through a role of its own', () => {
    const payload = resolve(template, rule.Properties?.['TopicRulePayload']) as { ErrorAction: unknown };
    expect(payload.ErrorAction).toEqual({
      Sqs: { QueueUrl: sqsQueueUrl(`${twin}-failures`), RoleArn: arn.iamRole(errorRoleId), UseBase64: false },
    });
    expect(errorRole?.Type).toBe('AWS::IAM::Role');
    expect(resolve(template, errorRole?.Properties?.['AssumeRolePolicyDocument'])).toMatchObject({
      Statement: [{ Effect: 'Allow', Principal: { Service: 'iot.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(grantsOf(template, errorRoleId)).toEqual([`sqs:SendMessage ${failureQueueArn}`]);
  });

  it('is in the default template; --param iotRule=false (an emulator without AWS IoT) leaves out the rule, its role and its permission', () => {
    const iot = (t: typeof template): string[] =>
      ['AWS::IoT::TopicRule', 'AWS::Lambda::Permission', 'AWS::IAM::Role'].flatMap((type) => resourcesOfType(t, type).map(([id]) => id)).sort();
    expect(template.Parameters?.['IotRule']).toMatchObject({ Default: 'true', AllowedValues: ['true', 'false'] });
    expect(iot(template)).toEqual([errorRoleId, 'DispatcherIotInvokePermission', 'IamRoleLambdaExecution', ruleId].sort());
    expect(iot(withParameters(template, { IotRule: 'false' }))).toEqual(['IamRoleLambdaExecution']);
  });

  it('may invoke the dispatcher, and only this rule may', () => {
    const [, permission] = singleResourceOfType(template, 'AWS::Lambda::Permission');
    expect(resolve(template, permission.Properties)).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: arn.lambdaFunction(dispatcher),
      Principal: 'iot.amazonaws.com',
      SourceAccount: expect.any(String),
      SourceArn: arn.iotRule(ruleName),
    });
    expect(permission.Properties?.['SourceArn']).toEqual({ 'Fn::GetAtt': [ruleId, 'Arn'] });
  });
});

describe('IAM', () => {
  it('lets the dispatcher invoke the wrapper and write to the failure queue, nothing else', () => {
    const grants = grantsOf(template, 'IamRoleLambdaExecution').filter((grant) => !grant.startsWith('logs:'));
    expect(grants).toEqual([`lambda:InvokeFunction ${arn.lambdaFunction(wrapper)}`, `sqs:SendMessage ${failureQueueArn}`]);
  });

  it('grants no wildcard action and no resource beyond those and its own log group', () => {
    const allowed = [arn.lambdaFunction(wrapper), failureQueueArn, ...arn.functionLogGroup(dispatcher)];
    expect(leastPrivilegeViolations(template, allowed)).toEqual([]);
  });
});

describe('resources', () => {
  it('creates neither the hot table nor the failure queue (the persister service owns them)', () => {
    const types = Object.values(template.Resources).map((resource) => resource.Type);
    expect(types).not.toContain('AWS::DynamoDB::Table');
    expect(types).not.toContain('AWS::SQS::Queue');
  });
});

describeServiceAlarms(serviceDir, dispatcher);
describeStageSeparation(serviceDir, dispatcher);
describeServiceTargets(serviceDir);
